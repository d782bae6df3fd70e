// The MetadataSource the site uses: crates.io read directly from the worker
// (index.crates.io and static.crates.io both send CORS headers), behind a
// cache keyed by `name@version`. Alternative sparse registries go the same
// way: their index is the URL in Cargo.lock and their `config.json` (read
// once per registry per run) says where the `.crate` files are; in a browser
// this works only when their hosts send CORS headers, and an unreachable host
// gets an error that says so. Registries on the git index protocol are refused. Per crate it costs at most one index request
// per crate name per run and one partial `.crate` download per version;
// generate.ts bounds how many crates are in flight. Git packages are fetched
// when a git client is configured (`git`: through the site's edge function in
// the browser, directly in Node); without one they stop the run with an error
// naming them — `checkNetworkSupport` says so before anything is fetched.
import { GeneratorError } from '../../core/errors.ts';
import { parseLockfile, type LockedPackage, type Lockfile } from '../../parse/lockfile.ts';
import type { MetadataSource, RegistryCrate } from '../source.ts';
import { displayPackageId, type PackageId } from '../../core/package-id.ts';
import { isCratesIo, registryString } from '../../core/source-id.ts';
import { cacheKey, isCachedCrate, NoCache, type MetadataCache } from './cache.ts';
import { CRATES_IO_DOWNLOAD_BASE, crateUrl, fetchCrateFacts } from './crate-manifest.ts';
import type { Clock } from './clock.ts';
import type { GitClientOptions, GitSource } from '../git/git-source.ts';
import { DEFAULT_HTTP_POLICY, type FetchLike, type HttpPolicy } from './http.ts';
import { CRATES_IO_INDEX_BASE, CRATES_IO_LABEL, SparseIndex, type RegistryLabel } from './sparse-index.ts';
import { downloadUrl, fetchRegistryConfig, needsChecksum, type RegistryConfig } from './registry-config.ts';

/** One registry's index, where its package files are, and how messages name it. */
interface Registry {
  readonly index: SparseIndex;
  readonly label: RegistryLabel;
  /** The download URL of a version; `cksum` from its index line when the registry's template wants it. */
  readonly crateUrl: (id: PackageId, cksum: () => Promise<string | undefined>) => Promise<string>;
}

export interface NetworkSourceOptions {
  /** Sparse index root; default `https://index.crates.io`. */
  readonly indexBase?: string;
  /** Where `<name>/<name>-<version>.crate` live; default `https://static.crates.io/crates`. */
  readonly downloadBase?: string;
  /** Default: none (every run downloads). The site passes the IndexedDB one (worker/browser/indexeddb-cache.ts). */
  readonly cache?: MetadataCache;
  /** Default: the global fetch. */
  readonly fetch?: FetchLike;
  /** Per attempt, including reading the body; default 20 s. */
  readonly timeoutMs?: number;
  /** Attempts after the first; default 3. */
  readonly retries?: number;
  /** First backoff between attempts; default 500 ms, doubling up to `maxRetryDelayMs` (8 s). */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /** Deadlines and backoff; default the system clock. */
  readonly clock?: Clock;
  /** Backoff jitter in [0, 1); default Math.random. */
  readonly random?: () => number;
  /** The run's signal: aborting it stops every request and rethrows its reason. */
  readonly signal?: AbortSignal;
  /**
   * Fetch git packages' manifests from their repositories. The run's fetch and signal apply unless
   * given here. Without it (and without `gitManifest`) a git package is a GeneratorError.
   */
  readonly git?: GitClientOptions;
  /** Where git packages' manifests come from instead (tests: a registry folder's snapshots); wins over `git`. */
  readonly gitManifest?: (id: PackageId) => Promise<string>;
}

export interface NetworkStats {
  /** Crates answered from the cache. */
  readonly cacheHits: number;
  /** Crates fetched from the network. */
  readonly fetched: number;
  /** HTTP requests sent, retries included. */
  readonly requests: number;
  /** Of those, repeats after a failure. */
  readonly retries: number;
  /** Compressed `.crate` bytes read (the downloads are cut short once the manifest is in). */
  readonly crateBytes: number;
}

export class NetworkSource implements MetadataSource {
  private readonly cratesIo: Registry;
  /** Alternative sparse registries by their lock-file URL, made on first use. */
  private readonly others = new Map<string, Registry>();
  private readonly policy: HttpPolicy;
  private readonly cache: MetadataCache;
  private readonly git: ((id: PackageId) => Promise<string>) | undefined;
  private counts = { cacheHits: 0, fetched: 0, requests: 0, retries: 0, crateBytes: 0 };

