// naersk's flake.nix under real Nix, against naersk's real code (vendored, with flake-utils,
// nix-systems and nixpkgs' lib; pkgs and rust-overlay stood in), every drvPath computed: for
// every golden case (git dependencies fetched by builtins.fetchGit from a local clone of the test
// repository), the sys-crates scenario and a toolchain/profile/features variant, the package set
// names exactly the workspace's binary members (plus default), each member's build adds its `-p`
// to naersk's cargo options, and the checks are there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RUST_RELEASES } from '../../worker/render/cargo2nix/flake-catalogue.ts';
import { backendCases } from '../golden/backends/cases.ts';
import { model } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';
import { BACKENDS_HARNESS, Scratch, expectedPackages, gitBundles, type EvaluatedFlake } from './backends/run.ts';
import { timingSummary } from './nix.ts';

const scratch = new Scratch();
const cases = await backendCases();
const sysS = scenario('sys-crates');
const sys = await model(sysS.files, sysS.snapshot);

/** naersk's default `cargo build` options, before the flake adds its own. */
const NAERSK_DEFAULTS = ['$cargo_release', '-j "$NIX_BUILD_CORES"', '--message-format=$cargo_message_format'];

function checkMembers(out: EvaluatedFlake, ws: Parameters<typeof expectedPackages>[0]): void {
  const expected = expectedPackages(ws);
  expect(Object.keys(out.packages).sort()).toEqual(expected.names);
  for (const [member, name] of Object.entries(expected.byName)) {
    const p = out.packages[member]!;
    expect(p.name).toBe(name);
    expect(p.drvPath).toMatch(/^\/nix\/store\/[a-z0-9]{32}-.*\.drv$/);
    expect(p.cargoBuildOptions!.slice(0, 3)).toEqual(NAERSK_DEFAULTS);
    expect(p.cargoBuildOptions!.slice(3, 5)).toEqual(ws.members.length > 1 ? ['-p', member] : []);
  }
  expect(Object.keys(out.checks).sort()).toEqual(['clippy', 'test']);
  expect(Object.keys(out.devShells)).toEqual(['default']);
}

describe('naersk flake under Nix, against naersk’s code', () => {
  for (const c of cases) {
    it(c.label, async () => {
      for (const g of gitBundles(c.ws, c.golden.registry)) scratch.serveBundle(g.url, g.bundle);
      const dir = scratch.workspace({ dir: c.golden.dir }, c.ws, 'naersk', { flake: {}, gitHashes: c.gitHashes });
      checkMembers(await scratch.evalFlake(dir, 'x86_64-linux'), c.ws);
    });
  }

  it('gives every build the native inputs, the chosen toolchain, the dev profile and the root features', async () => {
    const dir = scratch.workspace({ files: sysS.files }, sys, 'naersk', {
      flake: { rustVersion: '1.85.1', release: false, rootFeatures: ['app/bundled'] },
    });
    for (const system of ['x86_64-linux', 'aarch64-darwin']) {
      const out = await scratch.evalFlake(dir, system);
      checkMembers(out, sys);
      const app = out.packages.app!;
      expect(app.buildInputs).toEqual(expect.arrayContaining(['openssl', 'sqlite', 'zlib']));
      expect(app.nativeBuildInputs).toEqual(expect.arrayContaining(['cmake', 'libclang', 'pkg-config', 'rust-default-1.85.1']));
      expect(app.nativeBuildInputs).not.toContain('cargo');
      expect(app.cargoBuildOptions!.slice(3)).toEqual(['-p', 'app', '--features', 'app/bundled']);
    }
  });
});

describe('rust-overlay stand-in', () => {
  it('has every stable release the renderers accept', () => {
    const releases: unknown = JSON.parse(readFileSync(join(BACKENDS_HARNESS, 'pkgs', 'rust-overlay', 'releases.json'), 'utf8'));
    expect(releases).toEqual(RUST_RELEASES);
  });
});

afterAll(() => {
  scratch.remove();
  console.log(timingSummary('naersk evaluation'));
});
