// Prefetched hashes for the git sources of a lock: each (url, commit) is fetched once, whole, for
// the Nix hash of its tree (GitSource.treeHash); that same fetch then answers the manifests the
// resolver asks for, so a git dependency costs one fetch, and hashing runs beside the crates.io
// downloads rather than after them. A hash that cannot be made is reported, not fatal: the
// generated files do not need it.
import type { PackageId } from '../core/package-id.ts';
import { gitCacheKey } from '../metadata/git/git-cache.ts';
import { errorReason, lockedCommit, type GitSource } from '../metadata/git/git-source.ts';
import type { LockedPackage } from '../parse/lockfile.ts';
import type { GitSourceHash } from './protocol.ts';

export interface GitPrefetch {
  /** One entry per repository and commit of the lock, in lock order, once every hash is done or failed. */
  readonly hashes: Promise<GitSourceHash[]>;
  /** A git package's manifest, asked for only after its commit's hash fetch settled (so it comes from that fetch). */
  gitManifest(id: PackageId): Promise<string>;
}

/** `packages`: the lock's git packages (`gitPackages`). */
export function prefetchGit(packages: readonly LockedPackage[], git: GitSource): GitPrefetch {
  const commits = new Map<string, { url: string; rev: string; packages: string[]; hash: Promise<GitSourceHash> }>();
  for (const p of packages) {
    let locked: ReturnType<typeof lockedCommit>;
    try {
      locked = lockedCommit(p.id);
    } catch {
      continue; // gitManifest reports the unpinned package, located
    }
    const key = gitCacheKey(locked.url, locked.commit);
    let entry = commits.get(key);
    if (!entry) {
      const packages: string[] = [];
      const { url, commit: rev, fallback } = locked;
      const hash = git.treeHash(url, rev, fallback).then(
        ({ sri, base32 }): GitSourceHash => ({ url, rev, packages, sri, base32 }),
        (e: unknown): GitSourceHash => ({ url, rev, packages, error: errorReason(e) }),
      );
      entry = { url, rev, packages, hash };
      commits.set(key, entry);
    }
    entry.packages.push(`${p.id.name}-${p.id.version}`);
  }
  return {
    hashes: Promise.all([...commits.values()].map((c) => c.hash)),
    async gitManifest(id) {
      const source = id.source;
      if (source.kind === 'git' && source.precise !== undefined) await commits.get(gitCacheKey(source.url, source.precise))?.hash;
      return git.gitManifest(id);
    },
  };
}
