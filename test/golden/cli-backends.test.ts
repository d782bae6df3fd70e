// The command line's backends (bundled as dist/cli.mjs is, into a folder outside the project):
// `--backend all --out` writes, for every golden case, one folder per backend that has renderers,
// each holding exactly what those renderers give in-process (with the git hashes real Nix computes
// for the case's git repositories) plus the shared README; every .nix file parses with
// nix-instantiate. `--options` reaches the files; the registry's git bundles give the hashes.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitSourceHash } from '../../worker/model/git-hash.ts';
import { bundleCli } from '../../worker/node/bundle-cli.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { bundleName, registryGitHashes } from '../../worker/node/registry-git.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { BACKENDS, DEFAULT_USER_OPTIONS, flakeOptionsOf, parseUserOptions, type BackendId } from '../../worker/options/user-options.ts';
import { parseLockfile } from '../../worker/parse/lockfile.ts';
import { resolveWorkspace } from '../../worker/pipeline.ts';
import { allBackendsReadme, backendReadme } from '../../worker/render/backend-readme.ts';
import { RENDERERS, renderAll } from '../../worker/render/index.ts';
import type { RenderOptions } from '../../worker/render/renderer.ts';
import { startFakeRegistry } from '../support/fake-registry.ts';
import { serveBundle, startGitServer } from '../support/git-server.ts';
import { assertSameFile, goldenCases } from '../support/golden.ts';

const exec = promisify(execFile);
const NIX_ENV = { ...process.env, NIX_PATH: '' };
const cases = goldenCases();
const gitPath = cases.find((c) => c.name === 'git-path')!;
const hello = cases.find((c) => c.name === 'hello-world')!;
const backends = BACKENDS.filter((b) => RENDERERS.some((r) => r.backend === b));
const renderersOf = (b: BackendId) => RENDERERS.filter((r) => r.backend === b);

let dir: string;
let cli: string;

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [cli, ...args], { maxBuffer: 64 << 20, cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** Every file under `root`, as relative paths. */
function listFiles(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix)).flatMap((name) => {
    const rel = prefix === '' ? name : `${prefix}/${name}`;
    return statSync(join(root, rel)).isDirectory() ? listFiles(root, rel) : [rel];
  });
}

/** What real tools say each git repository of the case hashes to: `git clone` of the bundle, `.git` removed, `nix hash path` and `nix-hash`. */
async function realGitHashes(c: (typeof cases)[number]): Promise<GitSourceHash[]> {
  const lock = parseLockfile(readFileSync(join(c.dir, 'Cargo.lock'), 'utf8'));
  const out: GitSourceHash[] = [];
  for (const p of lock.packages) {
    if (p.id.source.kind !== 'git') continue;
    const { url, precise: rev } = p.id.source;
    const checkout = join(mkdtempSync(join(dir, 'checkout-')), 'repo');
    await exec('git', ['clone', '-q', join(c.registry, 'git', bundleName(url)), checkout]);
    await exec('git', ['-C', checkout, 'checkout', '-q', rev!]);
    rmSync(join(checkout, '.git'), { recursive: true, force: true });
    const sri = (await exec('nix', ['hash', 'path', '--extra-experimental-features', 'nix-command', checkout], { env: NIX_ENV })).stdout.trim();
    const base32 = (await exec('nix-hash', ['--type', 'sha256', '--base32', checkout], { env: NIX_ENV })).stdout.trim();
    out.push({ url, rev: rev!, packages: [`${p.id.name}-${p.id.version}`], sri, base32 });
  }
  return out;
}

