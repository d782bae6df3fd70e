// crane's flake.nix from the resolved model: one buildDepsOnly shared by every member's
// buildPackage, `-p` per member, the checks, the toolchain and profile options, native inputs.
// test/nix/backends-eval-crane.test.ts evaluates the same files against crane's real code.
import { describe, expect, it } from 'vitest';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import { renderCraneFlake } from '../../worker/render/crane/crane.ts';
import { backendCase } from '../golden/backends/cases.ts';
import { model } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';

const hello = await backendCase('crates-io/hello-world');
const workspace = await backendCase('debian/workspace');
const sysS = scenario('sys-crates');
const sys = await model(sysS.files, sysS.snapshot);

const count = (text: string, s: string) => text.split(s).length - 1;

describe('crane flake.nix', () => {
  it('builds the dependencies once and shares them with every member build', () => {
    const text = renderCraneFlake(sys, { flake: {} });
    expect(count(text, 'craneLib.buildDepsOnly')).toBe(1);
    expect(text).toContain('cargoArtifacts = craneLib.buildDepsOnly commonArgs;');
    expect(count(text, 'craneLib.buildPackage (')).toBe(2);
    expect(text).toContain('cargoExtraArgs = "--locked -p tool";');
    expect(text).toContain('cargoExtraArgs = "--locked -p app";');
    expect(count(text, 'inherit cargoArtifacts;')).toBe(4);
    expect(text).toContain('packages = members // { default = members.app; };');
  });

  it('checks clippy, the tests with nextest, and formatting', () => {
    const text = renderCraneFlake(hello.ws, { flake: {} });
    expect(text).toContain('workspace-clippy = craneLib.cargoClippy (');
    expect(text).toContain('cargoClippyExtraArgs = "--all-targets -- --deny warnings";');
    expect(text).toContain('workspace-nextest = craneLib.cargoNextest (');
    expect(text).toContain('workspace-fmt = craneLib.cargoFmt { inherit src; };');
    expect(text).toContain('checks = self.checks.${system};');
  });

  it('needs no -p for a single package, and runs its tests in the build too', () => {
    const text = renderCraneFlake(hello.ws, { flake: {} });
    expect(text).not.toContain('-p ');
    expect(text).not.toContain('doCheck');
    expect(text).toContain('          hello-world = craneLib.buildPackage (\n');
  });

  it('packages only the members with binaries', () => {
    const text = renderCraneFlake(workspace.ws, { flake: {} });
    expect(workspace.ws.members.map((m) => m.name)).toEqual(['app', 'macros', 'util']);
    expect(text).toContain('cargoExtraArgs = "--locked -p app";');
    expect(text).not.toContain('-p util');
  });

  it('packages every member of a library-only workspace', () => {
    const libs: ResolvedWorkspace = { ...workspace.ws, members: workspace.ws.members.map((m) => ({ ...m, hasBin: false, binNames: [] })) };
    const text = renderCraneFlake(libs, { flake: {} });
    for (const m of ['app', 'util', 'macros']) expect(text).toContain(`cargoExtraArgs = "--locked -p ${m}";`);
  });

  it('puts native inputs on the shared arguments, through pkgs', () => {
    const text = renderCraneFlake(sys, { flake: {} });
    const common = text.slice(text.indexOf('commonArgs = {'), text.indexOf('cargoArtifacts ='));
    expect(common).toContain('buildInputs = [\n            pkgs.openssl\n            pkgs.sqlite\n            pkgs.zlib\n          ];');
    expect(common).toContain('pkgs.pkg-config');
    expect(common).toContain('LIBCLANG_PATH = "${pkgs.llvmPackages.libclang.lib}/lib";');
  });

  it('uses rust-overlay for a chosen Rust release, the dev profile and root features when asked', () => {
    const plain = renderCraneFlake(sys, { flake: {} });
    expect(plain).not.toContain('rust-overlay');
    expect(plain).toContain('craneLib = crane.mkLib pkgs;');
    const text = renderCraneFlake(sys, { flake: { rustVersion: '1.80', release: false, rootFeatures: ['app/bundled'] } });
    expect(text).toContain('url = "github:oxalica/rust-overlay";');
    expect(text).toContain('overlays = [ (import rust-overlay) ];');
    expect(text).toContain('craneLib = (crane.mkLib pkgs).overrideToolchain (p: p.rust-bin.stable."1.80.0".default);');
    expect(text).toContain('CARGO_PROFILE = "dev";');
    expect(text).toContain('cargoExtraArgs = "--locked --features app/bundled";');
    expect(text).toContain('cargoExtraArgs = "--locked -p app --features app/bundled";');
    expect(text).toContain('cargoExtraArgs = "--locked -p tool";');
  });

  it('refuses a Rust release rust-overlay does not have', () => {
    expect(() => renderCraneFlake(hello.ws, { flake: { rustVersion: '1.20' } })).toThrow(/Rust 1\.20\.0 is not a stable release/);
  });
});
