// The metadata caches: the browser's IndexedDB one on fake-indexeddb (survives a
// "reload", ignores foreign data, steps aside for a schema upgrade, never
// fails a run), the fallbacks when IndexedDB is missing or refuses, and a
// second run through NetworkSource served entirely from IndexedDB.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCargoNix } from '../../worker/pipeline.ts';
import type { RegistryCrate } from '../../worker/metadata/source.ts';
import type { MetadataCache } from '../../worker/metadata/net/cache.ts';
import { isCachedCrate, MemoryCache, NoCache } from '../../worker/metadata/net/cache.ts';
import { CACHE_DB_NAME, IndexedDbCache, openIndexedDbCache, type OpenCacheOptions } from '../../worker/browser/indexeddb-cache.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { NetworkSource } from '../../worker/metadata/net/network-source.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { startFakeRegistry, type FakeRegistry } from '../support/fake-registry.ts';
import { assertSameFile, FIXTURES, goldenCases } from '../support/golden.ts';

const serde: RegistryCrate = {
  entry: { name: 'serde', vers: '1.0.0', deps: [], features: { default: ['std'], std: [] }, cksum: 'ab', yanked: false },
  facts: { libName: 'serde', procMacro: false },
};

/** The IndexedDB cache on a clock that never moves: however slow the machine, the open never times out here. */
function openCache(options: OpenCacheOptions = {}): ReturnType<typeof openIndexedDbCache> {
  return openIndexedDbCache({ clock: new FakeClock(), ...options });
}

function openDb(factory: IDBFactory, name: string, version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(name, version);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains('crates')) req.result.createObjectStore('crates');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

describe('isCachedCrate', () => {
  it('accepts a stored crate for its key only', () => {
    expect(isCachedCrate(serde, 'serde', '1.0.0')).toBe(true);
    expect(isCachedCrate(serde, 'serde', '1.0.1')).toBe(false);
    expect(isCachedCrate({ entry: serde.entry, facts: { libName: 3, procMacro: false } }, 'serde', '1.0.0')).toBe(false);
    expect(isCachedCrate({ ...serde, facts: { libName: null, procMacro: true } }, 'serde', '1.0.0')).toBe(true);
    expect(isCachedCrate('junk', 'serde', '1.0.0')).toBe(false);
    expect(isCachedCrate(null, 'serde', '1.0.0')).toBe(false);
  });
});

describe('MemoryCache and NoCache', () => {
  it('MemoryCache keeps what it is given', async () => {
    const c = new MemoryCache();
    expect(await c.get('serde@1.0.0')).toBeUndefined();
    await c.put('serde@1.0.0', serde);
    expect(await c.get('serde@1.0.0')).toEqual(serde);
    expect(c.size).toBe(1);
  });

  it('NoCache forgets and says why', async () => {
    const c = new NoCache('private mode');
    await c.put('serde@1.0.0', serde);
    expect(await c.get('serde@1.0.0')).toBeUndefined();
    expect(c).toMatchObject({ kind: 'none', unavailableReason: 'private mode' });
  });
});

describe('IndexedDbCache', () => {
  it('stores across connections (a page reload)', async () => {
    const factory = new IDBFactory();
    const first = await openCache({ factory });
    expect(first.kind).toBe('indexeddb');
    await first.put('serde@1.0.0', serde);
    (first as IndexedDbCache).close();

    const second = await openCache({ factory });
    expect(await second.get('serde@1.0.0')).toEqual(serde);
    expect(await second.get('serde@2.0.0')).toBeUndefined();
    (second as IndexedDbCache).close();
  });

  it('ignores records of another shape', async () => {
    const factory = new IDBFactory();
    const db = await openDb(factory, CACHE_DB_NAME, 1);
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('crates', 'readwrite');
      tx.objectStore('crates').put({ entry: { name: 'serde', vers: '1.0.0' } }, 'serde@1.0.0');
      tx.objectStore('crates').put(serde, 'serde@9.9.9');
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    const cache = await openCache({ factory });
    expect(await cache.get('serde@1.0.0')).toBeUndefined();
    expect(await cache.get('serde@9.9.9')).toBeUndefined();
    (cache as IndexedDbCache).close();
  });

  it('steps aside when another tab upgrades the database, then answers misses', async () => {
    const factory = new IDBFactory();
    const cache = await openCache({ factory });
    await cache.put('serde@1.0.0', serde);
    const newer = await openDb(factory, CACHE_DB_NAME, 2);
    expect(await cache.get('serde@1.0.0')).toBeUndefined();
    await cache.put('serde@1.0.0', serde);
    newer.close();
  });

  it('a put that fails (quota, closed database) is swallowed', async () => {
    const factory = new IDBFactory();
    const cache = (await openCache({ factory })) as IndexedDbCache;
    // Functions cannot be cloned into IndexedDB: the write throws inside put.
    const unclonable = { ...serde.entry, name: 'x', vers: '1.0.0', clone: () => undefined };
    await expect(cache.put('x@1.0.0', { entry: unclonable, facts: serde.facts })).resolves.toBeUndefined();
    expect(await cache.get('x@1.0.0')).toBeUndefined();
    cache.close();
    await expect(cache.put('serde@1.0.0', serde)).resolves.toBeUndefined();
    expect(await cache.get('serde@1.0.0')).toBeUndefined();
  });
});

