// The bundled command line (what `npm run build` writes to dist/cli.mjs and package.json's `bin`
// runs): built here into a folder outside the project, so it can only work if it is self-contained,
// then run as a user would. Every golden Cargo.nix must come out byte for byte, --out and
// --renderer must write what the renderers give in-process, and bad arguments or folders must give
// one `error: …` line and exit status 1.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BUNDLE, bundleCli } from '../../worker/node/bundle-cli.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { resolveWorkspace } from '../../worker/pipeline.ts';
import { RENDERERS, renderAll } from '../../worker/render/index.ts';
import { assertSameFile, goldenCases } from '../support/golden.ts';

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const cases = goldenCases();
const hello = cases.find((c) => c.set === 'crates-io' && c.name === 'hello-world')!;

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let dir: string;
let cli: string;

async function run(args: string[], direct = false): Promise<Outcome> {
  const [file, argv] = direct ? [cli, args] : [process.execPath, [cli, ...args]];
  try {
    const { stdout, stderr } = await exec(file, argv, { maxBuffer: 64 << 20, cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** Exit 1, nothing on stdout, exactly one `error: …` line on stderr; returns that line. */
function oneError(o: Outcome): string {
  expect(o.code).toBe(1);
  expect(o.stdout).toBe('');
  expect(o.stderr).toMatch(/^error: [^\n]+\n$/);
  return o.stderr.trimEnd();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'playground-cli-'));
  cli = join(dir, 'cli.mjs');
  await bundleCli(cli);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('bundled command line', () => {
  it('is what package.json installs as a command', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(join(ROOT, pkg.bin['cargo2nix-playground']!)).toBe(CLI_BUNDLE);
    expect(pkg.scripts.build).toContain('worker/node/bundle-cli.ts');
  });

  for (const c of cases) {
    it(`${c.set}/${c.name}: prints the golden Cargo.nix`, async () => {
      const o = await run([c.dir, '--registry', c.registry]);
      expect(o.stderr).toBe('');
      expect(o.code).toBe(0);
      assertSameFile(`${c.set}/${c.name}/Cargo.nix (bundled cli)`, o.stdout, readFileSync(c.expected, 'utf8'));
    });
  }

  it('runs as an executable of its own (shebang, mode)', async () => {
    const o = await run([hello.dir, '--registry', hello.registry], true);
    expect(o.code).toBe(0);
    assertSameFile('hello-world/Cargo.nix (executable)', o.stdout, readFileSync(hello.expected, 'utf8'));
  });

  it('--out writes the cargo2nix renderers’ files (as they give them in-process) and a README', async () => {
    const out = join(dir, 'out-all');
    const o = await run([hello.dir, '--registry', hello.registry, '--out', out]);
    expect(o).toEqual({ code: 0, stdout: '', stderr: '' });
    const model = await resolveWorkspace(await readWorkspaceDir(hello.dir), { source: new RegistryDirSource(hello.registry) });
    const cargo2nix = RENDERERS.filter((r) => r.backend === 'cargo2nix');
    const want = renderAll(model, { flake: {} }, cargo2nix).flatMap((r) => (r.ok ? r.files : []));
    expect(want.map((f) => f.path).sort()).toEqual(['Cargo.nix', 'flake.nix']);
    expect(readdirSync(out).sort()).toEqual([...want.map((f) => f.path), 'README.md'].sort());
    for (const f of want) assertSameFile(`out/${f.path}`, readFileSync(join(out, f.path), 'utf8'), f.text);
    assertSameFile('out/Cargo.nix vs golden', readFileSync(join(out, 'Cargo.nix'), 'utf8'), readFileSync(hello.expected, 'utf8'));
  });

  it('--renderer prints that renderer’s file; with --out writes only its files', async () => {
    const model = await resolveWorkspace(await readWorkspaceDir(hello.dir), { source: new RegistryDirSource(hello.registry) });
    const flake = renderAll(model, { flake: {} }, [RENDERERS.find((r) => r.id === 'cargo2nix/flake.nix')!])[0]!;
    if (!flake.ok) throw new Error('flake renderer failed in-process');
    const printed = await run([hello.dir, '--registry', hello.registry, '--renderer', 'cargo2nix/flake.nix']);
    expect(printed.code).toBe(0);
    assertSameFile('flake.nix (--renderer)', printed.stdout, flake.files[0]!.text);

    const out = join(dir, 'out-flake');
    expect((await run([hello.dir, '--registry', hello.registry, '--renderer', 'cargo2nix/flake.nix', '--out', out])).code).toBe(0);
    expect(readdirSync(out)).toEqual(['flake.nix']);
  });

  it('a missing workspace folder is one located line, not a Node stack or ENOENT', async () => {
    const missing = join(dir, 'no-such-workspace');
    expect(oneError(await run([missing, '--registry', hello.registry]))).toBe(`error: ${missing}: no such folder`);
  });

  it('a file given as the workspace folder', async () => {
    const file = join(dir, 'not-a-folder.toml');
    writeFileSync(file, '');
    expect(oneError(await run([file, '--registry', hello.registry]))).toBe(`error: ${file}: not a folder`);
  });

  it('a missing registry folder', async () => {
    const missing = join(dir, 'no-such-registry');
    expect(oneError(await run([hello.dir, '--registry', missing]))).toBe(`error: ${missing}: no such folder`);
  });

  it('a generator error keeps its file:line:column location', async () => {
    const ws = join(dir, 'bad-lock');
    rmSync(ws, { recursive: true, force: true });
    mkdirSync(ws);
    writeFileSync(join(ws, 'Cargo.toml'), '[package]\nname = "a"\nversion = "0.1.0"\n');
    writeFileSync(join(ws, 'Cargo.lock'), 'version = 3\n\n[[package]]\nname = "a"\nversion = \n');
    expect(oneError(await run([ws, '--registry', hello.registry]))).toMatch(/^error: Cargo\.lock:5:\d+: /);
  });

  it('wrong arguments: one line pointing at --help', async () => {
    // Without --registry the command line reads the network, so the wrong-argument case is mixing the two.
    expect(oneError(await run([hello.dir, '--registry', hello.registry, '--index', 'http://127.0.0.1:9/']))).toBe(
      'error: --index reads the network; it cannot be combined with --registry (see --help)',
    );
    expect(oneError(await run(['--registry', hello.registry]))).toBe('error: missing <workspace-dir> (see --help)');
    expect(oneError(await run([hello.dir, '--registry', hello.registry, '--bogus']))).toBe("error: Unknown option '--bogus' (see --help)");
    expect(oneError(await run([hello.dir, hello.dir, '--registry', hello.registry]))).toMatch(/^error: unexpected argument/);
    expect(oneError(await run([hello.dir, '--registry', hello.registry, '--renderer', 'nope']))).toBe(
      `error: no renderer \`nope\`; known: ${RENDERERS.map((r) => r.id).join(', ')} (see --help)`,
    );
  });

  it('--help names every renderer', async () => {
    const o = await run(['--help']);
    expect(o.code).toBe(0);
    expect(o.stdout).toMatch(/^usage: cargo2nix-playground /);
    for (const r of RENDERERS) expect(o.stdout).toContain(r.id);
  });
});
