// crane's flake.nix under real Nix, against crane's real code (vendored, with flake-utils,
// nix-systems and nixpkgs' lib; pkgs and rust-overlay stood in): for every golden case, the
// sys-crates scenario and a toolchain/profile/features variant, the package set names exactly the
// workspace's binary members (plus default), each member's build selects it with `-p`, the
// checks are there, and crane vendors the lock's dependencies (git ones fetched by
// builtins.fetchGit from a local clone of the test repository).
// Not evaluated: the drvPath of crane's dependency build. Its dummy-source step reads
// `<dir>/Cargo.toml/../src`, relying on Nix to canonicalise the path (newer Nix does); Debian's
// Nix 2.8 hands it to the OS as is, which fails.
import { afterAll, describe, expect, it } from 'vitest';
import { backendCases } from '../golden/backends/cases.ts';
import { model } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';
import { Scratch, expectedPackages, gitBundles, type EvaluatedFlake, type EvaluatedPackage } from './backends/run.ts';
import { timingSummary } from './nix.ts';

const scratch = new Scratch();
const cases = await backendCases();
const sysS = scenario('sys-crates');
const sys = await model(sysS.files, sysS.snapshot);

/** What follows `--message-format json-render-diagnostics` in the `cargo build` crane runs: the flake's cargoExtraArgs. */
function cargoArgs(p: EvaluatedPackage): string[] {
  const line = p.buildPhase!.split('\n').find((l) => l.includes('--message-format json-render-diagnostics'));
  const m = / --message-format json-render-diagnostics (.*?) *>"\$cargoBuildLog"/.exec(line ?? '');
  if (!m) throw new Error(`no cargo build line in ${p.buildPhase}`);
  return m[1]!.split(/\s+/).filter(Boolean);
}

function checkMembers(out: EvaluatedFlake, ws: Parameters<typeof expectedPackages>[0]): void {
  const expected = expectedPackages(ws);
  expect(Object.keys(out.packages).sort()).toEqual(expected.names);
  for (const [member, name] of Object.entries(expected.byName)) {
    const p = out.packages[member]!;
    expect(p.name).toBe(name);
    expect(p.vendorDir).toMatch(/^\/nix\/store\/[a-z0-9]{32}-vendor-cargo-deps\.drv$/);
    const cargo = cargoArgs(p);
    if (ws.members.length > 1) expect(cargo.slice(0, 3)).toEqual(['--locked', '-p', member]);
    else expect(cargo).not.toContain('-p');
  }
  expect(out.packages.default!.name).toBe(
    out.packages[Object.keys(expected.byName).includes(ws.rootPackage ?? '') ? ws.rootPackage! : Object.keys(expected.byName)[0]!]!.name,
  );
  const main = Object.keys(expected.byName);
  expect(Object.keys(out.checks).sort()).toEqual([...main, 'workspace-clippy', 'workspace-fmt', 'workspace-nextest'].sort());
  expect(Object.keys(out.devShells)).toEqual(['default']);
}

describe('crane flake under Nix, against crane’s code', () => {
  for (const c of cases) {
    it(c.label, async () => {
      for (const g of gitBundles(c.ws, c.golden.registry)) scratch.serveBundle(g.url, g.bundle);
      const dir = scratch.workspace({ dir: c.golden.dir }, c.ws, 'crane', { flake: {}, gitHashes: c.gitHashes });
      checkMembers(await scratch.evalFlake(dir, 'x86_64-linux', { force: false }), c.ws);
    });
  }

  it('gives every build the native inputs, the chosen toolchain, the dev profile and the root features', async () => {
    const dir = scratch.workspace({ files: sysS.files }, sys, 'crane', {
      flake: { rustVersion: '1.80', release: false, rootFeatures: ['app/bundled'] },
    });
    for (const system of ['x86_64-linux', 'aarch64-darwin']) {
      const out = await scratch.evalFlake(dir, system, { force: false });
      checkMembers(out, sys);
      const app = out.packages.app!;
      expect(app.buildInputs).toEqual(['openssl', 'sqlite', 'zlib']);
      expect(app.nativeBuildInputs).toEqual(expect.arrayContaining(['cmake', 'libclang', 'pkg-config', 'rust-default-1.80.0']));
      expect(app.nativeBuildInputs).not.toContain('rustc');
      expect(cargoArgs(app)).toEqual(['--locked', '-p', 'app', '--features', 'app/bundled']);
      expect(cargoArgs(out.packages.tool!)).toEqual(['--locked', '-p', 'tool']);
    }
  });
});

afterAll(() => {
  scratch.remove();
  console.log(timingSummary('crane evaluation'));
});
