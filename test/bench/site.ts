// Site figures for `npm run bench`: what the production build ships (every
// chunk raw and gzip, and the initial JS a first visit must load before the
// shell turns into the app) and, in Debian's chromium, how soon the page
// paints, the worker answers and the first Cargo.nix appears, and how long a
// keystroke takes to reach the screen while a 2 MB Cargo.lock is open.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { unreachableOrigin } from '../support/fake-registry.ts';
import { buildSite } from '../support/site.ts';
import { serveStatic } from '../support/static-server.ts';
import { median, summarise, type Stats } from './stats.ts';
import { syntheticWorkspace } from './synthetic.ts';

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
  /** Hello-world example (bundled metadata): navigation start to Cargo.nix on screen (goal < 500 ms). */
  readonly firstOutput: number;
  /** Keystrokes typed at the end of a synthetic Cargo.lock: keydown to the frame after it, in ms. */
  readonly keystroke: Stats & { readonly lockChars: number };
}

/** Packages in the synthetic lock for the typing figure: about 2 MB of Cargo.lock. */
const TYPING_LOCK_PACKAGES = 7700;
const KEYSTROKES = 40;

/**
 * Keydown to the first task after the next frame, measured in the page for
 * each keystroke on its own (the next key waits for the previous figure):
 * everything the app does synchronously for a keystroke (editor update,
 * state, persistence) lands inside it.
 */
async function typingLatency(page: Page, siteUrl: string): Promise<Stats & { lockChars: number }> {
  const offline = await unreachableOrigin();
  await page.goto(`${siteUrl}/?${new URLSearchParams({ index: `${offline}/index`, dl: `${offline}/crates` })}`);
  await page.waitForFunction("performance.getEntriesByName('first-output').length > 0", undefined, { timeout: 60_000 });
  const ws = syntheticWorkspace(TYPING_LOCK_PACKAGES);
  const lock = ws.files.get('Cargo.lock')!;
  const paste = async (tab: string, text: string) => {
    await page.getByRole('tab', { name: tab }).click();
    await page.locator('[aria-label="Inputs"] .cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    // A paste event, as a user pasting would send (typing 2 MB through the keyboard would take minutes).
    await page.locator('[aria-label="Inputs"] .cm-content').evaluate((el, t) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', t);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, text);
  };
  await paste('Cargo.toml', ws.files.get('Cargo.toml')!);
  await paste('Cargo.lock', lock);
  await page.waitForFunction(
    `(() => { const s = document.querySelector('footer.status'); return s && (s.dataset.state === 'error' || s.dataset.state === 'done'); })()`,
    undefined,
    { timeout: 120_000 },
  );
  await page.locator('[aria-label="Inputs"] .cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.evaluate(`(() => {
    window.__latencies = [];
    addEventListener('keydown', () => {
      const t0 = performance.now();
      requestAnimationFrame(() => setTimeout(() => window.__latencies.push(performance.now() - t0), 0));
    }, true);
  })()`);
  const keys = '\n# typing into a 2 MB lock'.padEnd(KEYSTROKES, '.').slice(0, KEYSTROKES);
  for (let i = 0; i < keys.length; i++) {
    await page.keyboard.press(keys[i] === '\n' ? 'Enter' : keys[i]!);
    await page.waitForFunction(`window.__latencies.length > ${i}`, undefined, { timeout: 60_000 });
  }
  const samples = await page.evaluate<number[]>('window.__latencies');
  return { ...summarise(samples), lockChars: lock.length };
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
  let keystroke: (Stats & { lockChars: number }) | undefined;
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
    const context = await browser.newContext();
    keystroke = await typingLatency(await context.newPage(), server.url);
    await context.close();
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
    keystroke: keystroke!,
  };
}
