// A git smart-HTTP server on 127.0.0.1 for the tests: a small node:http
// server running Debian's `git http-backend` (CGI) per request over bare
// repositories under a temp folder, plus helpers that build those
// repositories from file maps with fixed authors and dates, so commit ids
// are the same on every run.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type RepoFile = string | Uint8Array | { readonly executable: string | Uint8Array } | { readonly symlink: string };
export type RepoFiles = Readonly<Record<string, RepoFile>>;

export interface GitServer {
  /**
   * `http://127.0.0.1:<port>`; a repository `name` is at `${origin}/name`, and also at
   * `${origin}/proxy/<any host>/name` (a `corsProxy` of `${origin}/proxy`). CORS allows any origin.
   */
  readonly origin: string;
  /** Folder holding the bare repositories (`<name>` each). */
  readonly root: string;
  /** Request paths in order of arrival. */
  readonly requests: readonly string[];
  /** Requests whose path matches get no answer (the connection stays open) until `hang(undefined)`. */
  hang(pattern: RegExp | undefined): void;
  /** Resolves once `count` requests whose path matches have arrived. */
  arrived(count: number, pattern: RegExp): Promise<void>;
  url(name: string): string;
  close(): Promise<void>;
}

const FIXED_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.org',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.org',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: tmpdir(),
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'core.autocrlf=false', ...args], {
    cwd,
    env: { ...process.env, ...FIXED_ENV },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  }).trim();
}

/** Write a file map into `dir` (clearing what the previous commit had). */
export function writeFiles(dir: string, files: RepoFiles): void {
  for (const [path, file] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    if (typeof file === 'string' || file instanceof Uint8Array) writeFileSync(full, file);
    else if ('symlink' in file) symlinkSync(file.symlink, full);
    else {
      writeFileSync(full, file.executable);
      chmodSync(full, 0o755);
    }
  }
}

/** Builds a bare repository commit by commit; `publish` copies it to the server's root. */
export class RepoBuilder {
  readonly work: string;

  constructor(
    private readonly server: GitServer,
    readonly name: string,
  ) {
    this.work = mkdtempSync(join(tmpdir(), `git-work-${name}-`));
    git(this.work, 'init', '-q');
    git(this.server.root, 'init', '-q', '--bare', name);
  }

  /** Replace the work tree with `files` (and submodule entries `gitlinks`, path → commit) and commit; returns the commit id. */
  commit(files: RepoFiles, message = 'commit', gitlinks: Readonly<Record<string, string>> = {}): string {
    for (const entry of git(this.work, 'ls-files').split('\n').filter(Boolean)) rmSync(join(this.work, entry), { force: true, recursive: true });
    writeFiles(this.work, files);
    git(this.work, 'add', '-A');
    // Submodule entries (mode 160000) without a checkout of their own.
    for (const [path, commit] of Object.entries(gitlinks)) git(this.work, 'update-index', '--add', '--cacheinfo', `160000,${commit},${path}`);
    git(this.work, 'commit', '-q', '--allow-empty', '-m', message);
    return git(this.work, 'rev-parse', 'HEAD');
  }

  /** Push `from` (a branch, `HEAD`, a tag, a commit) of the work repository to the bare one (default this one) as `to`. */
  push(from: string, to: string, repo = this.name): void {
    if (!existsSync(join(this.server.root, repo))) git(this.server.root, 'init', '-q', '--bare', repo);
    git(this.work, 'push', '-q', '--force', join(this.server.root, repo), `${from}:${to}`);
  }

  /** Store a commit in the bare repository without any ref reaching it. */
  pushUnreferenced(commit: string, repo = this.name): void {
    this.push(commit, 'refs/tmp/unreferenced', repo);
    git(join(this.server.root, repo), 'update-ref', '-d', 'refs/tmp/unreferenced');
  }

  config(key: string, value: string, repo = this.name): void {
    git(join(this.server.root, repo), 'config', key, value);
  }

  dispose(): void {
    rmSync(this.work, { recursive: true, force: true });
  }
}

/** Start a git http-backend server over a fresh temp root. */
export async function startGitServer(): Promise<GitServer> {
  const root = mkdtempSync(join(tmpdir(), 'git-server-'));
  const requests: string[] = [];
  let hangPattern: RegExp | undefined;
  const waiters: { count: number; pattern: RegExp; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname);
    for (const w of [...waiters]) {
      if (requests.filter((p) => w.pattern.test(p)).length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
    if (hangPattern?.test(url.pathname)) return;
    // Browsers (the worker test) fetch cross-origin.
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
      res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '*');
      res.writeHead(204).end();
      return;
    }
    // `/proxy/<host>/<path>` is the layout isomorphic-git's `corsProxy` (and our edge function) uses.
    const proxied = /^\/proxy\/[^/]+(\/.*)$/.exec(url.pathname);
    if (proxied) url.pathname = proxied[1]!;
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: root,
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_ADDR: '127.0.0.1',
        ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    req.pipe(child.stdin);
    child.stdin.on('error', () => {});
    // CGI: headers up to a blank line, then the body, streamed on.
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const key = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (key.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else res.setHeader(key, value);
      }
      res.writeHead(status);
      res.write(head.subarray(end + 4));
    });
    child.on('close', () => {
      if (!headersDone) res.writeHead(502).end('git http-backend wrote no headers');
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    root,
    requests,
    hang: (pattern) => {
      hangPattern = pattern;
    },
    arrived: (count, pattern) =>
      requests.filter((p) => pattern.test(p)).length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, pattern, resolve })),
    url: (name) => `${origin}/${name}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(root, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

/** Serve a git bundle's repository (all its refs) as `name`. */
export function serveBundle(server: GitServer, name: string, bundle: string): void {
  git(server.root, 'clone', '-q', '--bare', bundle, name);
}
