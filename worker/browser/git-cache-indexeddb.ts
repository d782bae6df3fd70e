// The git source's cache in the browser: each (repository URL, commit)'s
// package manifests in IndexedDB, in a database of its own so the crates
// cache's schema never has to move for it. A commit never changes, so entries
// are kept for good. Where IndexedDB is missing or refuses, every call is a
// miss or a no-op: a cache never fails a run.
import { gitCacheKey, isGitCommitManifests, type GitCache, type GitCommitManifests } from '../metadata/git/git-cache.ts';

export const GIT_CACHE_DB_NAME = 'cargo2nix-playground-git';
/** Bump with a migration in `onupgradeneeded` if the stored shape changes. */
export const GIT_CACHE_DB_VERSION = 1;
const STORE = 'commits';

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function open(factory: IDBFactory | undefined, name: string): Promise<IDBDatabase | undefined> {
  if (!factory) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let req: IDBOpenDBRequest;
    try {
      req = factory.open(name, GIT_CACHE_DB_VERSION);
    } catch {
      resolve(undefined);
      return;
    }
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
    };
    req.onsuccess = () => {
      const db = req.result;
      // Another tab upgrading must not wait on us.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = (event) => {
      event.preventDefault();
      resolve(undefined);
    };
    // Only an upgrade by another tab blocks; this run goes on uncached rather than wait for it.
    req.onblocked = () => resolve(undefined);
  });
}

export interface GitCacheOptions {
  /** Defaults to `globalThis.indexedDB`; tests pass fake-indexeddb's. */
  readonly factory?: IDBFactory;
  readonly name?: string;
}

export class IndexedDbGitCache implements GitCache {
  private db: Promise<IDBDatabase | undefined> | undefined;

  constructor(private readonly options: GitCacheOptions = {}) {}

  /** Opened on first use, so a run without git packages never touches IndexedDB. */
  private database(): Promise<IDBDatabase | undefined> {
    this.db ??= open(this.options.factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB, this.options.name ?? GIT_CACHE_DB_NAME);
    return this.db;
  }

  async get(url: string, commit: string): Promise<GitCommitManifests | undefined> {
    try {
      const db = await this.database();
      if (!db) return undefined;
      const value: unknown = await done(db.transaction(STORE, 'readonly').objectStore(STORE).get(gitCacheKey(url, commit)));
      return isGitCommitManifests(value, url, commit) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  async put(value: GitCommitManifests): Promise<void> {
    try {
      const db = await this.database();
      if (!db) return;
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(value, gitCacheKey(value.url, value.commit));
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
      });
    } catch {
      // A full disk or a closing database costs a fetch next time, nothing more.
    }
  }

  async close(): Promise<void> {
    (await this.database())?.close();
  }
}
