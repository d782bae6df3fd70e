// The worker's network source with the edge named (worker/browser/browser-source.ts): crates the
// IndexedDB cache lacks are asked of the edge (under workerd, its upstream a fake registry); a cold
// edge has none, so they are read directly at once while the edge stores them behind its answer,
// and a later visitor gets them from the edge. What a run gets is stored in IndexedDB so the next
// run asks nobody, and the counters say which way the metadata travelled. Cargo.nix is the golden
// one each time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createNetworkSource } from '../../worker/browser/browser-source.ts';
import type { EdgeFactsSource } from '../../worker/metadata/net/edge-facts.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { parseLockfile } from '../../worker/parse/lockfile.ts';
import { generateCargoNix } from '../../worker/pipeline.ts';
import { startEdge, type EdgeServer } from '../support/edge.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { startFakeRegistry, type FakeRegistry } from '../support/fake-registry.ts';
import { assertSameFile, FIXTURES } from '../support/golden.ts';

const CASE = join(FIXTURES, 'crates-io', 'cases', 'cross-compiling');
const REGISTRY = join(FIXTURES, 'crates-io', 'registry');
let upstream: FakeRegistry;
let direct: FakeRegistry;
let edge: EdgeServer;

beforeAll(async () => {
  [upstream, direct] = await Promise.all([startFakeRegistry([REGISTRY]), startFakeRegistry([REGISTRY])]);
  // The test asks the edge again and again while it fills its store: no rate limit in the way.
  edge = await startEdge({ vars: { CRATES_INDEX_URL: upstream.indexBase, CRATES_DL_URL: upstream.downloadBase, RATE_LIMIT_REQUESTS: '1000000' } });
  vi.stubGlobal('indexedDB', new IDBFactory());
});

afterAll(async () => {
  vi.unstubAllGlobals();
  await edge?.close();
  await upstream?.close();
  await direct?.close();
});

/** Asks the edge for `crates` until it answers every one from its store, as a later visitor would (no timer). */
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

// A cold edge used to make the first visitor wait while it read every crate; now that visitor reads them directly.
it('a cold edge: read directly at once and kept in IndexedDB; the next run asks nobody; a later visitor gets them from the edge', async () => {
  const files = await readWorkspaceDir(CASE);
  const expected = readFileSync(join(CASE, 'expected', 'Cargo.nix'), 'utf8');
  const lock = parseLockfile(files.get('Cargo.lock')!);
  const registryPackages = lock.packages.filter((p) => p.id.source.kind === 'registry');
  const crates = registryPackages.length;
  // Never moves: no deadline or IndexedDB open timeout can fire however slow the machine is.
  const clock = new FakeClock();
  const options = { indexBase: direct.indexBase, downloadBase: direct.downloadBase, clock, edge: { base: edge.url, packages: lock.packages } };

  const first = createNetworkSource(options);
  assertSameFile('first run, via a cold edge', await generateCargoNix(files, { source: first.source }), expected);
  expect(first.counters()).toMatchObject({ mode: 'edge', fetched: crates, cacheHits: 0, edge: { fromEdge: 0, deferred: crates, fallbacks: crates } });
  expect(direct.requestCount(/\.crate$/)).toBe(crates);

  const directRequests = direct.requestCount();
  const second = createNetworkSource(options);
  assertSameFile('second run, from IndexedDB', await generateCargoNix(files, { source: second.source }), expected);
  expect(second.counters()).toMatchObject({ mode: 'edge', fetched: 0, cacheHits: crates, requests: 0 });
  expect(direct.requestCount()).toBe(directRequests);

  // Another visitor (its own IndexedDB: other direct bases), once the edge has stored what the first one asked for.
  await (first.source as EdgeFactsSource).warmed();
  await storedByEdge(registryPackages.map((p) => `${p.id.name}@${p.id.version}`));
  const upstreamRequests = upstream.requestCount();
  const other = await startFakeRegistry([REGISTRY]);
  try {
    const later = createNetworkSource({ ...options, indexBase: other.indexBase, downloadBase: other.downloadBase });
    assertSameFile('a later visitor, via the warm edge', await generateCargoNix(files, { source: later.source }), expected);
    expect(later.counters()).toMatchObject({ mode: 'edge', fetched: crates, cacheHits: 0, requests: 1, edge: { fromEdge: crates, fallbacks: 0 } });
    expect(later.counters().edge!.bytesReceived).toBeGreaterThan(0);
    expect(other.requestCount()).toBe(0);
    expect(upstream.requestCount()).toBe(upstreamRequests);
  } finally {
    await other.close();
  }
});

it('without the edge, the same source reads the registry directly and says so', async () => {
  const files = await readWorkspaceDir(CASE);
  // A registry of its own, so its cache is not the first test's database.
  const own = await startFakeRegistry([REGISTRY]);
  try {
    const source = createNetworkSource({ indexBase: own.indexBase, downloadBase: own.downloadBase, clock: new FakeClock() });
    assertSameFile('direct', await generateCargoNix(files, { source: source.source }), readFileSync(join(CASE, 'expected', 'Cargo.nix'), 'utf8'));
    expect(source.counters()).toMatchObject({ mode: 'direct', edge: undefined });
    expect(source.counters().requests).toBe(own.requestCount());
    expect(own.requestCount()).toBeGreaterThan(0);
  } finally {
    await own.close();
  }
});
