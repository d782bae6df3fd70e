// The network source as the Web Worker builds it per run: crates.io (or the
// bases the options name) behind the IndexedDB cache. The database is opened
// once per worker and per pair of bases, lazily, so a run starts at once and
// a registry other than crates.io never mixes its crates into crates.io's.
// Git packages are fetched only when the run names a git client (the edge
// function's proxy, `git.corsProxy`); their cache is shared by the worker.
import type { RegistryCrate } from '../metadata/source.ts';
import type { MetadataCache } from '../metadata/net/cache.ts';
import type { Clock } from '../metadata/net/clock.ts';
import { CACHE_DB_NAME, openIndexedDbCache } from './indexeddb-cache.ts';
import { CRATES_IO_DOWNLOAD_BASE } from '../metadata/net/crate-manifest.ts';
import { NetworkSource, type NetworkSourceOptions, type NetworkStats } from '../metadata/net/network-source.ts';
import { CRATES_IO_INDEX_BASE } from '../metadata/net/sparse-index.ts';
import { IndexedDbGitCache } from './git-cache-indexeddb.ts';

/** A cache whose backing store is still opening; reads wait for it. */
class PendingCache implements MetadataCache {
  private resolved: MetadataCache | undefined;

  constructor(private readonly opening: Promise<MetadataCache>) {
    void opening.then((c) => {
      this.resolved = c;
    });
  }

  get kind(): MetadataCache['kind'] {
    return this.resolved?.kind ?? 'none';
  }

  get unavailableReason(): string | undefined {
    return this.resolved ? this.resolved.unavailableReason : 'still opening';
  }

  async get(key: string): Promise<RegistryCrate | undefined> {
    return (await this.opening).get(key);
  }

  async put(key: string, value: RegistryCrate): Promise<void> {
    return (await this.opening).put(key, value);
  }
}

const caches = new Map<string, PendingCache>();

function trimmed(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * The worker-wide cache for these bases (IndexedDB, or none where IndexedDB is unavailable). `clock`
 * times the open, the first time only.
 */
export function sharedCache(indexBase: string, downloadBase: string, clock?: Clock): MetadataCache {
  const isCratesIo = trimmed(indexBase) === CRATES_IO_INDEX_BASE && trimmed(downloadBase) === CRATES_IO_DOWNLOAD_BASE;
  const name = isCratesIo ? CACHE_DB_NAME : `${CACHE_DB_NAME} ${trimmed(indexBase)} ${trimmed(downloadBase)}`;
  let cache = caches.get(name);
  if (!cache) {
    cache = new PendingCache(openIndexedDbCache({ name, clock }));
    caches.set(name, cache);
  }
  return cache;
}

export interface BrowserSourceOptions extends Omit<NetworkSourceOptions, 'cache'> {
  readonly indexBase: string;
  readonly downloadBase: string;
}

export interface BrowserSource {
  readonly source: NetworkSource;
  /** Cache hits and network fetches of this run so far. */
  counters(): NetworkStats;
}

let gitCache: IndexedDbGitCache | undefined;

export function createNetworkSource(options: BrowserSourceOptions): BrowserSource {
  const git = options.git ? { ...options.git, cache: options.git.cache ?? (gitCache ??= new IndexedDbGitCache()) } : undefined;
  const source = new NetworkSource({
    ...options,
    cache: sharedCache(options.indexBase, options.downloadBase, options.clock),
    ...(git ? { git } : {}),
  });
  return { source, counters: () => source.stats };
}
