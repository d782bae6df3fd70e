// The command line's network mode and `npm run prefetch-git`, against a git
// http-backend and the fake registry on 127.0.0.1: the git-path golden case
// generates byte for byte without a registry folder (crates from the fake
// index, gitdep from the git server through --git-rewrite), and the hash
// prefetch-git prints for a commit equals what real Nix computes for a plain
// `git clone` + checkout with `.git` removed (`nix hash path`, SRI; `nix-hash
// --base32`), for every test repository.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../../worker/node/bundle-cli.ts';
import { startFakeRegistry, type FakeRegistry } from '../support/fake-registry.ts';
import { git, RepoBuilder, serveBundle, startGitServer, type GitServer } from '../support/git-server.ts';
import { assertSameFile, FIXTURES } from '../support/golden.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const exec = promisify(execFile);
const NIX_ENV = { ...process.env, NIX_PATH: '' };

let server: GitServer;
let registry: FakeRegistry;
let scratch: string;
const builders: RepoBuilder[] = [];
const repos: { name: string; commit: string }[] = [];

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run an npm script (async: the servers answer from this process). */
async function npmRun(script: string, args: readonly string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await exec('npm', ['run', '--silent', script, '--', ...args], { cwd: ROOT, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

beforeAll(async () => {
  server = await startGitServer();
  registry = await startFakeRegistry([join(FIXTURES, 'debian', 'registry')]);
  scratch = mkdtempSync(join(tmpdir(), 'git-cli-'));
  const add = (name: string, build: (r: RepoBuilder) => string) => {
    const r = new RepoBuilder(server, name);
    builders.push(r);
    repos.push({ name, commit: build(r) });
  };
  add('files', (r) => {
    const big = new Uint8Array(3 << 20).map((_, i) => (i * 2654435761) >>> 24);
    const c = r.commit({
      'Cargo.toml': '[package]\nname = "files"\nversion = "0.1.0"\n',
      'bin/run.sh': { executable: '#!/bin/sh\n' },
      'link-to-file': { symlink: 'Cargo.toml' },
      dangling: { symlink: 'nowhere/at/all' },
      'deep/er/still/empty.txt': '',
      'big.bin': big,
      '.hidden/x': 'y',
    });
    r.push('HEAD', 'refs/heads/main');
    return c;
  });
  add('workspace', (r) => {
    r.commit({ 'Cargo.toml': '[workspace]\nmembers = []\n' });
    r.push('HEAD', 'refs/heads/main');
    // The tagged commit is on no branch.
    const c = r.commit({
      'Cargo.toml': '[workspace]\nmembers = ["a"]\n[workspace.package]\nversion = "2.0.0"\n',
      'a/Cargo.toml': '[package]\nname = "a"\nversion.workspace = true\n',
      'a/src/lib.rs': '',
    });
    r.push('HEAD', 'refs/tags/v2');
    return c;
  });
  serveBundle(server, 'gitdep', join(FIXTURES, 'debian', 'registry', 'git', 'gitdep.bundle'));
  repos.push({ name: 'gitdep', commit: git(join(server.root, 'gitdep'), 'rev-parse', 'HEAD') });
});

afterAll(async () => {
  for (const b of builders) b.dispose();
  rmSync(scratch, { recursive: true, force: true });
  await registry?.close();
  await server?.close();
});

describe('command line without --registry', () => {
  it('generates git-path byte for byte from the fake index and the git server', async () => {
    const dir = join(FIXTURES, 'debian', 'cases', 'git-path');
    const o = await npmRun('generate', [
      dir,
      '--index',
      registry.indexBase,
      '--dl',
      registry.downloadBase,
      '--git-rewrite',
      `https://git.example.org/=${server.origin}/`,
    ]);
    expect(o.stderr).toBe('');
    expect(o.code).toBe(0);
    assertSameFile('debian/git-path/Cargo.nix', o.stdout, readFileSync(join(dir, 'expected', 'Cargo.nix'), 'utf8'));
    expect(server.requests.filter((p) => p.startsWith('/gitdep/')).length).toBeGreaterThan(0);
  });

  it('the bundled dist/cli.mjs does the same (its network chunk loads under Node)', async () => {
    const out = join(scratch, 'bundle', 'cli.mjs');
    await bundleCli(out);
    const dir = join(FIXTURES, 'debian', 'cases', 'git-path');
    const { stdout } = await exec(
      process.execPath,
      [out, dir, '--index', registry.indexBase, '--dl', registry.downloadBase, '--git-rewrite', `https://git.example.org/=${server.origin}/`],
      { maxBuffer: 16 << 20 },
    );
    assertSameFile('debian/git-path/Cargo.nix (bundle)', stdout, readFileSync(join(dir, 'expected', 'Cargo.nix'), 'utf8'));
  });

  it('refuses network flags together with --registry', async () => {
    const o = await npmRun('generate', ['.', '--registry', '.', '--index', 'http://127.0.0.1:1/']);
    expect(o.code).toBe(1);
    expect(o.stderr).toBe('error: --index reads the network; it cannot be combined with --registry (see --help)\n');
  });
});

describe('prefetch-git', () => {
  it('prints the SRI hash Nix computes for a plain checkout of the commit, for every test repository', async () => {
    for (const { name, commit } of repos) {
      const checkout = join(scratch, name);
      git(scratch, 'clone', '-q', join(server.root, name), checkout);
      git(checkout, 'checkout', '-q', commit);
      rmSync(join(checkout, '.git'), { recursive: true, force: true });
      const nix = (await exec('nix', ['hash', 'path', '--extra-experimental-features', 'nix-command', checkout], { env: NIX_ENV })).stdout.trim();
      const o = await npmRun('prefetch-git', [server.url(name), commit]);
      expect(o.stderr, name).toBe('');
      expect(o.stdout, name).toBe(`${nix}\n`);
      if (name === 'files') {
        const base32 = (await exec('nix-hash', ['--type', 'sha256', '--base32', checkout], { env: NIX_ENV })).stdout.trim();
        expect((await npmRun('prefetch-git', [server.url(name), commit, '--base32'])).stdout).toBe(`${base32}\n`);
      }
    }
  });

  it('rewrites the URL like the generator, and fails in one line on a bad commit id or a missing commit', async () => {
    const gitdep = repos.find((r) => r.name === 'gitdep')!;
    const viaRewrite = await npmRun('prefetch-git', [
      'https://git.example.org/gitdep',
      gitdep.commit,
      '--git-rewrite',
      `https://git.example.org/=${server.origin}/`,
    ]);
    const direct = await npmRun('prefetch-git', [server.url('gitdep'), gitdep.commit]);
    expect(viaRewrite.stdout).toBe(direct.stdout);
    expect(viaRewrite.stdout).toMatch(/^sha256-[A-Za-z0-9+/]{43}=\n$/);

    const bad = await npmRun('prefetch-git', [server.url('gitdep'), 'main']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('error: `main` is not a full commit id (40 hex digits)\n');
    const missing = await npmRun('prefetch-git', [server.url('gitdep'), '0'.repeat(40)]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: cannot fetch .* commit 0{40} is not in /);
    expect(missing.stderr.split('\n')).toHaveLength(2);
  });
});
