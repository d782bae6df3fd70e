// Real git through the edge function: Debian's git clones and shallow-fetches a locked commit from
// git http-backend (test/support/git-server.ts) with the edge under workerd in between, in the
// layout isomorphic-git's corsProxy uses (<edge>/api/git/<host>/<path>).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEdge, type EdgeServer } from '../support/edge.ts';
import { git, serveBundle, startGitServer, type GitServer } from '../support/git-server.ts';
import { FIXTURES } from '../support/golden.ts';

const run = promisify(execFile);

/** git over HTTP runs asynchronously: the git server and the edge's caller share this process's event loop. */
async function gitAsync(cwd: string, ...args: string[]): Promise<string> {
  const env = { ...process.env, HOME: tmpdir(), GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };
  return (await run('git', args, { cwd, env })).stdout.trim();
}

let server: GitServer;
let edge: EdgeServer;
let dir: string;

beforeAll(async () => {
  server = await startGitServer();
  serveBundle(server, 'gitdep', join(FIXTURES, 'debian', 'registry', 'git', 'gitdep.bundle'));
  edge = await startEdge({ vars: { GIT_EXTRA_HOSTS: 'git.example.org', GIT_UPSTREAMS: JSON.stringify({ 'git.example.org': server.origin }) } });
  dir = mkdtempSync(join(tmpdir(), 'edge-clone-'));
});

afterAll(async () => {
  await edge?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('git clone through the edge gives the same commit and files as a direct clone', async () => {
  const before = server.requests.length;
  await gitAsync(dir, 'clone', '-q', `${edge.url}/api/git/git.example.org/gitdep`, 'via-edge');
  git(dir, 'clone', '-q', join(server.root, 'gitdep'), 'direct');
  expect(git(join(dir, 'via-edge'), 'rev-parse', 'HEAD')).toBe(git(join(dir, 'direct'), 'rev-parse', 'HEAD'));
  expect(readFileSync(join(dir, 'via-edge', 'Cargo.toml'), 'utf8')).toBe(readFileSync(join(dir, 'direct', 'Cargo.toml'), 'utf8'));
  const paths = server.requests.slice(before).map((p) => p.replace(/\?.*/, ''));
  expect(new Set(paths)).toEqual(new Set(['/gitdep/info/refs', '/gitdep/git-upload-pack']));
});

it('a shallow fetch of one locked commit through the edge (what the site does)', async () => {
  const commit = git(join(server.root, 'gitdep'), 'rev-parse', 'HEAD');
  const repo = join(dir, 'shallow');
  git(dir, 'init', '-q', repo);
  await gitAsync(repo, 'fetch', '-q', '--depth', '1', `${edge.url}/api/git/git.example.org/gitdep`, commit);
  expect(git(repo, 'rev-parse', 'FETCH_HEAD')).toBe(commit);
  expect(git(repo, 'rev-list', '--count', 'FETCH_HEAD')).toBe('1');
});

it('git push through the edge is refused', async () => {
  const repo = join(dir, 'pusher');
  await gitAsync(dir, 'clone', '-q', join(server.root, 'gitdep'), 'pusher');
  const before = server.requests.length;
  await expect(gitAsync(repo, 'push', `${edge.url}/api/git/git.example.org/gitdep`, 'HEAD:refs/heads/pushed')).rejects.toThrow(/403/);
  expect(server.requests.length).toBe(before);
  expect(() => git(join(server.root, 'gitdep'), 'rev-parse', '--verify', '-q', 'refs/heads/pushed')).toThrow();
});
