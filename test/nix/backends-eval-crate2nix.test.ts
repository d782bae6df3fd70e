// crate2nix's flake.nix + crate-hashes.json under real Nix: the flake's outputs evaluated with
// nixpkgs' real lib, pkgs stood in, and crate2nix's tools stood in by
// test/nix/backends/crate2nix/tools-standin.nix, which takes the arguments tools.nix's
// generatedCargoNix documents, checks crate-hashes.json (every git package's key as crate2nix
// looks it up, its hash re-checked by Nix against the fetched repository) and returns a stand-in
// of the generated Cargo.nix with its public attributes and override arguments. The package set
// must name exactly the workspace's members (plus default), the checks run each member's tests.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import type { RenderOptions } from '../../worker/render/renderer.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { resolveWorkspace } from '../../worker/pipeline.ts';
import { BACKENDS_GOLDEN, backendCases } from '../golden/backends/cases.ts';
import { FIXTURES } from '../support/golden.ts';
import { model } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';
import { timingSummary } from './nix.ts';
import { gitBundles, Scratch } from './backends/run.ts';

interface Built {
  readonly name: string;
  readonly features: string[] | null;
  readonly runTests: boolean | null;
  readonly release: boolean | null;
  readonly overrides: Record<string, { buildInputs: string[]; nativeBuildInputs: string[]; env: Record<string, string> }> | null;
}

interface Evaluated {
  readonly inputs: string[];
  readonly packages: Record<string, Built>;
  readonly checks: Record<string, Built>;
}

const EVAL = join(import.meta.dirname, 'backends', 'crate2nix', 'eval.nix');
const scratch = new Scratch();

/** The test git repositories, fetched by builtins.fetchGit from local clones of their bundles. */
function serveGit(ws: ResolvedWorkspace, registry: string): void {
  for (const { url, bundle } of gitBundles(ws, registry)) scratch.serveBundle(url, bundle);
}

const workspace = (from: { dir: string } | { files: Record<string, string> }, ws: ResolvedWorkspace, options: RenderOptions): string =>
  scratch.workspace(from, ws, 'crate2nix', options);

const evalFlake = (dir: string, system = 'x86_64-linux') =>
  scratch.evalJson<Evaluated>(EVAL, dir, system, [], `crate2nix ${basename(dir)} ${system}`);

const cases = await backendCases();
/** The site's bundled examples (test/fixtures/crates-io/examples), as the golden cases are given. */
const EXAMPLES = join(FIXTURES, 'crates-io', 'examples');
const examples = await Promise.all(
  readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map(async (e) => {
      const dir = join(EXAMPLES, e.name);
      const ws = await resolveWorkspace(await readWorkspaceDir(dir), { source: new RegistryDirSource(join(FIXTURES, 'crates-io', 'registry')) });
      return { label: `crates-io/examples/${e.name}`, golden: { dir }, ws, gitHashes: [] };
    }),
);
for (const c of cases) if (c.ws.crates.some((x) => x.source.kind === 'git')) serveGit(c.ws, c.golden.registry);