  constructor(options: NetworkSourceOptions = {}) {
    const fetchImpl = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.policy = {
      fetch: fetchImpl,
      timeoutMs: options.timeoutMs ?? DEFAULT_HTTP_POLICY.timeoutMs,
      retries: options.retries ?? DEFAULT_HTTP_POLICY.retries,
      retryDelayMs: options.retryDelayMs ?? DEFAULT_HTTP_POLICY.retryDelayMs,
      maxRetryDelayMs: options.maxRetryDelayMs ?? DEFAULT_HTTP_POLICY.maxRetryDelayMs,
      signal: options.signal,
      clock: options.clock,
      random: options.random,
      onAttempt: (_url, attempt) => {
        this.counts.requests++;
        if (attempt > 1) this.counts.retries++;
      },
    };
    const downloadBase = options.downloadBase ?? CRATES_IO_DOWNLOAD_BASE;
    this.cratesIo = {
      index: new SparseIndex(options.indexBase ?? CRATES_IO_INDEX_BASE, this.policy),
      label: CRATES_IO_LABEL,
      crateUrl: (id) => Promise.resolve(crateUrl(downloadBase, id.name, id.version)),
    };
    this.cache = options.cache ?? new NoCache('no cache configured');
    if (options.gitManifest) this.git = options.gitManifest;
    else if (options.git) {
      const gitOptions = options.git;
      // isomorphic-git is most of the worker's weight: load it only when a lock has a git package.
      let client: Promise<GitSource> | undefined;
      const load = () =>
        (client ??= import('../git/git-source.ts').then(
          ({ GitSource }) =>
            new GitSource({
              fetch: fetchImpl,
              ...(options.signal ? { signal: options.signal } : {}),
              ...(options.clock ? { clock: options.clock } : {}),
              ...gitOptions,
              onRequest: (url) => {
                this.counts.requests++;
                gitOptions.onRequest?.(url);
              },
            }),
        ));
      this.git = async (id) => (await load()).gitManifest(id);
    }
  }

  get stats(): NetworkStats {
    return { ...this.counts };
  }

  private registryOf(id: PackageId): Registry {
    if (isCratesIo(id.source)) return this.cratesIo;
    if (id.source.kind !== 'sparse') throw gitProtocolRegistries([id]);
    const url = id.source.url;
    let registry = this.others.get(url);
    if (!registry) {
      const indexBase = url.slice('sparse+'.length);
      const label: RegistryLabel = { name: `the registry ${url}`, unreachable: corsHint(url) };
      let config: Promise<RegistryConfig> | undefined;
      const configOf = (who: string) => {
        if (!config) {
          const pending = fetchRegistryConfig(this.policy, indexBase, url, who, label.unreachable);
          // Like an index file: a failure is not remembered, a later run tries again.
          pending.catch(() => {
            if (config === pending) config = undefined;
          });
          config = pending;
        }
        return config;
      };
      registry = {
        index: new SparseIndex(indexBase, this.policy, label),
        label,
        crateUrl: async (pkg, cksum) => {
          const { dl } = await configOf(displayPackageId(pkg));
          if (!needsChecksum(dl)) return downloadUrl(dl, pkg.name, pkg.version);
          const sum = await cksum();
          if (sum === undefined) {
            throw new GeneratorError(
              `the registry ${url} downloads by checksum, but its index line for \`${displayPackageId(pkg)}\` has no \`cksum\``,
              { crate: displayPackageId(pkg) },
            );
          }
          return downloadUrl(dl, pkg.name, pkg.version, sum);
        },
      };
      this.others.set(url, registry);
    }
    return registry;
  }

  async registryCrate(id: PackageId): Promise<RegistryCrate> {
    const registry = this.registryOf(id);
    // Other registries may publish the same name and version: their entries must not meet crates.io's.
    const key = registry === this.cratesIo ? cacheKey(id.name, id.version) : `${registryString(id.source)}#${cacheKey(id.name, id.version)}`;
    const cached = await this.cache.get(key).catch(() => undefined);
    if (cached !== undefined && isCachedCrate(cached, id.name, id.version)) {
      this.counts.cacheHits++;
      return cached;
    }

    // Index line and package file in parallel. A failed index lookup calls off the download and its
    // error wins, since "no such crate" explains a missing package file too; the index file itself is
    // shared with the crate's other versions, so it is never called off.
    const sibling = new AbortController();
    const entryP = registry.index.entry(id);
    const factsP = registry
      .crateUrl(id, () => entryP.then((e) => e.cksum))
      .then((url) =>
        fetchCrateFacts(this.policy, url, id, {
          signal: sibling.signal,
          label: registry.label,
          onBytes: (n) => {
            this.counts.crateBytes += n;
          },
        }),
      );
    entryP.catch(() => sibling.abort());
    const [entry, facts] = await Promise.allSettled([entryP, factsP]);
    if (entry.status === 'rejected') throw entry.reason;
    if (facts.status === 'rejected') throw facts.reason;

    const value: RegistryCrate = { entry: entry.value, facts: facts.value };
    this.counts.fetched++;
    // Awaited so a run that finished has everything stored; the cache swallows its own failures.
    await this.cache.put(key, value).catch(() => {});
    return value;
  }

