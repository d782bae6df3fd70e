// The two smart-HTTP requests a git client makes for a fetch, in the layout isomorphic-git's
// `corsProxy` option produces (`${corsProxy}/${url without https://}`):
//   GET  /api/git/<host>/<path>/info/refs?service=git-upload-pack
//   POST /api/git/<host>/<path>/git-upload-pack
// Nothing else is proxied: no git-receive-pack (push), no dumb-protocol files, no odd path segments.
import { EdgeError } from './errors.ts';

export const GIT_PREFIX = '/api/git/';
const SERVICE = 'git-upload-pack';
/** One repository path segment: what hosts allow in owner/repo names (sourcehut's ~user included), never "." or "..". */
const SEGMENT = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/;

export interface GitRoute {
  readonly kind: 'info-refs' | 'upload-pack';
  /** The host segment as written; host-safety decides whether it may be contacted. */
  readonly rawHost: string;
  /** The repository path on that host, e.g. "owner/repo.git". */
  readonly repoPath: string;
}

/** Parses a request path under /api/git/ (raw, still percent-encoded) and its method and query. */
export function parseGitRoute(pathname: string, method: string, search: URLSearchParams): GitRoute {
  const segments = pathname.slice(GIT_PREFIX.length).split('/');
  const rawHost = segments.shift() ?? '';
  const tail = segments.slice(-2).join('/');
  let kind: GitRoute['kind'];
  let repo: string[];
  if (tail === 'info/refs') {
    kind = 'info-refs';
    repo = segments.slice(0, -2);
  } else if (segments.at(-1) === SERVICE) {
    kind = 'upload-pack';
    repo = segments.slice(0, -1);
  } else if (segments.at(-1) === 'git-receive-pack') {
    throw new EdgeError(403, 'git-receive-pack is never proxied (read-only proxy)');
  } else {
    throw new EdgeError(403, 'path not allowed: only <repo>/info/refs and <repo>/git-upload-pack are proxied');
  }
  if (repo.length === 0) throw new EdgeError(400, 'missing repository path');
  const bad = repo.find((s) => !SEGMENT.test(s) || s === '..' || s === '.');
  if (bad !== undefined) throw new EdgeError(403, `path not allowed: segment ${JSON.stringify(bad)}`);
  if (kind === 'info-refs') {
    const service = search.get('service');
    if (service === null) throw new EdgeError(400, 'info/refs needs ?service=git-upload-pack (the dumb protocol is not proxied)');
    if (service !== SERVICE) throw new EdgeError(403, `service not allowed: ${service}`);
    if (method !== 'GET' && method !== 'HEAD') throw new EdgeError(405, 'info/refs takes GET', { allow: 'GET' });
  } else if (method !== 'POST') {
    throw new EdgeError(405, 'git-upload-pack takes POST', { allow: 'POST' });
  }
  return { kind, rawHost, repoPath: repo.join('/') };
}
