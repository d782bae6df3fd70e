// The worker's entry to the network source: one IndexedDB database per pair
// of bases, opened once and shared by runs, so a second run is served from
// it; where IndexedDB is missing the runs still work, uncached.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateCargoNix } from '../../worker/pipeline.ts';
import { CACHE_DB_NAME } from '../../worker/browser/indexeddb-cache.ts';
import { createNetworkSource, sharedCache } from '../../worker/browser/browser-source.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { startFakeRegistry, type FakeRegistry } from '../support/fake-registry.ts';
import { assertSameFile, FIXTURES, goldenCases } from '../support/golden.ts';

const c = goldenCases().find((x) => x.name === 'workspace')!;
let reg: FakeRegistry;
// Another origin, so the uncached test's choice (no IndexedDB, remembered per pair of bases) stays its own.
let uncachedReg: FakeRegistry;
const factory = new IDBFactory();
// Never moves: no request deadline or IndexedDB open timeout can fire however slow the machine is.
const clock = new FakeClock();

beforeAll(async () => {
  reg = await startFakeRegistry([join(FIXTURES, c.set, 'registry')]);
  uncachedReg = await startFakeRegistry([join(FIXTURES, c.set, 'registry')]);
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await reg.close();
  await uncachedReg.close();
});

describe('createNetworkSource', () => {
  it('works without IndexedDB, uncached', async () => {
    const run = createNetworkSource({ indexBase: uncachedReg.indexBase, downloadBase: uncachedReg.downloadBase, clock });
    const files = await readWorkspaceDir(c.dir);
    assertSameFile('uncached run', await generateCargoNix(files, { source: run.source }), readFileSync(c.expected, 'utf8'));
    expect(run.counters().cacheHits).toBe(0);
    expect(sharedCache(uncachedReg.indexBase, uncachedReg.downloadBase).kind).toBe('none');
  });

  it('runs after the first are served from the shared IndexedDB cache', async () => {
    vi.stubGlobal('indexedDB', factory);
    // A trailing slash names the same registry, hence the same database.
    const bases = { indexBase: reg.indexBase, downloadBase: `${reg.downloadBase}/`, clock };
    const files = await readWorkspaceDir(c.dir);
    const expected = readFileSync(c.expected, 'utf8');

    const first = createNetworkSource(bases);
    assertSameFile('first run', await generateCargoNix(files, { source: first.source }), expected);
    expect(first.counters()).toMatchObject({ cacheHits: 0 });
    expect(first.counters().fetched).toBeGreaterThan(5);

    const before = reg.requestCount();
    const second = createNetworkSource(bases);
    assertSameFile('second run', await generateCargoNix(files, { source: second.source }), expected);
    expect(second.counters()).toMatchObject({ cacheHits: first.counters().fetched, fetched: 0 });
    expect(reg.requestCount()).toBe(before);
    expect(sharedCache(bases.indexBase, bases.downloadBase).kind).toBe('indexeddb');

    const names = (await factory.databases()).map((d) => d.name);
    expect(names).toEqual([`${CACHE_DB_NAME} ${reg.indexBase} ${reg.downloadBase}`]);
  });

  it('crates.io has its own database, named without the bases', async () => {
    const cache = sharedCache('https://index.crates.io/', 'https://static.crates.io/crates', clock);
    await cache.get('serde@1.0.0');
    expect((await factory.databases()).map((d) => d.name)).toContain(CACHE_DB_NAME);
  });
});
