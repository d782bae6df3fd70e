// Git packages' manifests for the MetadataSource: fetch the locked commit
// (checkout.ts), find every package in it the way cargo does
// (find-package.ts), apply workspace inheritance (inherit.ts), and answer
// `gitManifest` from that, once per (url, commit) per run and across runs
// through a GitCache.
import { GeneratorError } from '../../core/errors.ts';
import { displayPackageId, type PackageId } from '../../core/package-id.ts';
import { fetchCommit, GitFetchError, type Checkout, type FallbackRef } from './checkout.ts';
import { scanPackages } from './find-package.ts';
import type { GitCache, GitCommitManifests, GitPackageEntry } from './git-cache.ts';
import { gitCacheKey } from './git-cache.ts';
import { gitHttpClient, type GitHttpOptions } from './git-http.ts';
import { selfContainedManifest } from './inherit.ts';

/** The HTTP options apply per commit fetch: `maxBytes` counts all of one commit's attempts together. */
export interface GitClientOptions extends GitHttpOptions {
  /** isomorphic-git's `corsProxy`: requests go to `<corsProxy>/<host>/<path>` (the site's edge function). None in Node. */
  readonly corsProxy?: string;
  /** Rewrites a repository URL before fetching (tests point `https://git.example.org/…` at a loopback server). */
  readonly rewriteUrl?: (url: string) => string;
  readonly cache?: GitCache;
}

/** A git package's locked repository and commit, or a located error when the lock does not pin one. */
export function lockedCommit(id: PackageId): { url: string; commit: string; fallback: FallbackRef } {
  const who = displayPackageId(id);
  if (id.source.kind !== 'git') throw new GeneratorError(`\`${who}\` is not a git package`, { crate: who });
  const { url, reference, precise } = id.source;
  if (precise === undefined || !/^[0-9a-f]{40}$/.test(precise)) {
    throw new GeneratorError(`git package \`${who}\` has no full commit id after \`#\` in its Cargo.lock source`, { file: 'Cargo.lock', crate: who });
  }
  const fallback: FallbackRef =
    reference.kind === 'branch' || reference.kind === 'tag' ? { kind: reference.kind, name: reference.value } : { kind: 'default' };
  return { url, commit: precise, fallback };
}

/** Every package of a checkout, as the cache stores them. */
export function commitManifests(url: string, checkout: Checkout): GitCommitManifests {
  const scan = scanPackages(checkout.tree, url);
  const packages: Record<string, GitPackageEntry> = {};
  for (const [name, found] of scan.packages) {
    try {
      const { manifest, text } = selfContainedManifest(found.manifest, found.root);
      packages[name] = { version: manifest.version, manifest: text };
    } catch (e) {
      if (!(e instanceof GeneratorError)) throw e;
      packages[name] = { error: e.format() };
    }
  }
  const notes = [
    ...checkout.submodules.map((p) => `\`${p}\` is a git submodule, which is not supported (its files are not fetched)`),
    ...scan.unreadable.map((e) => e.format()),
  ];
  return { url, commit: checkout.commit, packages, notes };
}

/** An error's message with its causes (Node's fetch says only "fetch failed", its cause says why). */
export function errorReason(e: unknown): string {
  const parts: string[] = [];
  for (let at: unknown = e, depth = 0; at !== undefined && depth < 4; depth++) {
    const message = at instanceof Error ? at.message : String(at);
    if (message && !parts.includes(message)) parts.push(message);
    at = at instanceof Error ? at.cause : undefined;
  }
  return parts.join(': ');
}

const isManifest = (path: string) => path === 'Cargo.toml' || path.endsWith('/Cargo.toml');

export class GitSource {
  private readonly inFlight = new Map<string, Promise<GitCommitManifests>>();

  constructor(private readonly options: GitClientOptions = {}) {}

