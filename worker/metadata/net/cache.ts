// What the network source remembers between runs: a registry crate's index
// line and lib facts by `name@version`. Published crates never change (a yank
// only flips `yanked`, which the generator does not read), so entries never
// expire. The store itself is the platform's business: in the browser it is
// IndexedDB (worker/browser/indexeddb-cache.ts); here are the contract, the
// check that what comes back is usable, and the in-memory and no-op caches.
import type { CrateFacts, IndexEntry, RegistryCrate } from '../source.ts';

export interface MetadataCache {
  /** `indexeddb`, `memory`, or `none` when caching is unavailable. */
  readonly kind: 'indexeddb' | 'memory' | 'none';
  /** Why the cache is `none`, for the UI; undefined otherwise. */
  readonly unavailableReason?: string;
  /** The stored crate, or undefined when absent or unreadable: a cache never fails a run. */
  get(key: string): Promise<RegistryCrate | undefined>;
  /** Store a crate; failures (quota, closed database) are swallowed. */
  put(key: string, value: RegistryCrate): Promise<void>;
}

export function cacheKey(name: string, version: string): string {
  return `${name}@${version}`;
}

/** Whether something read back from storage is a RegistryCrate for `name@version` (old or foreign data is ignored). */
export function isCachedCrate(value: unknown, name: string, version: string): value is RegistryCrate {
  if (typeof value !== 'object' || value === null) return false;
  const { entry, facts } = value as { entry?: Partial<IndexEntry>; facts?: Partial<CrateFacts> };
  return (
    typeof entry === 'object' &&
    entry !== null &&
    entry.name === name &&
    entry.vers === version &&
    Array.isArray(entry.deps) &&
    typeof facts === 'object' &&
    facts !== null &&
    (facts.libName === null || typeof facts.libName === 'string') &&
    typeof facts.procMacro === 'boolean'
  );
}

export class MemoryCache implements MetadataCache {
  readonly kind = 'memory';
  private readonly map = new Map<string, RegistryCrate>();

  get(key: string): Promise<RegistryCrate | undefined> {
    return Promise.resolve(this.map.get(key));
  }

  put(key: string, value: RegistryCrate): Promise<void> {
    this.map.set(key, value);
    return Promise.resolve();
  }

  get size(): number {
    return this.map.size;
  }
}

export class NoCache implements MetadataCache {
  readonly kind = 'none';
  constructor(readonly unavailableReason?: string) {}

  get(_key: string): Promise<RegistryCrate | undefined> {
    return Promise.resolve(undefined);
  }

  put(_key: string, _value: RegistryCrate): Promise<void> {
    return Promise.resolve();
  }
}
