// NetworkSource where it really runs: a module Web Worker in Debian's
// chromium, fetching cross-origin from the fake registry (so CORS matters),
// gunzipping with the browser's own DecompressionStream, cancelling the
// download after Cargo.toml, and caching in the browser's IndexedDB.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CrateFacts } from '../../worker/metadata/source.ts';
import type { NetworkStats } from '../../worker/metadata/net/network-source.ts';
import { launchBrowser } from '../support/browser.ts';
import { startFakeRegistry, type FakeRegistry } from '../support/fake-registry.ts';
import { FIXTURES } from '../support/golden.ts';
import { buildWorkerBundle, type WorkerBundle } from '../support/worker-bundle.ts';
import { serveStatic, type StaticServer } from '../support/static-server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const REGISTRY = join(FIXTURES, 'crates-io', 'registry');
// Two versions of one crate (one index file), a renamed lib, a proc-macro with a 32 MiB tail.
const CRATES: [string, string][] = [
  ['serde_derive', '1.0.189'],
  ['kernel32-sys', '0.2.2'],
  ['cfg-if', '1.0.0'],
  ['cfg-if', '0.1.10'],
  ['winapi-build', '0.1.1'],
];

const ENTRY = `
import { NetworkSource } from ${JSON.stringify(join(ROOT, 'worker/metadata/net/network-source.ts'))};
import { openIndexedDbCache } from ${JSON.stringify(join(ROOT, 'worker/browser/indexeddb-cache.ts'))};
import { packageId } from ${JSON.stringify(join(ROOT, 'worker/core/package-id.ts'))};
import { CRATES_IO } from ${JSON.stringify(join(ROOT, 'worker/core/source-id.ts'))};
const describe = (e) => ({ name: e.name, message: e.message, location: e.location });
self.onmessage = async ({ data: { indexBase, downloadBase, crates } }) => {
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const cache = await openIndexedDbCache();
    const source = new NetworkSource({ indexBase, downloadBase, cache });
    const facts = await Promise.all(crates.map(([n, v]) => source.registryCrate(packageId(n, v, CRATES_IO)).then((r) => r.facts)));
    runs.push({ cache: cache.kind, stats: source.stats, facts });
  }
  const source = new NetworkSource({ indexBase, downloadBase, retries: 0 });
  const unknown = await source.registryCrate(packageId('no-such-crate', '1.0.0', CRATES_IO)).catch(describe);
  self.postMessage({ runs, unknown });
};
`;

interface Result {
  readonly runs: { cache: string; stats: NetworkStats; facts: CrateFacts[] }[];
  readonly unknown: { name: string; message: string; location: { crate?: string } };
}

let bundle: WorkerBundle | undefined;
let site: StaticServer;
let browser: Browser;
let registry: FakeRegistry;

beforeAll(async () => {
  bundle = await buildWorkerBundle(ENTRY, 'network source');
  [site, browser, registry] = await Promise.all([
    serveStatic(bundle.out),
    launchBrowser(),
    startFakeRegistry([REGISTRY], { paddingBytes: (name) => (name === 'serde_derive' ? 32 << 20 : 64 << 10) }),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await registry?.close();
  bundle?.remove();
});

it('fetches cross-origin from a worker, stops each download after Cargo.toml, and serves the second run from IndexedDB', async () => {
  const page = await browser.newPage();
  await page.goto(`${site.url}/`);
  const result = await page.evaluate(
    (data) =>
      new Promise<unknown>((resolve, reject) => {
        const worker = new Worker('/worker.js', { type: 'module' });
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
        worker.postMessage(data);
      }),
    { indexBase: registry.indexBase, downloadBase: registry.downloadBase, crates: CRATES },
  );
  await page.close();
  const { runs, unknown } = result as Result;

  const facts = JSON.parse(readFileSync(join(REGISTRY, 'crate-facts.json'), 'utf8')) as Record<string, CrateFacts>;
  const expected = CRATES.map(([n, v]) => facts[`${n}@${v}`]);
  expect(runs[0]!.facts).toEqual(expected);
  expect(runs[1]!.facts).toEqual(expected);

  expect(runs[0]!.cache).toBe('indexeddb');
  expect(runs[0]!.stats).toMatchObject({ cacheHits: 0, fetched: 5, requests: 9, retries: 0 });
  expect(runs[1]!.stats).toEqual({ cacheHits: 5, fetched: 0, requests: 0, retries: 0, crateBytes: 0 });
  // Nine for the two runs (four index files, five .crate), then the unknown crate's index file and,
  // unless the index 404 cancelled it before it left the browser, its .crate (a race by design).
  expect(registry.requestCount()).toBeGreaterThanOrEqual(9 + 1);
  expect(registry.requestCount()).toBeLessThanOrEqual(9 + 2);

  // The server saw the connection close before the end of the 32 MiB body: the worker cancelled the
  // download. How many bytes were pushed or read by then is up to socket buffers and how chromium
  // sizes its chunks under load, so no byte count is asserted beyond what must hold either way.
  const delivery = await registry.delivered('/crates/serde_derive/serde_derive-1.0.189.crate');
  expect(delivery.aborted).toBe(true);
  expect(delivery.sent).toBeLessThan(delivery.size);
  const deliveries = await Promise.all(CRATES.map(([n, v]) => registry.delivered(`/crates/${n}/${n}-${v}.crate`)));
  const sent = deliveries.reduce((sum, d) => sum + d.sent, 0);
  expect(runs[0]!.stats.crateBytes).toBeGreaterThan(0);
  expect(runs[0]!.stats.crateBytes).toBeLessThanOrEqual(sent);

  expect(unknown).toMatchObject({ name: 'GeneratorError', location: { crate: 'no-such-crate@1.0.0' } });
  expect(unknown.message).toMatch(/^crate `no-such-crate` is not on crates\.io/);
});