describe('crate2nix flake under Nix', () => {
  for (const c of [...cases, ...examples]) {
    it(c.label, async () => {
      const dir = workspace({ dir: c.golden.dir }, c.ws, { flake: {}, gitHashes: c.gitHashes });
      const out = await evalFlake(dir);
      expect(out.inputs).toEqual(['crate2nix', 'nixpkgs']);
      const members = c.ws.members.map((m) => m.name);
      expect(Object.keys(out.packages).sort()).toEqual([...members, 'default'].sort());
      for (const m of c.ws.members) {
        expect(out.packages[m.name]).toMatchObject({ name: `rust_${m.name}-${m.version}`, features: ['default'], runTests: false, release: true });
        expect(out.checks[`${m.name}-tests`]).toMatchObject({ name: `rust_${m.name}-${m.version}`, runTests: true });
      }
      expect(Object.keys(out.checks).sort()).toEqual(members.map((m) => `${m}-tests`).sort());
      const root = c.ws.rootPackage ?? (c.ws.members.length === 1 ? c.ws.members[0]!.name : undefined);
      expect(out.packages.default!.name).toBe(root ? out.packages[root]!.name : 'all-workspace-members');
    });
  }

  it("keeps nixpkgs' own override of a crate and adds to it", async () => {
    const c = cases.find((x) => x.label === 'crates-io/bigger-project')!;
    const out = await evalFlake(workspace({ dir: c.golden.dir }, c.ws, { flake: {} }));
    // The stand-in nixpkgs has openssl-sys's override (pkg-config, openssl); the flake adds the same again.
    expect(out.packages['bigger-project']!.overrides).toEqual({
      'openssl-sys': { buildInputs: ['openssl', 'openssl'], nativeBuildInputs: ['pkg-config', 'pkg-config'], env: {} },
    });
  });

  it('gives each system-library crate its inputs, and a member whose build script runs cmake the cmake program', async () => {
    const s = scenario('sys-crates');
    const ws = await model(s.files, s.snapshot);
    const dir = workspace({ files: s.files }, ws, { flake: { release: false, rootFeatures: ['app/bundled'] } });
    for (const system of ['x86_64-linux', 'aarch64-darwin']) {
      const out = await evalFlake(dir, system);
      expect(Object.keys(out.packages).sort()).toEqual([...ws.members.map((m) => m.name), 'default'].sort());
      const app = out.packages.app!;
      expect(app).toMatchObject({ features: ['bundled'], release: false });
      expect(app.overrides).toMatchObject({
        app: { nativeBuildInputs: ['cmake'], buildInputs: [] },
        'clang-sys': {
          nativeBuildInputs: ['libclang'],
          buildInputs: [],
          env: { LIBCLANG_PATH: expect.stringMatching(/-libclang-lib\/lib$/) as unknown as string },
        },
        'libsqlite3-sys': { nativeBuildInputs: ['pkg-config'], buildInputs: ['sqlite'] },
        'libz-sys': { nativeBuildInputs: ['pkg-config'], buildInputs: ['zlib'] },
        'openssl-sys': { nativeBuildInputs: ['pkg-config', 'pkg-config'], buildInputs: ['openssl', 'openssl'] },
      });
      // Members the root features do not name build with none.
      for (const m of ws.members.filter((x) => x.name !== 'app')) expect(out.packages[m.name]!.features).toEqual([]);
    }
  });

  it('refuses a crate-hashes.json whose hash is not the repository’s, or whose key crate2nix would not look up', async () => {
    const c = cases.find((x) => x.label === 'debian/git-path')!;
    const dir = workspace({ dir: c.golden.dir }, c.ws, { flake: {}, gitHashes: c.gitHashes });
    const text = readFileSync(join(dir, 'crate-hashes.json'), 'utf8');
    const good = c.gitHashes[0]!.base32!;
    const bad = (good[0] === '0' ? '1' : '0') + good.slice(1);
    writeFileSync(join(dir, 'crate-hashes.json'), text.replace(good, bad));
    await expect(evalFlake(dir)).rejects.toThrow(/store path mismatch/);
    writeFileSync(join(dir, 'crate-hashes.json'), text.replace('main#0.4.0', 'main#gitdep@0.4.0'));
    await expect(evalFlake(dir)).rejects.toThrow(
      /crate-hashes\.json has no key `git\+https:\/\/git\.example\.org\/gitdep\?branch=main#0\.4\.0` for gitdep 0\.4\.0/,
    );
  });
});

describe('crate2nix crate-hashes.json', () => {
  it('holds, for the test git repository, the hash nix-hash computes for a clean checkout at the locked commit', () => {
    const c = cases.find((x) => x.label === 'debian/git-path')!;
    const golden = JSON.parse(readFileSync(join(BACKENDS_GOLDEN, 'crate2nix', c.label, 'crate-hashes.json'), 'utf8')) as Record<string, string>;
    const repo = join(scratch.root, 'checkout');
    execFileSync('git', ['clone', '--quiet', join(c.golden.registry, 'git', 'gitdep.bundle'), repo]);
    execFileSync('git', ['-C', repo, 'checkout', '--quiet', '431b95a2de4860c6d6268af9f293533f6ea1bdb3']);
    rmSync(join(repo, '.git'), { recursive: true });
    const base32 = execFileSync('nix-hash', ['--type', 'sha256', '--base32', repo], {
      encoding: 'utf8',
      env: { ...process.env, NIX_PATH: '' },
    }).trim();
    expect(golden).toEqual({ 'git+https://git.example.org/gitdep?branch=main#0.4.0': base32 });
  });
});

afterAll(() => {
  scratch.remove();
  console.log(timingSummary('crate2nix evaluation'));
});
