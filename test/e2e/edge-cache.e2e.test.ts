// Crate facts through the edge's shared cache, in Debian's chromium: the built site served by the
// edge function under workerd (so the page's default edge is its own origin), the edge's upstreams
// one fake registry, the page's direct path (`?index=`/`?dl=`) another. A workspace imported into a
// fresh browser (empty IndexedDB) must give its golden Cargo.nix byte for byte on every path: via a
// cold edge (which has nothing stored: the worker reads every crate directly at once while the edge
// reads them into its store in the background, some failing there), via the warm edge (only the
// crates it could not read go direct), and with "fetch directly from crates.io" ticked (the edge not
// asked at all). The edge's background reads are observed as a later visitor sees them: by asking.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { zipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseLockfile } from '../../worker/parse/lockfile.ts';
import { launchBrowser } from '../support/browser.ts';
import { DESKTOP, download, runsOf, waitForResult } from '../support/e2e.ts';
import { startEdge, type EdgeServer } from '../support/edge.ts';
import { startFakeRegistry, type FakeRegistry } from '../support/fake-registry.ts';
import { FIXTURES } from '../support/golden.ts';
import { buildSite } from '../support/site.ts';
import { serveStatic } from '../support/static-server.ts';

const CASE = join(FIXTURES, 'crates-io', 'cases', 'bigger-project');
/** A second workspace with crates the first does not lock. */
const OTHER_CASE = join(FIXTURES, 'crates-io', 'cases', 'cross-compiling');
const GOLDEN = readFileSync(join(CASE, 'expected', 'Cargo.nix'), 'utf8');
const REGISTRY = join(FIXTURES, 'crates-io', 'registry');
const CRATES = parseLockfile(readFileSync(join(CASE, 'Cargo.lock'), 'utf8')).packages.filter((p) => p.id.source.kind === 'registry');
/** Crates whose `.crate` the edge's upstream refuses: the edge answers them with per-crate errors. */
const BROKEN = [CRATES[3]!, CRATES[40]!, CRATES[90]!].map((p) => p.id);
const cratePath = (id: { name: string; version: string }) => `/crates/${id.name}/${id.name}-${id.version}.crate`;

let browser: Browser;
let upstream: FakeRegistry;
let direct: FakeRegistry;
let edge: EdgeServer;
const pageErrors: string[] = [];

