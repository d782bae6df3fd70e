// Site figures for `npm run bench`: what the production build ships (every
// chunk raw and gzip, and the initial JS a first visit must load before the
// shell turns into the app) and, in Debian's chromium, how soon the page
// paints, the worker answers and the first Cargo.nix appears.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../support/browser.ts';
import { buildSite } from '../support/site.ts';
import { serveStatic } from '../support/static-server.ts';
import { median } from './stats.ts';

export interface ChunkSize {
  readonly file: string;
  readonly bytes: number;
  readonly gzip: number;
  readonly initial: boolean;
}

export interface SiteFigures {
  readonly chunks: readonly ChunkSize[];
  readonly initialJsGzip: number;
  readonly initialCssGzip: number;
  /** Medians over fresh visits, milliseconds from navigation start. */
  readonly visits: number;
  readonly firstContentfulPaint: number;
  readonly workerReady: number;
  /** From creating the worker to its first answer. */
  readonly workerStart: number;
  /** Hello-world example (bundled metadata): navigation start to Cargo.nix on screen. */
  readonly firstOutput: number;
}

/** Files index.html loads up front: the entry script, modulepreloads and stylesheets. */
function initialAssets(html: string): Set<string> {
  const out = new Set<string>();
  for (const m of html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)) out.add(m[1]!);
  return out;
}

export async function siteFigures(visits = 5): Promise<SiteFigures> {
  const outDir = await buildSite();
  const initial = initialAssets(readFileSync(join(outDir, 'index.html'), 'utf8'));
  const chunks: ChunkSize[] = readdirSync(join(outDir, 'assets'))
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => {
      const body = readFileSync(join(outDir, 'assets', f));
      return { file: f, bytes: body.length, gzip: gzipSync(body).length, initial: initial.has(`assets/${f}`) };
    })
    .sort((a, b) => b.gzip - a.gzip);
  const sum = (pick: (c: ChunkSize) => boolean) => chunks.filter(pick).reduce((n, c) => n + c.gzip, 0);

  const server = await serveStatic(outDir);
  const browser = await launchBrowser();
  const samples: { fcp: number; ready: number; start: number; output: number }[] = [];
  try {
    for (let i = 0; i < visits; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/?example=hello-world`);
      await page.waitForFunction("performance.getEntriesByName('first-output').length > 0", undefined, { timeout: 60_000 });
      // A string, not a function: tsx's keepNames would wrap a function in helpers the page lacks.
      samples.push(
        await page.evaluate<{ fcp: number; ready: number; start: number; output: number }>(`(() => {
          const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
          return {
            fcp: at('first-contentful-paint'),
            ready: at('generator-worker-ready'),
            start: at('generator-worker-ready') - at('generator-worker-start'),
            output: at('first-output'),
          };
        })()`),
      );
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return {
    chunks,
    initialJsGzip: sum((c) => c.initial && c.file.endsWith('.js')),
    initialCssGzip: sum((c) => c.initial && c.file.endsWith('.css')),
    visits,
    firstContentfulPaint: median(samples.map((s) => s.fcp)),
    workerReady: median(samples.map((s) => s.ready)),
    workerStart: median(samples.map((s) => s.start)),
    firstOutput: median(samples.map((s) => s.output)),
  };
}
