// The Insight views in Debian's chromium on the built site, cargo2nix's own 388-package workspace
// (imported as a .zip, metadata from the fake registry on loopback): from the user's action (the
// Enter that asks a why, the change of the compared platform) to the first task after the frame
// that shows the answer, measured in the page for each action on its own. Everything between
// lands inside: the page's state and route, the message to the worker, the worker's answer, its
// structured clone back, Svelte's update, style, layout and paint. Run through `npm run bench`
// (skip with --no-insight-site) or alone: `tsx test/bench/insight-site.ts [--runs N]`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startFakeRegistry } from '../support/fake-registry.ts';
import { FIXTURES } from '../support/golden.ts';
import { buildSite } from '../support/site.ts';
import { serveStatic } from '../support/static-server.ts';
import { summarise, type Stats } from './stats.ts';

const argRuns = process.argv.indexOf('--runs');
const RUNS = argRuns > 0 ? Number(process.argv[argRuns + 1]) : 20;
/** Only the Why view's interactions (while working on it: the platform switches take as long again). */
const WHY_ONLY = process.argv.includes('--why-only');

export interface InsightSiteFigures {
  readonly crates: number;
  /** Action to the answer on screen, in ms, per interaction. */
  readonly interactions: readonly { readonly what: string; readonly ms: Stats }[];
}

/**
 * Arms the page: the next event of `type` starts the clock; the first DOM change after which
 * `done` (a JS expression over `document`) holds stops it at the first task after the next frame.
 * A string, not a function: tsx's keepNames would wrap a function in helpers the page lacks.
 */
async function arm(page: Page, type: string, done: string): Promise<void> {
  await page.evaluate(`(() => {
    const w = window;
    w.__insightBench = new Promise((resolve) => {
      let start;
      const onEvent = (e) => { if (start === undefined) start = e.timeStamp; };
      document.addEventListener(${JSON.stringify(type)}, onEvent, { capture: true });
      const observer = new MutationObserver(() => {
        if (start === undefined || !(${done})) return;
        observer.disconnect();
        document.removeEventListener(${JSON.stringify(type)}, onEvent, { capture: true });
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  })()`);
}

const measured = (page: Page) => page.evaluate<number>('window.__insightBench');

async function waitForRuns(page: Page, after: number): Promise<string> {
  await page.waitForFunction(
    `(() => { const s = document.querySelector('footer.status'); return s && (s.dataset.state === 'done' || s.dataset.state === 'error') && Number(s.dataset.runs) > ${after}; })()`,
    undefined,
    { timeout: 120_000 },
  );
  return page.locator('footer.status').innerText();
}

const text = (testId: string) => `(document.querySelector('[data-testid="${testId}"]')?.textContent ?? '')`;

