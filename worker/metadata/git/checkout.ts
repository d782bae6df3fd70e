// Fetch exactly one commit of a git repository over smart HTTP into memory
// and read its tree as a FileTree. Shallow first, by the commit id itself
// (git http-backend answers reachable ids; GitHub any); when the server
// refuses, the locked branch or tag, then every ref, with full history.
import './buffer-global.ts';
import * as git from 'isomorphic-git';
import type { HttpClient } from 'isomorphic-git';
import type { FileTree } from '../../hash/file-tree.ts';
import { createMemoryFs } from './memory-fs.ts';

export interface GitFetchOptions {
  readonly http: HttpClient;
  /** Prefix for every request, in isomorphic-git's `corsProxy` layout (`<proxy>/<host>/<path>`); none in Node. */
  readonly corsProxy?: string;
  /**
   * Which files to read (path from the repository root); the others are left out of the tree, which
   * is then partial. Default: all. Finding packages needs only the manifests, and inflating every
   * blob of a big repository is most of a checkout's time.
   */
  readonly files?: (path: string) => boolean;
}

/** A commit's tree as checked out, and what it could not contain. */
export interface Checkout {
  readonly commit: string;
  readonly tree: FileTree;
  /** Paths of submodules (gitlinks): their contents are not fetched. */
  readonly submodules: readonly string[];
}

/** The ref to fetch when the commit cannot be asked for by id: what the lock says it came from. */
export type FallbackRef = { readonly kind: 'branch' | 'tag'; readonly name: string } | { readonly kind: 'default' };

export class GitFetchError extends Error {}

export const GITDIR = '/repo.git';

export async function fetchCommit(url: string, commit: string, fallback: FallbackRef, options: GitFetchOptions): Promise<Checkout> {
  if (!/^[0-9a-f]{40}$/.test(commit)) throw new GitFetchError(`\`${commit}\` is not a full commit id`);
  const fs = createMemoryFs();
  const cache = {};
  await git.init({ fs, gitdir: GITDIR, bare: true });
  await git.addRemote({ fs, gitdir: GITDIR, remote: 'origin', url });
  const base = { fs, http: options.http, gitdir: GITDIR, remote: 'origin', cache, ...(options.corsProxy ? { corsProxy: options.corsProxy } : {}) };
  const has = async () => {
    try {
      await git.readCommit({ fs, gitdir: GITDIR, oid: commit, cache });
      return true;
    } catch {
      return false;
    }
  };

  const attempts: (() => Promise<unknown>)[] = [
    () => git.fetch({ ...base, ref: commit, singleBranch: true, depth: 1, tags: false }),
    ...(fallback.kind === 'default'
      ? []
      : [() => git.fetch({ ...base, ref: fallback.kind === 'tag' ? `refs/tags/${fallback.name}` : fallback.name, singleBranch: true, tags: false })]),
    () => git.fetch({ ...base, singleBranch: false, tags: true }),
  ];
  const failures: string[] = [];
  for (const attempt of attempts) {
    try {
      await attempt();
    } catch (e) {
      if (isUnreachable(e)) throw e;
      failures.push(e instanceof Error ? e.message : String(e));
      continue;
    }
    if (await has()) return { commit, ...(await readTree(fs, cache, commit, options.files ?? (() => true))) };
  }
  throw new GitFetchError(
    `commit ${commit} is not in ${url}: no branch or tag the server advertises reaches it, and the server does not serve it by id` +
      (failures.length > 0 ? ` (${failures[failures.length - 1]})` : ''),
  );
}

/** Errors no other way of asking can fix (no such repository, network down, cancelled). */
function isUnreachable(e: unknown): boolean {
  if (!(e instanceof Error)) return true;
  const code = (e as { code?: unknown }).code;
  if (code === 'HttpError') {
    const status = (e as { data?: { statusCode?: number } }).data?.statusCode;
    return status === 404 || status === 401 || status === 403;
  }
  return e.name === 'AbortError' || code === 'UrlParseError' || code === 'UnknownTransportError' || code === undefined;
}

type Fs = ReturnType<typeof createMemoryFs>;

/** A commit's tree from a repository at GITDIR (also the command line's registry bundles, worker/node/registry-git.ts). */
export async function readTree(fs: Fs, cache: object, commit: string, wanted: (path: string) => boolean): Promise<Omit<Checkout, 'commit'>> {
  const submodules: string[] = [];
  const walk = async (oid: string, prefix: string): Promise<FileTree> => {
    const { tree } = await git.readTree({ fs, gitdir: GITDIR, oid, cache });
    const entries = new Map<string, FileTree>();
    for (const entry of tree) {
      const path = prefix + entry.path;
      switch (entry.mode) {
        case '040000':
          entries.set(entry.path, await walk(entry.oid, `${path}/`));
          break;
        case '160000':
          submodules.push(path);
          break;
        case '120000': {
          if (!wanted(path)) break;
          const { blob } = await git.readBlob({ fs, gitdir: GITDIR, oid: entry.oid, cache });
          entries.set(entry.path, { type: 'symlink', target: new TextDecoder().decode(blob) });
          break;
        }
        default: {
          if (!wanted(path)) break;
          const { blob } = await git.readBlob({ fs, gitdir: GITDIR, oid: entry.oid, cache });
          entries.set(entry.path, { type: 'regular', executable: entry.mode === '100755', contents: blob });
        }
      }
    }
    return { type: 'directory', entries };
  };
  const { commit: c } = await git.readCommit({ fs, gitdir: GITDIR, oid: commit, cache });
  return { tree: await walk(c.tree, ''), submodules };
}