async function modelOf(c: (typeof cases)[number]) {
  return resolveWorkspace(await readWorkspaceDir(c.dir), { source: new RegistryDirSource(c.registry) });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'playground-cli-backends-'));
  cli = join(dir, 'cli.mjs');
  await bundleCli(cli);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('git hashes from a registry folder', () => {
  it('equal what real Nix computes for a clean checkout of the bundle', async () => {
    const lock = parseLockfile(readFileSync(join(gitPath.dir, 'Cargo.lock'), 'utf8'));
    const got = await registryGitHashes(gitPath.registry, lock.packages);
    const want = await realGitHashes(gitPath);
    expect(want).toHaveLength(1);
    expect(got).toEqual(want);
  });

  it('a repository without a bundle gets an error entry, not a failed run', async () => {
    const lock = parseLockfile(readFileSync(join(gitPath.dir, 'Cargo.lock'), 'utf8'));
    const got = await registryGitHashes(hello.registry, lock.packages);
    expect(got).toEqual([
      {
        url: 'https://git.example.org/gitdep',
        rev: '431b95a2de4860c6d6268af9f293533f6ea1bdb3',
        packages: ['gitdep-0.4.0'],
        error: `no git bundle ${join(hello.registry, 'git', 'gitdep.bundle')} in the registry folder`,
      },
    ]);
  });

  it('a file that is not a bundle is named', async () => {
    const reg = join(dir, 'bad-registry');
    rmSync(reg, { recursive: true, force: true });
    await exec('mkdir', ['-p', join(reg, 'git')]);
    writeFileSync(join(reg, 'git', 'gitdep.bundle'), 'PK\u0003\u0004 not a bundle');
    const lock = parseLockfile(readFileSync(join(gitPath.dir, 'Cargo.lock'), 'utf8'));
    const [entry] = await registryGitHashes(reg, lock.packages);
    expect(entry!.error).toBe(`${join(reg, 'git', 'gitdep.bundle')}: not a git bundle (v2 or v3)`);
    expect(entry!.sri).toBeUndefined();
  });
});

describe('--backend all --out', () => {
  it('has backends to write', () => {
    expect(backends).toContain('cargo2nix');
  });

  for (const c of cases) {
    it(`${c.set}/${c.name}: one folder per backend, each as its renderers give it, every .nix parsing`, async () => {
      const out = join(dir, `all-${c.set}-${c.name}`);
      const o = await run([c.dir, '--registry', c.registry, '--backend', 'all', '--out', out]);
      expect(o).toEqual({ code: 0, stdout: '', stderr: '' });

      const model = await modelOf(c);
      const options: RenderOptions = { flake: flakeOptionsOf(DEFAULT_USER_OPTIONS), gitHashes: await realGitHashes(c) };
      const want = new Map<string, string>([['README.md', allBackendsReadme(basename(c.dir), backends)]]);
      for (const b of backends) {
        const outputs = renderAll(model, options, renderersOf(b));
        for (const r of outputs) if (!r.ok) throw new Error(`${r.label} failed in-process: ${r.error.message}`);
        for (const r of outputs) for (const f of r.ok ? r.files : []) want.set(`${b}/${f.path}`, f.text);
        want.set(`${b}/README.md`, backendReadme({ projectName: basename(c.dir), backend: b, outputs }));
      }
      expect(listFiles(out).sort()).toEqual([...want.keys()].sort());
      for (const [path, text] of want) assertSameFile(path, readFileSync(join(out, path), 'utf8'), text);
      assertSameFile('cargo2nix/Cargo.nix vs golden', readFileSync(join(out, 'cargo2nix', 'Cargo.nix'), 'utf8'), readFileSync(c.expected, 'utf8'));

      const nixFiles = [...want.keys()].filter((p) => p.endsWith('.nix')).map((p) => join(out, p));
      await exec('nix-instantiate', ['--parse', ...nixFiles], { env: NIX_ENV, maxBuffer: 256 << 20 });
    });
  }
});

describe('--backend all --out without --registry', () => {
  it('git-path from the fake index and a git server: the same files, the git repository fetched once for hash and manifest', async () => {
    const server = await startGitServer();
    const registry = await startFakeRegistry([gitPath.registry]);
    try {
      serveBundle(server, 'gitdep', join(gitPath.registry, 'git', 'gitdep.bundle'));
      const net = join(dir, 'all-network');
      const o = await run([
        gitPath.dir,
        '--index',
        registry.indexBase,
        '--dl',
        registry.downloadBase,
        '--git-rewrite',
        `https://git.example.org/=${server.origin}/`,
        '--backend',
        'all',
        '--out',
        net,
      ]);
      expect(o).toEqual({ code: 0, stdout: '', stderr: '' });
      const local = join(dir, 'all-registry-git-path');
      expect((await run([gitPath.dir, '--registry', gitPath.registry, '--backend', 'all', '--out', local])).code).toBe(0);
      expect(listFiles(net).sort()).toEqual(listFiles(local).sort());
      for (const path of listFiles(local))
        assertSameFile(`${path} (network)`, readFileSync(join(net, path), 'utf8'), readFileSync(join(local, path), 'utf8'));
      expect(server.requests.filter((p) => p.startsWith('/gitdep/info/refs'))).toHaveLength(1);
    } finally {
      await registry.close();
      await server.close();
    }
  });
});

