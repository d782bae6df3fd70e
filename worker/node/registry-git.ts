// Prefetched git hashes from a registry folder instead of the network: each git repository of the
// lock may be a git bundle at `<registry>/git/<repo>.bundle` (`<repo>`: the URL's last path
// segment without `.git`, e.g. `https://git.example.org/gitdep` → `gitdep.bundle`). The bundle's
// pack is indexed in memory (isomorphic-git, no git binary) and the locked commit's tree hashed the
// way Nix hashes a clean checkout, as the network prefetch does. A repository without a bundle, or
// whose bundle lacks the commit, gets an `error` instead of a hash (like a failed fetch).
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import '../metadata/git/buffer-global.ts';
import * as git from 'isomorphic-git';
import { lockedCommit, errorReason } from '../metadata/git/git-source.ts';
import { GITDIR, readTree } from '../metadata/git/checkout.ts';
import { createMemoryFs } from '../metadata/git/memory-fs.ts';
import { narHash } from '../hash/nar-hash.ts';
import type { GitSourceHash } from '../model/git-hash.ts';
import type { LockedPackage } from '../parse/lockfile.ts';

/** The bundle file a repository URL maps to. */
export function bundleName(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return `${basename(path).replace(/\.git$/, '')}.bundle`;
}

/** A bundle's pack data (formats v2 and v3); a bundle that needs commits it does not carry is refused. */
export function bundlePack(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder('latin1');
  const firstLine = text.decode(bytes.subarray(0, Math.min(bytes.length, 32))).split('\n')[0];
  if (firstLine !== '# v2 git bundle' && firstLine !== '# v3 git bundle') throw new Error('not a git bundle (v2 or v3)');
  // Header lines end at the first empty line; the pack follows.
  let at = firstLine.length + 1;
  for (;;) {
    const end = bytes.indexOf(0x0a, at);
    if (end < 0) throw new Error('truncated git bundle (no end of header)');
    const line = text.decode(bytes.subarray(at, end));
    at = end + 1;
    if (line === '') break;
    if (line.startsWith('-')) throw new Error(`the bundle needs commit ${line.slice(1, 41)}, which it does not carry`);
  }
  return bytes.subarray(at);
}

/** The Nix hash of `commit`'s tree in a bundle. */
export async function bundleTreeHash(bundle: Uint8Array, commit: string): Promise<{ sri: string; base32: string }> {
  const fs = createMemoryFs();
  const cache = {};
  await git.init({ fs, gitdir: GITDIR, bare: true });
  const packPath = 'objects/pack/pack-bundle.pack';
  await fs.promises.writeFile(`${GITDIR}/${packPath}`, bundlePack(bundle));
  await git.indexPack({ fs, dir: GITDIR, gitdir: GITDIR, filepath: packPath, cache });
  try {
    await git.readCommit({ fs, gitdir: GITDIR, oid: commit, cache });
  } catch {
    throw new Error(`commit ${commit} is not in the bundle`);
  }
  const { tree, submodules } = await readTree(fs, cache, commit, () => true);
  if (submodules.length > 0) throw new Error(`the tree has git submodules (${submodules.join(', ')}), which are not supported`);
  return narHash(tree);
}

/** One entry per repository and commit of `packages` (the lock's git packages), in lock order. */
export async function registryGitHashes(registry: string, packages: readonly LockedPackage[]): Promise<GitSourceHash[]> {
  const commits = new Map<string, { url: string; rev: string; packages: string[] }>();
  for (const p of packages) {
    let locked: ReturnType<typeof lockedCommit>;
    try {
      locked = lockedCommit(p.id);
    } catch {
      continue; // the pipeline reports the unpinned package, located
    }
    const key = `${locked.url}#${locked.commit}`;
    if (!commits.has(key)) commits.set(key, { url: locked.url, rev: locked.commit, packages: [] });
    commits.get(key)!.packages.push(`${p.id.name}-${p.id.version}`);
  }
  const out: GitSourceHash[] = [];
  for (const { url, rev, packages: names } of commits.values()) {
    const path = join(registry, 'git', bundleName(url));
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch {
      out.push({ url, rev, packages: names, error: `no git bundle ${path} in the registry folder` });
      continue;
    }
    try {
      out.push({ url, rev, packages: names, ...(await bundleTreeHash(bytes, rev)) });
    } catch (e) {
      out.push({ url, rev, packages: names, error: `${path}: ${errorReason(e)}` });
    }
  }
  return out;
}