  gitManifest(id: PackageId): Promise<string> {
    if (this.git) return this.git(id);
    return Promise.reject(gitUnsupported([id]));
  }
}

/** What to say when an alternative registry's host cannot be reached: in a browser, most likely missing CORS headers. */
function corsHint(registry: string): (detail: string) => string {
  return (detail) =>
    `could not reach the registry ${registry} (${detail}). If you are online, its host probably does not send CORS headers, which a browser needs to read it from this page: ask the registry to send them (Access-Control-Allow-Origin), or generate Cargo.nix with the command line and a registry folder (\`--registry <dir>\`)`;
}

/** Packages from registries on the git index protocol, which only a git clone of the whole index can read. */
function gitProtocolRegistries(ids: readonly PackageId[], line?: number): GeneratorError {
  const first = ids[0]!;
  const registries = [...new Set(ids.map((id) => registryString(id.source)))];
  const names = ids.map((id) => `\`${displayPackageId(id)}\``).join(', ');
  return new GeneratorError(
    `${names} ${ids.length === 1 ? 'comes' : 'come'} from ${registries.length === 1 ? 'the registry' : 'the registries'} ${registries.join(', ')}, on the git index protocol, which this generator cannot read (only sparse registries: \`sparse+https://…\`). Switch the registry to its sparse index if it has one, or generate Cargo.nix with the command line and a registry folder (\`--registry <dir>\`)`,
    line === undefined ? { crate: displayPackageId(first) } : { file: 'Cargo.lock', line, crate: displayPackageId(first) },
  );
}

function gitUnsupported(ids: readonly PackageId[], line?: number): GeneratorError {
  const names = ids.map((id) => `\`${displayPackageId(id)}\` (${id.source.kind === 'git' ? id.source.url : ''})`).join(', ');
  const plural = ids.length === 1 ? 'a git dependency' : 'git dependencies';
  return new GeneratorError(
    `this workspace has ${plural}, which the site cannot fetch yet: ${names}. Depend on a crates.io release instead, or generate Cargo.nix with the cargo2nix command line`,
    { file: 'Cargo.lock', ...(line !== undefined ? { line } : {}), crate: displayPackageId(ids[0]!) },
  );
}

/** The git packages of a lock file, in lock order. */
/** A lock's text or, to parse a large lock only once, the lock already parsed. */
type LockInput = string | Lockfile;
const lockOf = (lock: LockInput): Lockfile => (typeof lock === 'string' ? parseLockfile(lock) : lock);

export function gitPackages(lock: LockInput): LockedPackage[] {
  return lockOf(lock).packages.filter((p) => p.id.source.kind === 'git');
}

/**
 * Throw before any download when the lock needs what NetworkSource cannot fetch: git packages when
 * no git client is configured (all named in one error) or packages from registries on the git index
 * protocol other than crates.io (likewise). `covered` exempts packages another source answers for (e.g. `MemorySource.has` for an
 * example's bundled snapshot).
 */
export function checkNetworkSupport(
  lockInput: LockInput,
  covered: (id: PackageId) => boolean = () => false,
  support: { readonly git?: boolean } = {},
): void {
  const lock = lockOf(lockInput);
  const needed = lock.packages.filter((p) => p.id.source.kind !== 'path' && !covered(p.id));
  const git = needed.filter((p) => p.id.source.kind === 'git');
  if (git.length > 0 && support.git !== true)
    throw gitUnsupported(
      git.map((p) => p.id),
      git[0]!.line,
    );
  const gitIndex = needed.filter((p) => p.id.source.kind === 'registry' && !isCratesIo(p.id.source));
  if (gitIndex.length > 0)
    throw gitProtocolRegistries(
      gitIndex.map((p) => p.id),
      gitIndex[0]!.line,
    );
}