export async function insightSiteFigures(runs = RUNS, progress: (s: string) => void = () => {}, whyOnly = false): Promise<InsightSiteFigures> {
  const [outDir, browser, registry] = await Promise.all([
    buildSite(),
    launchBrowser(),
    startFakeRegistry([join(FIXTURES, 'crates-io', 'registry'), join(FIXTURES, 'debian', 'registry')]),
  ]);
  const site = await serveStatic(outDir);
  const samples = new Map<string, number[]>();
  const add = (what: string, ms: number) => samples.set(what, [...(samples.get(what) ?? []), ms]);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${site.url}/?${new URLSearchParams({ index: registry.indexBase, dl: registry.downloadBase })}`);
    const before = Number(await page.locator('footer.status').getAttribute('data-runs')) || 0;
    await waitForRuns(page, before - 1);
    const runs0 = Number(await page.locator('footer.status').getAttribute('data-runs'));
    const dir = join(FIXTURES, 'crates-io', 'cases', 'cargo2nix-self');
    const zip = zipSync({
      'cargo2nix/Cargo.toml': readFileSync(join(dir, 'Cargo.toml')),
      'cargo2nix/Cargo.lock': readFileSync(join(dir, 'Cargo.lock')),
      'cargo2nix/src/main.rs': readFileSync(join(dir, 'src', 'main.rs')),
    });
    await page.locator('input[type=file][accept]').setInputFiles({ name: 'cargo2nix.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    const status = await waitForRuns(page, runs0);
    const crates = Number(/^(\d+) crates/.exec(status)?.[1] ?? NaN);
    if (crates !== 388) throw new Error(`insight site bench: expected cargo2nix-self's 388 crates, got "${status}"`);
    progress('insight site: cargo2nix-self loaded');
    await page.getByRole('button', { name: 'Insight', exact: true }).click();

    // Why: two crates in turn, so each Enter asks for a new answer; the first of each is after the run.
    const crateInput = page.getByLabel('Crate', { exact: true });
    const whys = ['unicode-ident', 'openssl-sys'];
    for (let i = -2; i < runs * 2; i++) {
      const spec = whys[(i + 2) % 2]!;
      await crateInput.fill(spec);
      await arm(page, 'keydown', `${text('why-title')}.startsWith(${JSON.stringify(spec)}) && /chains? leads? here/.test(${text('why-count')})`);
      await crateInput.press('Enter');
      const ms = await measured(page);
      if (i >= 0) add(`why (Enter to the chains on screen), ${spec}`, ms);
    }

    // "Show more" on unicode-ident's thousands of chains: the click to the longer list on screen.
    // Each sample starts from the first answer again (another crate, then unicode-ident asked anew), so
    // each adds the same chains.
    const chains = `document.querySelectorAll('[data-testid="why-chain"]').length`;
    for (let i = -2; i < runs; i++) {
      for (const spec of [...whys].reverse()) {
        await crateInput.fill(spec);
        await crateInput.press('Enter');
        await page.waitForFunction(`${text('why-title')}.startsWith(${JSON.stringify(spec)}) && /chains? leads? here/.test(${text('why-count')})`);
      }
      const more = page.getByRole('button', { name: /^Show \d+ more$/ });
      const shown = await page.evaluate<number>(chains);
      await arm(page, 'click', `${chains} > ${shown}`);
      await more.click();
      const ms = await measured(page);
      if (i >= 0) add('why, "Show more" (click to the added chains on screen), unicode-ident', ms);
    }
    if (whyOnly) {
      await context.close();
      return { crates: 388, interactions: [...samples].map(([what, ms]) => ({ what, ms: summarise(ms) })) };
    }

    // Platforms: the compared platform switched back and forth; the diff on screen names it.
    await page.getByRole('tab', { name: 'Platforms' }).click();
    await page.waitForFunction(`/crates build on/.test(${text('plan-count')})`);
    const others = ['aarch64-darwin', 'x86_64-windows-gnu'];
    for (let i = -2; i < runs * 2; i++) {
      const other = others[(i + 2) % 2]!;
      await arm(page, 'change', `${text('plan-diff')}.includes(${JSON.stringify(`Only on ${other}`)})`);
      await page.getByLabel('compared with').selectOption(other);
      const ms = await measured(page);
      if (i >= 0) add('switch the compared platform (change to the diff on screen)', ms);
    }
    // The main platform, which replans the crate list (336 or so rows).
    const mains = ['aarch64-linux', 'x86_64-linux'];
    for (let i = -2; i < runs * 2; i++) {
      const main = mains[(i + 2) % 2]!;
      await arm(page, 'change', `${text('plan-count')}.includes(${JSON.stringify(`build on ${main}`)})`);
      await page.getByLabel('Platform', { exact: true }).selectOption(main);
      const ms = await measured(page);
      if (i >= 0) add('switch platform (change to the plan on screen)', ms);
    }
    await context.close();
  } finally {
    await browser.close();
    await site.close();
    await registry.close();
  }
  return { crates: 388, interactions: [...samples].map(([what, ms]) => ({ what, ms: summarise(ms) })) };
}

const f1 = (x: number) => x.toFixed(1);

export function insightSiteReport(f: InsightSiteFigures, goalMs = 100): string[] {
  return [
    `Insight in chromium, cargo2nix-self (${f.crates} crates): action to the answer painted (samples, median / p95 / max ms; goal < ${goalMs} ms)`,
    ...f.interactions.map(
      (i) =>
        `    ${i.what.padEnd(62)} ${String(i.ms.runs).padStart(4)} ${f1(i.ms.median).padStart(7)} ${f1(i.ms.p95).padStart(7)} ${f1(i.ms.max).padStart(7)}${i.ms.max >= goalMs ? `  max ≥ ${goalMs} ms` : ''}`,
    ),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await insightSiteFigures(RUNS, (s) => process.stderr.write(`${s}\n`), WHY_ONLY);
  for (const line of insightSiteReport(f)) console.log(line);
}
