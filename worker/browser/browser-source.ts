// The network source as the Web Worker builds it per run: crates.io (or the
// bases the options name) behind the IndexedDB cache. The database is opened
// once per worker and per pair of bases, lazily, so a run starts at once and
// a registry other than crates.io never mixes its crates into crates.io's.
// Git packages are fetched only when the run names a git client (the edge
// function's proxy, `git.corsProxy`); their cache is shared by the worker.
// With `edge`, crates.io packages the cache lacks are asked of the edge
// function's shared cache first (edge-facts.ts), crates.io directly per crate
// when it cannot answer.
import type { MetadataSource, RegistryCrate } from '../metadata/source.ts';
import type { LockedPackage } from '../parse/lockfile.ts';
import { EdgeFactsSource, EdgeSession, type EdgeFetch, type EdgeFactsStats } from '../metadata/net/edge-facts.ts';
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
  /** Ask the edge function at `base` first for the lock's crates.io `packages` (checked against their checksums). */
  readonly edge?: { readonly base: string; readonly packages: readonly LockedPackage[]; readonly fetch?: EdgeFetch } | undefined;
}

/** A run's traffic in one mode: requests sent and body bytes read (edge: JSON both ways; direct: `.crate` bytes only). */
export interface TrafficCounters {
  readonly mode: 'edge' | 'direct';
  readonly edge: EdgeFactsStats | undefined;
}

export interface BrowserSource {
  readonly source: MetadataSource;
  /** Cache hits and network fetches of this run so far (edge and direct together), and the edge's own figures. */
  counters(): NetworkStats & TrafficCounters;
}

let gitCache: IndexedDbGitCache | undefined;
/** Edges found missing (a static host without the edge function) are not asked again while this worker lives. */
const edgeSession = new EdgeSession();

export function createNetworkSource(options: BrowserSourceOptions): BrowserSource {
  const git = options.git ? { ...options.git, cache: options.git.cache ?? (gitCache ??= new IndexedDbGitCache()) } : undefined;
  const cache = sharedCache(options.indexBase, options.downloadBase, options.clock);
  const direct = new NetworkSource({ ...options, cache, ...(git ? { git } : {}) });
  if (!options.edge) return { source: direct, counters: () => ({ ...direct.stats, mode: 'direct', edge: undefined }) };
  const viaEdge = new EdgeFactsSource({
    base: options.edge.base,
    packages: options.edge.packages,
    direct,
    cache,
    session: edgeSession,
    ...(options.edge.fetch ? { fetch: options.edge.fetch } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return {
    source: viaEdge,
    counters: () => {
      const d = direct.stats;
      const e = viaEdge.stats;
      return {
        ...d,
        cacheHits: d.cacheHits + e.cacheHits,
        fetched: d.fetched + e.fromEdge,
        requests: d.requests + e.requests,
        mode: 'edge',
        edge: e,
      };
    },
  };
}