describe('--backend, --options', () => {
  it('one backend writes its files and README into --out itself', async () => {
    const out = join(dir, 'one-cargo2nix');
    expect(await run([hello.dir, '--registry', hello.registry, '--backend', 'cargo2nix', '--out', out])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(out).sort()).toEqual(['Cargo.nix', 'README.md', 'flake.nix']);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/^# hello-world: cargo2nix files generated by the cargo2nix playground\n/);
  });

  it('--options reaches the files, inline or from a file, and its backend is the default for --out', async () => {
    const json = '{"release":false,"targets":["x86_64-unknown-linux-musl"],"rootFeatures":"hello-world/default"}';
    const model = await modelOf(hello);
    const flake = renderAll(model, { flake: flakeOptionsOf(parseUserOptions(JSON.parse(json))) }, renderersOf('cargo2nix'))[1]!;
    const plain = renderAll(model, { flake: flakeOptionsOf(DEFAULT_USER_OPTIONS) }, renderersOf('cargo2nix'))[1]!;
    if (!flake.ok || !plain.ok) throw new Error('flake failed in-process');
    expect(flake.files[0]!.text).not.toBe(plain.files[0]!.text);

    const inline = join(dir, 'opts-inline');
    expect((await run([hello.dir, '--registry', hello.registry, '--out', inline, '--options', json])).code).toBe(0);
    assertSameFile('flake.nix (--options inline)', readFileSync(join(inline, 'flake.nix'), 'utf8'), flake.files[0]!.text);

    const file = join(dir, 'opts.json');
    writeFileSync(file, json);
    const fromFile = join(dir, 'opts-file');
    expect((await run([hello.dir, '--registry', hello.registry, '--out', fromFile, '--options', file])).code).toBe(0);
    assertSameFile('flake.nix (--options file)', readFileSync(join(fromFile, 'flake.nix'), 'utf8'), flake.files[0]!.text);

    // Without --out the old contract stands whatever the options say: the Cargo.nix on stdout.
    const printed = await run([hello.dir, '--registry', hello.registry, '--options', '{"backend":"crane"}']);
    expect(printed.code).toBe(0);
    assertSameFile('Cargo.nix (--options, no --out)', printed.stdout, readFileSync(hello.expected, 'utf8'));
  });

  it('bad values are one error line naming the field or the fix', async () => {
    const err = async (args: string[]) => {
      const o = await run([hello.dir, '--registry', hello.registry, ...args]);
      expect(o.code).toBe(1);
      expect(o.stdout).toBe('');
      expect(o.stderr).toMatch(/^error: [^\n]+\n$/);
      return o.stderr.trimEnd();
    };
    expect(await err(['--options', '{"release":"yes"}'])).toBe('error: --options.release must be true or false; got "yes" (see --help)');
    expect(await err(['--options', join(dir, 'missing.json')])).toBe(`error: ${join(dir, 'missing.json')}: no such file`);
    expect(await err(['--backend', 'all'])).toBe(
      'error: --backend all writes files: give --out <dir> (or --renderer <id> to print one file) (see --help)',
    );
    const missing = BACKENDS.find((b) => !backends.includes(b));
    if (missing !== undefined) {
      expect(await err(['--backend', missing, '--out', join(dir, 'none')])).toBe(
        `error: backend \`${missing}\` has no renderer yet; with renderers: ${backends.join(', ')} (see --help)`,
      );
    }
  });

  it('--help lists the backends with their renderers', async () => {
    const o = await run(['--help']);
    expect(o.code).toBe(0);
    for (const b of backends)
      expect(o.stdout).toContain(
        `  ${b}: ${renderersOf(b)
          .map((r) => r.id)
          .join(', ')}\n`,
      );
  });
});
