// The worker's network source with the edge named (worker/browser/browser-source.ts): crates the
// IndexedDB cache lacks come from the edge (under workerd, its upstream a fake registry), what the
// edge answers is stored in IndexedDB so the next run asks nobody, and the counters say which way
// the metadata travelled. Cargo.nix is the golden one each time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createNetworkSource } from '../../worker/browser/browser-source.ts';
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
  edge = await startEdge({ vars: { CRATES_INDEX_URL: upstream.indexBase, CRATES_DL_URL: upstream.downloadBase } });
  vi.stubGlobal('indexedDB', new IDBFactory());
});

afterAll(async () => {
  vi.unstubAllGlobals();
  await edge?.close();
  await upstream?.close();
  await direct?.close();
});

it('asks the edge for what IndexedDB lacks, keeps the answers, and the next run asks nobody', async () => {
  const files = await readWorkspaceDir(CASE);
  const expected = readFileSync(join(CASE, 'expected', 'Cargo.nix'), 'utf8');
  const lock = parseLockfile(files.get('Cargo.lock')!);
  const crates = lock.packages.filter((p) => p.id.source.kind === 'registry').length;
  // Never moves: no deadline or IndexedDB open timeout can fire however slow the machine is.
  const clock = new FakeClock();
  const options = { indexBase: direct.indexBase, downloadBase: direct.downloadBase, clock, edge: { base: edge.url, packages: lock.packages } };

  const first = createNetworkSource(options);
  assertSameFile('first run, via the edge', await generateCargoNix(files, { source: first.source }), expected);
  expect(first.counters()).toMatchObject({ mode: 'edge', fetched: crates, cacheHits: 0, requests: 1, edge: { fromEdge: crates, fallbacks: 0 } });
  expect(first.counters().edge!.bytesReceived).toBeGreaterThan(0);
  expect(direct.requestCount()).toBe(0);

  const edgeRequests = upstream.requestCount();
  const second = createNetworkSource(options);
  assertSameFile('second run, from IndexedDB', await generateCargoNix(files, { source: second.source }), expected);
  expect(second.counters()).toMatchObject({ mode: 'edge', fetched: 0, cacheHits: crates, requests: 0 });
  expect(upstream.requestCount()).toBe(edgeRequests);
  expect(direct.requestCount()).toBe(0);
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