  /**
   * Fetch a commit's tree (no cache: trees are big and only prefetching needs them). `files` limits
   * which files are read (see GitFetchOptions).
   */
  checkout(url: string, commit: string, fallback: FallbackRef = { kind: 'default' }, files?: (path: string) => boolean): Promise<Checkout> {
    const http = gitHttpClient({
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      ...(this.options.onRequest ? { onRequest: this.options.onRequest } : {}),
      ...(this.options.idleTimeoutMs !== undefined ? { idleTimeoutMs: this.options.idleTimeoutMs } : {}),
      ...(this.options.maxBytes !== undefined ? { maxBytes: this.options.maxBytes } : {}),
      ...(this.options.clock ? { clock: this.options.clock } : {}),
    });
    const target = this.options.rewriteUrl ? this.options.rewriteUrl(url) : url;
    return fetchCommit(target, commit, fallback, {
      http,
      ...(this.options.corsProxy ? { corsProxy: this.options.corsProxy } : {}),
      ...(files ? { files } : {}),
    });
  }

  private manifests(url: string, commit: string, fallback: FallbackRef): Promise<GitCommitManifests> {
    const key = gitCacheKey(url, commit);
    let p = this.inFlight.get(key);
    if (!p) {
      p = (async () => {
        const cached = await this.options.cache?.get(url, commit).catch(() => undefined);
        if (cached) return cached;
        const value = commitManifests(url, await this.checkout(url, commit, fallback, isManifest));
        await this.options.cache?.put(value).catch(() => {});
        return value;
      })();
      // A failed fetch may be retried by the next run, not by this run's other packages.
      this.inFlight.set(key, p);
    }
    return p;
  }

  /**
   * The Nix hash of the commit's whole tree (what `nix hash path` gives for a checkout without
   * `.git`), from the cache when it has it. The same fetch also answers this run's and later runs'
   * `gitManifest` for the commit. A tree with submodules is refused: its hash would leave them out.
   */
  async treeHash(url: string, commit: string, fallback: FallbackRef = { kind: 'default' }): Promise<{ sri: string; base32: string }> {
    const cached = await this.options.cache?.get(url, commit).catch(() => undefined);
    if (cached?.narHash) return cached.narHash;
    const checkout = await this.checkout(url, commit, fallback);
    if (checkout.submodules.length > 0) {
      throw new GitFetchError(
        `the tree has git submodules (${checkout.submodules.join(', ')}), which are not supported: its hash would leave them out`,
      );
    }
    // Loaded on demand: hash-wasm's WebAssembly is only needed once a hash is asked for.
    const { narHash } = await import('../../hash/nar-hash.ts');
    const { sri, base32 } = await narHash(checkout.tree);
    const value: GitCommitManifests = { ...(cached ?? commitManifests(url, checkout)), narHash: { sri, base32 } };
    await this.options.cache?.put(value).catch(() => {});
    this.inFlight.set(gitCacheKey(url, commit), Promise.resolve(value));
    return value.narHash!;
  }

  async gitManifest(id: PackageId): Promise<string> {
    const who = displayPackageId(id);
    const { url, commit, fallback } = lockedCommit(id);
    let value: GitCommitManifests;
    try {
      value = await this.manifests(url, commit, fallback);
    } catch (e) {
      if (e instanceof GeneratorError || this.options.signal?.aborted) throw e;
      const reason = errorReason(e);
      // In the browser every git request goes through the edge function; a bare "Failed to fetch" must say which hop failed.
      const via = this.options.corsProxy ? ` through the git proxy ${this.options.corsProxy}` : '';
      throw new GeneratorError(`cannot fetch git package \`${who}\` from ${url}${via}: ${reason}`, { file: 'Cargo.lock', crate: who });
    }
    const entry = value.packages[id.name];
    if (!entry) {
      const notes = value.notes.length > 0 ? ` (${value.notes.join('; ')})` : '';
      throw new GeneratorError(`commit ${commit} of ${url} has no package \`${id.name}\` (no Cargo.toml in it names that package)${notes}`, {
        file: 'Cargo.lock',
        crate: who,
      });
    }
    if ('error' in entry) throw new GeneratorError(`git package \`${who}\`: ${entry.error}`, { crate: who });
    if (entry.version !== id.version) {
      throw new GeneratorError(`commit ${commit} of ${url} has \`${id.name}\` version ${entry.version}, but Cargo.lock locks ${id.version}`, {
        file: 'Cargo.lock',
        crate: who,
      });
    }
    return entry.manifest;
  }
}
