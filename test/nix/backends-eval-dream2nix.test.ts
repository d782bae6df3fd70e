// dream2nix's flake.nix + default.nix under real Nix, against dream2nix's real code (its flake,
// lib and the rust-cargo-lock, rust-cargo-vendor and rust-crane modules, vendored in
// test/nix/backends/dream2nix/vendor) and nixpkgs' real lib, with pkgs stood in. dream2nix
// translates the real Cargo.lock, vendors every dependency (git ones fetched with
// builtins.fetchGit from local clones of the test repositories), and hands crane its arguments;
// the package set must name exactly the workspace's members (plus default), each built by cargo
// with `--package <member>`. Crane's derivations are named but not instantiated: their dummy-source
// step reads the source in a way Debian's Nix 2.8 cannot.

import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import type { RenderOptions } from '../../worker/render/renderer.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { resolveWorkspace } from '../../worker/pipeline.ts';
import { backendCases } from '../golden/backends/cases.ts';
import { FIXTURES } from '../support/golden.ts';
import { model } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';
import { timingSummary } from './nix.ts';
import { gitBundles, Scratch } from './backends/run.ts';

interface CraneArgs {
  readonly pname: string;
  readonly version: string;
  readonly cargoBuildCommand: string;
  readonly cargoBuildProfile: string;
  readonly cargoBuildFlags: string[];
  readonly nativeBuildInputs: string[];
  readonly buildInputs: string[];
  readonly env: Record<string, string>;
}

interface Package {
  readonly name: string;
  readonly version: string;
  readonly crane: string;
  readonly craneDeps: string;
  readonly lock: string[];
  readonly vendor: string;
  readonly args: CraneArgs;
  readonly deps: CraneArgs;
}

interface Evaluated {
  readonly inputs: string[];
  readonly packages: Record<string, Package>;
}

const EVAL = join(import.meta.dirname, 'backends', 'dream2nix', 'eval.nix');
const scratch = new Scratch();

/** The test git repositories, fetched by builtins.fetchGit from local clones of their bundles. */
function serveGit(ws: ResolvedWorkspace, registry: string): void {
  for (const { url, bundle } of gitBundles(ws, registry)) scratch.serveBundle(url, bundle);
}

const workspace = (from: { dir: string } | { files: Record<string, string> }, ws: ResolvedWorkspace, options: RenderOptions): string =>
  scratch.workspace(from, ws, 'dream2nix', options);

const evalFlake = (dir: string, system = 'x86_64-linux', envNames: readonly string[] = []) =>
  scratch.evalJson<Evaluated>(
    EVAL,
    dir,
    system,
    ['--arg', 'envNames', `[ ${envNames.map((n) => JSON.stringify(n)).join(' ')} ]`],
    `dream2nix ${basename(dir)} ${system}`,
  );

/** Every package of the lock as dream2nix's translator names it: `name version type`. */
function lockPackages(ws: ResolvedWorkspace): string[] {
  const type = (c: ResolvedWorkspace['crates'][number]) => (c.source.kind === 'registry' ? 'crates-io' : c.source.kind);
  return ws.crates.map((c) => `${c.id.name} ${c.id.version} ${type(c)}`).sort();
}

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

describe('dream2nix flake under Nix', () => {
  for (const c of [...cases, ...examples]) {
    it(c.label, async () => {
      const out = await evalFlake(workspace({ dir: c.golden.dir }, c.ws, { flake: {} }));
      expect(out.inputs).toEqual(['dream2nix', 'nixpkgs']);
      expect(Object.keys(out.packages).sort()).toEqual([...c.ws.members.map((m) => m.name), 'default'].sort());
      const lock = lockPackages(c.ws);
      for (const m of c.ws.members) {
        const p = out.packages[m.name]!;
        expect(p).toMatchObject({ name: m.name, version: m.version, crane: `${m.name}-${m.version}`, craneDeps: `${m.name}-deps-${m.version}` });
        expect(p.args).toMatchObject({ pname: m.name, version: m.version, cargoBuildProfile: 'release', cargoBuildFlags: [] });
        expect(p.args.cargoBuildCommand).toMatch(new RegExp(`--package ${m.name}$`));
        expect(p.deps.cargoBuildCommand).toBe(p.args.cargoBuildCommand);
        expect([...p.lock].sort()).toEqual(lock);
        expect(p.vendor).toMatch(/^\/nix\/store\/[0-9a-z]{32}-vendor\.drv$/);
      }
      const main = c.ws.rootPackage ?? c.ws.members.find((m) => m.hasBin)?.name ?? c.ws.members[0]!.name;
      expect(out.packages.default).toEqual(out.packages[main]);
    });
  }

  it('builds with the dev profile and the chosen features, with native inputs and environment on both derivations', async () => {
    const s = scenario('sys-crates');
    const ws = await model(s.files, s.snapshot);
    const dir = workspace({ files: s.files }, ws, { flake: { release: false, rootFeatures: ['app/bundled'] } });
    for (const system of ['x86_64-linux', 'aarch64-darwin']) {
      const out = await evalFlake(dir, system, ['LIBCLANG_PATH']);
      expect(Object.keys(out.packages).sort()).toEqual([...ws.members.map((m) => m.name), 'default'].sort());
      const app = out.packages.app!;
      for (const args of [app.args, app.deps]) {
        expect(args.cargoBuildProfile).toBe('dev');
        expect(args.cargoBuildFlags).toEqual(['--no-default-features', '--features', 'bundled']);
        expect(args.buildInputs).toEqual(['openssl', 'sqlite', 'zlib']);
        expect(args.nativeBuildInputs).toEqual(['cmake', 'libclang', 'pkg-config']);
        expect(args.env).toEqual({ LIBCLANG_PATH: expect.stringMatching(/^\/nix\/store\/[0-9a-z]{32}-libclang-lib\/lib$/) as unknown as string });
      }
      // tool is not named by the root features: no default features, nothing else.
      expect(out.packages.tool!.args.cargoBuildFlags).toEqual(['--no-default-features']);
    }
  });
});

afterAll(() => {
  scratch.remove();
  console.log(timingSummary('dream2nix evaluation'));
});
