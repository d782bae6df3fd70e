// Share links in the browser for `npm run bench` (--no-share-site skips): in Debian's chromium on the
// built site served by the real edge function, the time from opening a link to its Cargo.nix on
// screen (fragment links with their metadata snapshot for a small and a big example, and a short
// link), and the largest state a fragment link carries in Chromium (a binary search on the size of
// an incompressible file, so the payload is about as long as the text).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startEdge, type EdgeServer } from '../support/edge.ts';
import { buildSite } from '../support/site.ts';
import type { MetadataSnapshot } from '../../worker/metadata/memory-source.ts';
import { DEFAULT_USER_OPTIONS } from '../../worker/options/user-options.ts';
import { encodeShare } from '../../worker/share/index.ts';
import { median } from './stats.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const VISITS = 5;

export interface LinkOpenFigure {
  readonly name: string;
  readonly kind: 'fragment' | 'short';
  readonly linkChars: number;
  /** Median over fresh visits: navigation start to the first Cargo.nix on screen (the page's `first-output` mark), ms. */
  readonly toOutputMs: number;
  readonly samples: readonly number[];
}

export interface ShareSiteFigures {
  readonly opens: readonly LinkOpenFigure[];
  /** Longest fragment link (characters) that opened; the shortest tried that did not, if any. */
  readonly largestFragment: { readonly openedChars: number; readonly failedChars: number | undefined; readonly openedFileBytes: number };
}

function examplePayload(id: string): string {
  const ex = JSON.parse(readFileSync(join(ROOT, 'public', 'examples', `${id}.json`), 'utf8')) as {
    files: Record<string, string>;
    snapshot: MetadataSnapshot;
  };
  return encodeShare({
    files: Object.entries(ex.files).map(([path, text]) => ({ path, text })),
    options: DEFAULT_USER_OPTIONS,
    snapshot: ex.snapshot,
  });
}

async function timeToOutput(browser: Browser, url: string): Promise<number> {
  // The harness evaluates strings in the page (tsx's keepNames would break functions), which the site's CSP refuses.
  const context = await browser.newContext({ bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction("performance.getEntriesByName('first-output').length > 0", undefined, { timeout: 120_000 });
    return await page.evaluate<number>("performance.getEntriesByName('first-output')[0].startTime");
  } finally {
    await context.close();
  }
}

/** Whether a fragment link of about `chars` characters opens as a shared snapshot. */
async function opens(browser: Browser, edge: EdgeServer, chars: number): Promise<{ ok: boolean; linkChars: number }> {
  // base64 text deflates to about 3/4, and base64url grows it back by 4/3: the payload is about as long as the file.
  const text = `# ${randomBytes(Math.ceil((chars * 3) / 4)).toString('base64')}\n`;
  const link = `${edge.url}/#s=${encodeShare({ files: [{ path: 'Cargo.toml', text }], options: DEFAULT_USER_OPTIONS })}`;
  // The harness evaluates strings in the page (tsx's keepNames would break functions), which the site's CSP refuses.
  const context = await browser.newContext({ bypassCSP: true });
  try {
    const page = await context.newPage();
    try {
      await page.goto(link);
    } catch {
      return { ok: false, linkChars: link.length };
    }
    if (page.url() !== link) return { ok: false, linkChars: link.length };
    const outcome = await page.waitForFunction(
      `document.querySelector('.shared-notice') ? 'shared' : document.querySelector('footer.status .notice') ? 'refused' : false`,
      undefined,
      { timeout: 120_000 },
    );
    return { ok: (await outcome.jsonValue()) === 'shared', linkChars: link.length };
  } finally {
    await context.close();
  }
}

export async function shareSiteFigures(progress: (s: string) => void): Promise<ShareSiteFigures> {
  const site = await buildSite();
  const [browser, edge] = await Promise.all([launchBrowser(), startEdge({ assetsDir: site, quiet: true })]);
  try {
    const opens_: LinkOpenFigure[] = [];
    const stored = examplePayload('workspace');
    const { id } = (await (await fetch(`${edge.url}/api/share`, { method: 'POST', body: stored })).json()) as { id: string };
    const links: [string, 'fragment' | 'short', string][] = [
      ['hello-world', 'fragment', `${edge.url}/#s=${examplePayload('hello-world')}`],
      ['workspace', 'fragment', `${edge.url}/#s=${stored}`],
      ['bigger-project', 'fragment', `${edge.url}/#s=${examplePayload('bigger-project')}`],
      ['workspace', 'short', `${edge.url}/s/${id}`],
    ];
    for (const [name, kind, url] of links) {
      progress(`share-site: opening the ${name} ${kind} link`);
      await timeToOutput(browser, url); // untimed: the first visit also warms the edge's and the disk's caches
      const samples: number[] = [];
      for (let i = 0; i < VISITS; i++) samples.push(await timeToOutput(browser, url));
      opens_.push({ name, kind, linkChars: url.length, toOutputMs: median(samples), samples });
    }

    progress('share-site: the largest fragment link chromium opens');
    let lo = 64 * 1024; // known to open
    let hi = 8 * 1024 * 1024; // past Chromium's 2 MiB URL limit
    let opened = await opens(browser, edge, lo);
    if (!opened.ok) throw new Error(`a ${lo}-character fragment link did not open`);
    let failed: number | undefined;
    while (hi - lo > 16 * 1024) {
      const mid = Math.floor((lo + hi) / 2);
      const r = await opens(browser, edge, mid);
      if (r.ok) {
        lo = mid;
        opened = r;
      } else {
        hi = mid;
        failed = r.linkChars;
      }
    }
    return { opens: opens_, largestFragment: { openedChars: opened.linkChars, failedChars: failed, openedFileBytes: lo + 3 } };
  } finally {
    await browser.close();
    await edge.close();
  }
}

export function shareSiteReport(f: ShareSiteFigures): string[] {
  return [
    `Share links in chromium (built site behind the edge; navigation start to Cargo.nix on screen, median of ${VISITS} fresh visits after one untimed):`,
    ...f.opens.map((o) => `  ${o.name} ${o.kind} link (${o.linkChars.toLocaleString('en')} chars): ${o.toOutputMs.toFixed(0)} ms`),
    `  largest fragment link that opened: ${f.largestFragment.openedChars.toLocaleString('en')} chars` +
      (f.largestFragment.failedChars === undefined ? '' : `; ${f.largestFragment.failedChars.toLocaleString('en')} did not`) +
      ` (an incompressible file of ~${(f.largestFragment.openedFileBytes / 1e6).toFixed(2)} MB; compressible manifests and locks carry several times more)`,
  ];
}