beforeAll(async () => {
  let site: string;
  [site, browser, upstream, direct] = await Promise.all([buildSite(), launchBrowser(), startFakeRegistry([REGISTRY]), startFakeRegistry([REGISTRY])]);
  for (const id of BROKEN) upstream.setFault(cratePath(id), { kind: 'status', status: 503 });
  // The test asks the edge again and again while it fills its store: no rate limit in the way.
  edge = await startEdge({
    assetsDir: site,
    vars: { CRATES_INDEX_URL: upstream.indexBase, CRATES_DL_URL: upstream.downloadBase, RATE_LIMIT_REQUESTS: '1000000' },
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await edge?.close();
  await upstream?.close();
  await direct?.close();
});

interface Visit {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Bodies of the POSTs to /api/crates the page (or its worker) sent. */
  readonly edgePosts: string[];
}

/** A fresh browser profile (empty IndexedDB) on the edge-served page, its direct path the `direct` registry. */
async function visit(): Promise<Visit> {
  const context = await browser.newContext({ ...DESKTOP, acceptDownloads: true });
  context.on('weberror', (e) => pageErrors.push(`${e.page()?.url() ?? '(no page)'}: ${e.error().message}`));
  const edgePosts: string[] = [];
  context.on('request', (r) => {
    if (r.url().endsWith('/api/crates') && r.method() === 'POST') edgePosts.push(r.postData() ?? '');
  });
  const page = await context.newPage();
  const q = new URLSearchParams({ index: direct.indexBase, dl: direct.downloadBase });
  await page.goto(`${edge.url}/?${q}`);
  await page.locator('[aria-label="Inputs"] .cm-editor').waitFor();
  // The first visit's example renders from its bundled snapshot: wait for it, so its result cannot pass for the import's.
  await waitForResult(page);
  return { page, context, edgePosts };
}

/** Import a case (its files but `expected/`) as a zip; the status line of the run it starts. */
async function importCase(page: Page, dir = CASE): Promise<string> {
  const before = await runsOf(page);
  const name = basename(dir);
  const files = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile());
  const zip = zipSync(Object.fromEntries(files.map((d) => [`${name}/${d.name}`, readFileSync(join(dir, d.name))])));
  await page.locator('input[type=file][accept]').setInputFiles({ name: `${name}.zip`, mimeType: 'application/zip', buffer: Buffer.from(zip) });
  return waitForResult(page, before);
}

const keyOf = (id: { name: string; version: string }) => `${id.name}@${id.version}`;

/** Asks the edge for `crates` until it answers every one from its store (no timer: each ask waits for the last answer). */
async function storedByEdge(crates: readonly string[]): Promise<void> {
  for (let asks = 1; ; asks++) {
    let stored = true;
    // The edge takes at most 100 crates per request.
    for (let i = 0; i < crates.length; i += 100) {
      const response = await fetch(`${edge.url}/api/crates`, { method: 'POST', body: JSON.stringify({ crates: crates.slice(i, i + 100) }) });
      if (!response.ok) throw new Error(`the edge answered ${response.status}: ${await response.text()}`);
      const answers = ((await response.json()) as { crates: { entry?: unknown }[] }).crates;
      stored &&= answers.every((a) => a.entry !== undefined);
    }
    if (stored) return;
    if (asks === 10_000) throw new Error('the edge still has not stored them after 10,000 asks');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const crateRequests = (registry: FakeRegistry) =>
  [...registry.requests.entries()]
    .filter(([path]) => path.endsWith('.crate'))
    .map(([path]) => path)
    .sort();

// The first visitor used to wait while the edge read every crate itself (~3x the direct path); now it
// reads directly what the edge does not have, at once, and the edge fills its store behind it.
it('via a cold edge: every crate read directly at once, Cargo.nix is the golden one, and the edge stores them for the next visitor', async () => {
  const { page, context, edgePosts } = await visit();
  upstream.resetCounters();
  direct.resetCounters();
  const status = await importCase(page);
  expect(status).not.toMatch(/Error/);
  expect(status).toMatch(/\d+ crates, 1 member/);
  // The status bar says which way the metadata came: the edge had none of them yet.
  expect(status).toContain(`, ${CRATES.length} read directly)`);
  expect(status).toMatch(/\(via the edge: \d+ requests, \d+ KB, /);
  expect((await download(page))['Cargo.nix'] === GOLDEN).toBe(true);
  expect(crateRequests(direct)).toEqual(CRATES.map((p) => cratePath(p.id)).sort());

  // The edge was asked for every crate, in a few requests, with names and versions only.
  const asked = edgePosts.flatMap((b) => (JSON.parse(b) as { crates: string[] }).crates);
  expect(new Set(asked)).toEqual(new Set(CRATES.map((p) => keyOf(p.id))));
  expect(edgePosts.length).toBeLessThan(10);
  // The edge read each crate once (behind the first answers, and after the page's follow-ups), and
  // tried each crate its upstream refuses; those it could not store.
  const broken = new Set(BROKEN.map(keyOf));
  await storedByEdge(CRATES.map((p) => keyOf(p.id)).filter((k) => !broken.has(k)));
  for (const id of BROKEN) await upstream.arrived(1, cratePath(id));
  for (const p of CRATES) expect(upstream.requests.get(cratePath(p.id)), keyOf(p.id)).toBe(1);
  await context.close();
});

it('via the warm edge: a new visitor’s crates come from the edge’s store, Cargo.nix is the golden one', async () => {
  const { page, context, edgePosts } = await visit();
  upstream.resetCounters();
  direct.resetCounters();
  const status = await importCase(page);
  expect(status).toMatch(/\d+ crates, 1 member/);
  expect(status).toMatch(/\(via the edge: \d+ requests, \d+ KB, 3 read directly\)/);
  expect((await download(page))['Cargo.nix'] === GOLDEN).toBe(true);
  expect(edgePosts.length).toBeGreaterThan(0);
  // Only the crates the edge could not store went direct, and the edge tried them again behind its answer.
  expect(crateRequests(direct)).toEqual(BROKEN.map(cratePath).sort());
  for (const id of BROKEN) await upstream.arrived(1, cratePath(id));
  expect(crateRequests(upstream)).toEqual(BROKEN.map(cratePath).sort());
  await context.close();
});

it('with “fetch directly from crates.io” ticked the edge is not asked, and Cargo.nix is the golden one', async () => {
  const { page, context, edgePosts } = await visit();
  await page.locator('#options-button').click();
  await page.getByText('Crate metadata sources').click();
  const runs = await runsOf(page);
  await page.getByLabel('fetch directly from crates.io').check();
  // The change re-runs the example; let that run finish before the import.
  await waitForResult(page, runs);
  await expect.poll(() => page.locator('#edge-note').textContent()).toMatch(/crate names and versions, nothing\s+else/);
  upstream.resetCounters();
  direct.resetCounters();
  expect(await importCase(page)).toMatch(/\d+ crates, 1 member .*\(from the registry: \d+ requests, \d+ KB\)/);
  expect((await download(page))['Cargo.nix'] === GOLDEN).toBe(true);
  expect(edgePosts).toEqual([]);
  expect(upstream.requestCount()).toBe(0);
  expect(crateRequests(direct)).toHaveLength(CRATES.length);
  await context.close();
});

// A static host (no edge function) answers the page's POST with its index.html: that cost a request per
// run; now the first such answer turns the edge off for the session.
it('served by a static host without the edge: the first run’s asks fail, and the rest of the session reads crates.io without asking', async () => {
  const site = await buildSite();
  const host = await serveStatic(site);
  const context = await browser.newContext({ ...DESKTOP, acceptDownloads: true });
  context.on('weberror', (e) => pageErrors.push(`${e.page()?.url() ?? '(no page)'}: ${e.error().message}`));
  const posts: string[] = [];
  context.on('request', (r) => {
    if (r.url().endsWith('/api/crates') && r.method() === 'POST') posts.push(r.url());
  });
  try {
    const page = await context.newPage();
    await page.goto(`${host.url}/?${new URLSearchParams({ index: direct.indexBase, dl: direct.downloadBase })}`);
    await page.locator('[aria-label="Inputs"] .cm-editor').waitFor();
    await waitForResult(page);
    expect(await importCase(page)).toMatch(/\d+ crates, 1 member/);
    expect((await download(page))['Cargo.nix'] === GOLDEN).toBe(true);
    // Its batches went out together; each got the host's HTML page.
    const firstRun = posts.length;
    expect(firstRun).toBeGreaterThan(0);
    expect(posts.every((u) => u === `${host.url}/api/crates`)).toBe(true);
    // Another workspace, with crates the first did not have: read directly, and the edge not asked.
    expect(await importCase(page, OTHER_CASE)).toMatch(/\d+ crates/);
    expect((await download(page))['Cargo.nix'] === readFileSync(join(OTHER_CASE, 'expected', 'Cargo.nix'), 'utf8')).toBe(true);
    expect(posts).toHaveLength(firstRun);
  } finally {
    await context.close();
    await host.close();
  }
});

it('left no uncaught errors in the pages', () => {
  expect(pageErrors).toEqual([]);
});
