// The browser's metadata cache: crates in IndexedDB, which makes the second
// run instant and lets it work offline. Where IndexedDB is missing or refuses
// (private browsing, Node, a blocked upgrade), the caller gets a NoCache
// saying why, and the run goes on uncached rather than failing.
import type { RegistryCrate } from '../metadata/source.ts';
import { isCachedCrate, NoCache, type MetadataCache } from '../metadata/net/cache.ts';
import { SYSTEM_CLOCK, type Clock } from '../metadata/net/clock.ts';

export const CACHE_DB_NAME = 'cargo2nix-playground-crates';
/** Bump with a migration in `onupgradeneeded` if the stored shape changes. */
export const CACHE_DB_VERSION = 1;
const STORE = 'crates';

function requestResult<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

export class IndexedDbCache implements MetadataCache {
  readonly kind = 'indexeddb';
  private closed = false;

  constructor(private readonly db: IDBDatabase) {
    // Another tab upgrading the schema must not wait on us; later calls fall through to misses.
    db.onversionchange = () => this.close();
    db.onclose = () => {
      this.closed = true;
    };
  }

  async get(key: string): Promise<RegistryCrate | undefined> {
    if (this.closed) return undefined;
    try {
      const value: unknown = await requestResult(this.db.transaction(STORE, 'readonly').objectStore(STORE).get(key));
      const at = key.lastIndexOf('@');
      return isCachedCrate(value, key.slice(0, at), key.slice(at + 1)) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  async put(key: string, value: RegistryCrate): Promise<void> {
    if (this.closed) return;
    try {
      const tx = this.db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put({ entry: value.entry, facts: value.facts }, key);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
      });
    } catch {
      // A full disk or a closing database costs a re-download next time, nothing more.
    }
  }

  close(): void {
    this.closed = true;
    this.db.close();
  }
}

export interface OpenCacheOptions {
  /** Defaults to `globalThis.indexedDB`; tests pass fake-indexeddb's. */
  readonly factory?: IDBFactory;
  readonly name?: string;
  /** How long to wait for the database (an upgrade blocked by another tab never finishes); default 3 s. */
  readonly openTimeoutMs?: number;
  /** Times the open; default the system clock. */
  readonly clock?: Clock;
}

/** The IndexedDB cache, or a NoCache saying why when IndexedDB cannot be used. Never rejects. */
export function openIndexedDbCache(options: OpenCacheOptions = {}): Promise<MetadataCache> {
  const factory = options.factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) return Promise.resolve(new NoCache('IndexedDB is not available here'));
  return new Promise((resolve) => {
    let settled = false;
    const settle = (cache: MetadataCache) => {
      if (settled) {
        if (cache instanceof IndexedDbCache) cache.close();
        return;
      }
      settled = true;
      cancelTimer();
      resolve(cache);
    };
    const cancelTimer = (options.clock ?? SYSTEM_CLOCK).setTimer(
      () => settle(new NoCache('IndexedDB did not open in time (another tab may hold an older version)')),
      options.openTimeoutMs ?? 3000,
    );
    let req: IDBOpenDBRequest;
    try {
      req = factory.open(options.name ?? CACHE_DB_NAME, CACHE_DB_VERSION);
    } catch (e) {
      // Some browsers throw synchronously in private mode or for opaque origins.
      settle(new NoCache(`IndexedDB refused to open: ${(e as Error).message}`));
      return;
    }
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
    };
    req.onsuccess = () => settle(new IndexedDbCache(req.result));
    req.onerror = (event) => {
      // Handled here: unprevented, the error would also surface as an uncaught exception in some browsers.
      event.preventDefault();
      settle(new NoCache(`IndexedDB refused to open: ${req.error?.message ?? 'unknown error'}`));
    };
    req.onblocked = () => {
      // Keep waiting until the timeout: the other tab may close its connection.
    };
  });
}
