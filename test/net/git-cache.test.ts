// The git source's caches: IndexedDB (fake-indexeddb) keeps a commit's
// manifests across instances, ignores what is not a commit's manifests, and
// without IndexedDB is a silent miss; the worker's network source, given a git
// client, answers a second run's git package from it without a request.
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createNetworkSource } from '../../worker/browser/browser-source.ts';
import { GIT_CACHE_DB_NAME, IndexedDbGitCache } from '../../worker/browser/git-cache-indexeddb.ts';
import { packageId } from '../../worker/core/package-id.ts';
import { parseSourceId } from '../../worker/core/source-id.ts';
import { isGitCommitManifests, MemoryGitCache, type GitCommitManifests } from '../../worker/metadata/git/git-cache.ts';
import { RepoBuilder, startGitServer, type GitServer } from '../support/git-server.ts';

const URL_A = 'https://git.example.org/a';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const VALUE: GitCommitManifests = {
  url: URL_A,
  commit: COMMIT,
  packages: { a: { version: '1.0.0', manifest: '[package]\nname = "a"\nversion = "1.0.0"\n' }, b: { error: 'b/Cargo.toml:2:1: bad' } },
  notes: ['`sub` is a git submodule'],
};

describe('IndexedDbGitCache', () => {
  it('keeps a commit across instances, by url and commit', async () => {
    const factory = new IDBFactory();
    const first = new IndexedDbGitCache({ factory });
    await first.put(VALUE);
    await first.close();
    const second = new IndexedDbGitCache({ factory });
    expect(await second.get(URL_A, COMMIT)).toEqual(VALUE);
    expect(await second.get(URL_A, 'f'.repeat(40))).toBeUndefined();
    expect(await second.get('https://git.example.org/b', COMMIT)).toBeUndefined();
    await second.close();
  });

  it('ignores stored values of another shape or another key', async () => {
    const factory = new IDBFactory();
    const cache = new IndexedDbGitCache({ factory });
    await cache.put({ ...VALUE, commit: 'f'.repeat(40) });
    await cache.close();
    // Write odd data straight into the store under the right key.
    const db = await new Promise<IDBDatabase>((resolve) => {
      const req = factory.open(GIT_CACHE_DB_NAME, 1);
      req.onsuccess = () => resolve(req.result);
    });
    const tx = db.transaction('commits', 'readwrite');
    tx.objectStore('commits').put({ url: URL_A, commit: COMMIT, packages: { a: { version: 1 } }, notes: [] }, `${URL_A}#${COMMIT}`);
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
    expect(await new IndexedDbGitCache({ factory }).get(URL_A, COMMIT)).toBeUndefined();
  });

  it('without IndexedDB every read misses and writes are dropped', async () => {
    const cache = new IndexedDbGitCache();
    await cache.put(VALUE);
    expect(await cache.get(URL_A, COMMIT)).toBeUndefined();
  });

  it('the shape check refuses what is not a commit’s manifests', () => {
    expect(isGitCommitManifests(VALUE, URL_A, COMMIT)).toBe(true);
    expect(isGitCommitManifests(VALUE, URL_A, 'f'.repeat(40))).toBe(false);
    expect(isGitCommitManifests({ ...VALUE, notes: undefined }, URL_A, COMMIT)).toBe(false);
    expect(isGitCommitManifests({ ...VALUE, packages: { a: { version: '1', manifest: 2 } } }, URL_A, COMMIT)).toBe(false);
    expect(isGitCommitManifests(null, URL_A, COMMIT)).toBe(false);
  });

  it('the memory cache answers what it was given', async () => {
    const cache = new MemoryGitCache();
    expect(await cache.get(URL_A, COMMIT)).toBeUndefined();
    await cache.put(VALUE);
    expect(await cache.get(URL_A, COMMIT)).toBe(VALUE);
  });
});

describe('the worker’s network source with a git client', () => {
  let server: GitServer;
  let builder: RepoBuilder;
  let commit: string;
  beforeAll(async () => {
    server = await startGitServer();
    builder = new RepoBuilder(server, 'cached');
    commit = builder.commit({ 'Cargo.toml': '[package]\nname = "cached"\nversion = "0.5.0"\n' });
    builder.push('HEAD', 'refs/heads/main');
    vi.stubGlobal('indexedDB', new IDBFactory());
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    builder.dispose();
    await server.close();
  });

  it('a second run reads the git package from IndexedDB without a request', async () => {
    const id = packageId('cached', '0.5.0', parseSourceId(`git+${server.url('cached')}?branch=main#${commit}`));
    const unused = 'http://127.0.0.1:9';
    const runs = [1, 2].map(() => createNetworkSource({ indexBase: unused, downloadBase: unused, git: {} }));
    const first = await runs[0]!.source.gitManifest(id);
    expect(first).toContain('name = "cached"');
    expect(runs[0]!.counters().requests).toBe(2);
    expect(await runs[1]!.source.gitManifest(id)).toBe(first);
    expect(runs[1]!.counters().requests).toBe(0);
  });
});
