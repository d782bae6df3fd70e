// What the git source remembers per (repository URL, commit): the manifest of
// every package the commit holds, inheritance applied. A commit never changes,
// so entries never expire. The browser keeps them in IndexedDB
// (worker/browser/git-cache-indexeddb.ts); here are the contract, the shape
// check for what comes back, and the in-memory cache.

/** One package of a commit: its manifest text, or why it cannot be used. */
export type GitPackageEntry = { readonly version: string; readonly manifest: string } | { readonly error: string };

export interface GitCommitManifests {
  readonly url: string;
  readonly commit: string;
  readonly packages: Readonly<Record<string, GitPackageEntry>>;
  /** Why a package may be missing: submodule paths, manifests that could not be read. */
  readonly notes: readonly string[];
  /** The Nix hash of the commit's whole tree, once something asked for it (GitSource.treeHash). */
  readonly narHash?: { readonly sri: string; readonly base32: string };
}

export interface GitCache {
  /** The stored manifests, or undefined when absent or unreadable: a cache never fails a run. */
  get(url: string, commit: string): Promise<GitCommitManifests | undefined>;
  /** Store; failures are swallowed. */
  put(value: GitCommitManifests): Promise<void>;
}

export function gitCacheKey(url: string, commit: string): string {
  return `${url}#${commit}`;
}

/** Whether something read back from storage is the manifests of this url and commit. */
export function isGitCommitManifests(value: unknown, url: string, commit: string): value is GitCommitManifests {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<GitCommitManifests>;
  if (v.url !== url || v.commit !== commit || !Array.isArray(v.notes) || typeof v.packages !== 'object' || v.packages === null) return false;
  if (v.narHash !== undefined && (typeof v.narHash?.sri !== 'string' || typeof v.narHash.base32 !== 'string')) return false;
  return Object.values(v.packages).every(
    (p: unknown) =>
      typeof p === 'object' &&
      p !== null &&
      (('error' in p && typeof p.error === 'string') ||
        ('version' in p && typeof p.version === 'string' && 'manifest' in p && typeof p.manifest === 'string')),
  );
}

export class MemoryGitCache implements GitCache {
  private readonly map = new Map<string, GitCommitManifests>();

  get(url: string, commit: string): Promise<GitCommitManifests | undefined> {
    return Promise.resolve(this.map.get(gitCacheKey(url, commit)));
  }

  put(value: GitCommitManifests): Promise<void> {
    this.map.set(gitCacheKey(value.url, value.commit), value);
    return Promise.resolve();
  }
}