describe('openIndexedDbCache falls back to no cache', () => {
  it('without IndexedDB (Node, old browsers)', async () => {
    const cache = await openCache();
    expect(cache).toMatchObject({ kind: 'none', unavailableReason: 'IndexedDB is not available here' });
  });

  it('when open throws (private mode)', async () => {
    const factory = {
      open() {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const cache = await openCache({ factory });
    expect(cache.kind).toBe('none');
    expect(cache.unavailableReason).toMatch(/refused to open: The user denied permission/);
  });

  it('when open fails', async () => {
    const factory = {
      open() {
        const req = { error: new DOMException('disk full', 'UnknownError') } as unknown as IDBOpenDBRequest;
        queueMicrotask(() => req.onerror?.call(req, { preventDefault() {} } as unknown as Event));
        return req;
      },
    } as unknown as IDBFactory;
    const cache = await openCache({ factory });
    expect(cache).toMatchObject({ kind: 'none', unavailableReason: 'IndexedDB refused to open: disk full' });
  });

  it('when open never finishes (an upgrade blocked by another tab): after exactly the open timeout', async () => {
    const factory = { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory;
    const clock = new FakeClock();
    let cache: MetadataCache | undefined;
    const opening = openIndexedDbCache({ factory, clock }).then((c) => (cache = c));
    expect(clock.requested).toEqual([3000]);
    clock.advance(2999);
    // A full turn of the event loop: had anything settled the open, it would show by now.
    await new Promise((resolve) => setImmediate(resolve));
    expect(cache).toBeUndefined();
    clock.advance(1);
    await opening;
    expect(cache?.kind).toBe('none');
    expect(cache?.unavailableReason).toMatch(/did not open in time/);
  });

  it('an open that succeeds calls off its timeout', async () => {
    const clock = new FakeClock();
    const cache = (await openIndexedDbCache({ factory: new IDBFactory(), clock, openTimeoutMs: 50 })) as IndexedDbCache;
    expect(cache.kind).toBe('indexeddb');
    expect(clock.requested).toEqual([50]);
    expect(clock.pending).toBe(0);
    cache.close();
  });
});

describe('NetworkSource over IndexedDB', () => {
  let reg: FakeRegistry;
  const c = goldenCases().find((x) => x.name === 'features-misc')!;
  beforeAll(async () => {
    reg = await startFakeRegistry([join(FIXTURES, c.set, 'registry')]);
  });
  afterAll(() => reg.close());

  it('the second run after a "reload" is served from IndexedDB with zero requests', async () => {
    const factory = new IDBFactory();
    const files = await readWorkspaceDir(c.dir);
    const expected = readFileSync(c.expected, 'utf8');

    const firstCache = (await openCache({ factory })) as IndexedDbCache;
    const first = new NetworkSource({ indexBase: reg.indexBase, downloadBase: reg.downloadBase, cache: firstCache });
    assertSameFile('first run', await generateCargoNix(files, { source: first }), expected);
    expect(first.stats.fetched).toBeGreaterThan(10);
    firstCache.close();

    const before = reg.requestCount();
    const secondCache = (await openCache({ factory })) as IndexedDbCache;
    const second = new NetworkSource({ indexBase: reg.indexBase, downloadBase: reg.downloadBase, cache: secondCache });
    assertSameFile('second run', await generateCargoNix(files, { source: second }), expected);
    expect(reg.requestCount()).toBe(before);
    expect(second.stats).toMatchObject({ cacheHits: first.stats.fetched, fetched: 0, requests: 0 });
    secondCache.close();
  });
});
