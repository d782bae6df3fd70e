// flake.nix generation without Nix: layout, choices (Rust version, default
// package, overlay pin, overrides) and formatting. test/nix/flake.test.ts
// evaluates the same files with real Nix.
import { describe, expect, it } from 'vitest';
import type { ResolvedWorkspace, WorkspaceMember } from '../../worker/model/model.ts';
import { packageId } from '../../worker/core/package-id.ts';
import {
  DEFAULT_RUST_VERSION,
  FlakeOptionError,
  extraTargetFor,
  nixAttr,
  nixString,
  normaliseRustVersion,
  planFlake,
  renderFlakeNix,
} from '../../worker/render/cargo2nix/flake-nix.ts';
import { sysOverridesFor, sysRuleFor } from '../../worker/render/sys-overrides.ts';
import { SCENARIOS } from '../support/scenarios.ts';
import { model } from '../support/engine.ts';

const scenario = (name: string) => {
  const s = SCENARIOS.find((x) => x.name === name)!;
  return model(s.files, s.snapshot);
};

const rootFeatures = await scenario('root-features');
const sources = await scenario('workspace-sources');
const sys = await scenario('sys-crates');

/** A member; `hasBin: true` gives it the binary cargo names after the package (src/main.rs). */
function member(name: string, more: Partial<WorkspaceMember> = {}): WorkspaceMember {
  const binNames = more.binNames ?? (more.hasBin ? [name] : []);
  return {
    id: packageId(name, '0.1.0', { kind: 'path', path: '' }),
    name,
    version: '0.1.0',
    rustVersion: undefined,
    features: [],
    ...more,
    hasBin: binNames.length > 0,
    binNames,
  };
}

function workspace(members: WorkspaceMember[], rootPackage?: string): ResolvedWorkspace {
  return { members, crates: [], lockHash: '', profiles: new Map(), ...(rootPackage ? { rootPackage } : {}) };
}

/** Formatting every generated flake must have. */
function expectTidy(text: string): void {
  expect(text.endsWith('\n')).toBe(true);
  expect(text.endsWith('\n\n')).toBe(false);
  const lines = text.slice(0, -1).split('\n');
  let prev = 0;
  for (const [i, line] of lines.entries()) {
    expect(line, `line ${i + 1} has trailing space`).not.toMatch(/\s$/);
    expect(line, `line ${i + 1} has a tab`).not.toContain('\t');
    if (line === '') continue;
    const indent = line.length - line.trimStart().length;
    expect(indent % 2, `line ${i + 1} indent`).toBe(0);
    expect(indent - prev, `line ${i + 1} indents more than one step`).toBeLessThanOrEqual(2);
    expect(line.length, `line ${i + 1} is longer than 100 columns`).toBeLessThanOrEqual(100);
    prev = indent;
  }
  const opens = (text.match(/[{[(]/g) ?? []).length;
  const closes = (text.match(/[}\])]/g) ?? []).length;
  expect(opens).toBe(closes);
}

describe('flake.nix layout', () => {
  it('follows cargo2nix’s documented flake for a single package', () => {
    const text = renderFlakeNix(rootFeatures);
    expect(text).toContain(`  inputs = {
    cargo2nix.url = "github:cargo2nix/cargo2nix/release-0.12";
    flake-utils.follows = "cargo2nix/flake-utils";
    nixpkgs.follows = "cargo2nix/nixpkgs";
  };`);
    expect(text).toContain(`        overlays = [ cargo2nix.overlays.default ];
        pkgs = import nixpkgs { inherit system overlays; };`);
    expect(text).toContain(`          rustVersion = "${DEFAULT_RUST_VERSION}";
          packageFun = import ./Cargo.nix;
          packageOverrides = pkgs: pkgs.rustBuilder.overrides.all;`);
    expect(text).toContain('        rustPkgs = pkgs.rustBuilder.makePackageSet packageSetArgs;');
    expect(text).toContain(`        packages = {
          app = rustPkgs.workspace.app { };
          default = packages.app;
        };`);
    expect(text).toContain(`          app = {
            type = "app";
            program = "\${packages.app}/bin/app";
          };
          default = apps.app;`);
    expect(text).toContain(`        devShells.default = rustPkgs.workspaceShell {
          packages = [ pkgs.rust-analyzer ];
        };`);
    expect(text).not.toContain('rootFeatures');
    expect(text).not.toContain('release =');
    expectTidy(text);
  });

  it('is tidy for every scenario and option mix', async () => {
    for (const s of SCENARIOS) {
      const ws = await model(s.files, s.snapshot);
      expectTidy(renderFlakeNix(ws));
      expectTidy(
        renderFlakeNix(ws, {
          extraTargets: ['x86_64-unknown-linux-musl', 'wasm32-wasip1'],
          release: false,
          rustVersion: '1.90',
          rootFeatures: ws.members.map((m) => m.name),
        }),
      );
    }
  });

  it('adds packages per extra target, cross-compiled through nixpkgs crossSystem', () => {
    const text = renderFlakeNix(rootFeatures, { extraTargets: ['x86_64-unknown-linux-musl', 'x86_64-pc-windows-gnu', 'x86_64-unknown-linux-musl'] });
    expect(text).toContain(`        crossRustPkgs =
          { crossSystem, ... }@args:
          let
            crossPkgs = import nixpkgs { inherit system overlays crossSystem; };
          in
          crossPkgs.rustBuilder.makePackageSet (
            packageSetArgs // removeAttrs args [ "crossSystem" ]
          );
        rustPkgs-x86_64-unknown-linux-musl = crossRustPkgs {
          crossSystem.config = "x86_64-unknown-linux-musl";
          target = "x86_64-unknown-linux-musl";
        };
        rustPkgs-x86_64-pc-windows-gnu = crossRustPkgs {
          crossSystem.config = "x86_64-w64-mingw32";
          target = "x86_64-pc-windows-gnu";
          # cargo2nix has no target info for this nixpkgs platform: rustc's for the target.
          targetSpec = {
            max-atomic-width = 128;
            target-pointer-width = 64;
          };
        };`);
    expect(text).toContain('          app-x86_64-unknown-linux-musl = rustPkgs-x86_64-unknown-linux-musl.workspace.app { };');
    expect(text.match(/app-x86_64-unknown-linux-musl =/g)).toHaveLength(1);
    expect(extraTargetFor('riscv64gc-unknown-linux-gnu').crossSystem).toEqual({ config: 'riscv64gc-unknown-linux-gnu' });
    expect(extraTargetFor('wasm32-wasip1')).toMatchObject({
      crossSystem: { config: 'wasm32-unknown-wasi', useLLVM: true },
      targetSpec: { maxAtomicWidth: 64, pointerWidth: 32 },
    });
  });

  it('passes rootFeatures and the dev profile when asked', () => {
    const text = renderFlakeNix(rootFeatures, { rootFeatures: ['app/tls', 'app/serde'], release: false });
    expect(text).toContain(`          rootFeatures = [
            "app/tls"
            "app/serde"
          ];`);
    expect(text).toContain('          release = false;');
    expect(renderFlakeNix(rootFeatures, { rootFeatures: ['app'] })).toContain('          rootFeatures = [ "app" ];');
    expect(() => renderFlakeNix(rootFeatures, { rootFeatures: ['app/nope'] })).toThrow(FlakeOptionError);
    expect(() => renderFlakeNix(rootFeatures, { rootFeatures: ['other/tls'] })).toThrow(/no workspace member is named `other`/);
    expect(() => renderFlakeNix(rootFeatures, { rootFeatures: ['app/default'] })).not.toThrow();
  });

  it('quotes member names that are Nix keywords', () => {
    const ws = workspace([member('with', { hasBin: true }), member('plain')]);
    const text = renderFlakeNix(ws);
    expect(text).toContain('          "with" = rustPkgs.workspace."with" { };');
    expect(text).toContain('          default = packages."with";');
    expect(text).toContain('            program = "${packages."with"}/bin/with";');
    expect(nixAttr("a-b_c'")).toBe("a-b_c'");
    expect(nixAttr('1st')).toBe('"1st"');
    expect(nixString('a"${b}\\')).toBe('"a\\"\\${b}\\\\"');
  });
});

describe('choices', () => {
  it('takes the Rust version from rust-version (the newest member’s), an option, or a pinned default', () => {
    expect(planFlake(sources).rustVersion).toBe('1.70.0');
    expect(planFlake(sources).rustVersionSource).toBe('rust-version');
    expect(planFlake(sys).rustVersion).toBe('1.74.1');
    expect(planFlake(rootFeatures)).toMatchObject({ rustVersion: DEFAULT_RUST_VERSION, rustVersionSource: 'default' });
    expect(planFlake(rootFeatures, { rustVersion: '1.80' })).toMatchObject({ rustVersion: '1.80.0', rustVersionSource: 'option' });
    expect(() => planFlake(rootFeatures, { rustVersion: 'stable' })).toThrow(FlakeOptionError);
    expect(normaliseRustVersion('1.70')).toBe('1.70.0');
    expect(normaliseRustVersion(' 1.65.1 ')).toBe('1.65.1');
    expect(normaliseRustVersion('1')).toBeUndefined();
  });

  it('follows a newer rust-overlay only when the Rust version needs one', () => {
    expect(planFlake(rootFeatures, { rustVersion: '1.85.0' }).followLatestRustOverlay).toBe(false);
    expect(planFlake(rootFeatures, { rustVersion: '1.86' }).followLatestRustOverlay).toBe(true);
    expect(planFlake(rootFeatures, { rustVersion: '1.86', rustOverlay: 'pinned' }).followLatestRustOverlay).toBe(false);
    expect(planFlake(rootFeatures, { rustOverlay: 'latest' }).followLatestRustOverlay).toBe(true);
    // Another cargo2nix branch pins another rust-overlay, which this file cannot know.
    expect(planFlake(rootFeatures, { rustVersion: '1.86', cargo2nixRef: 'main' }).followLatestRustOverlay).toBe(false);
    const text = renderFlakeNix(rootFeatures, { rustVersion: '1.88' });
    expect(text).toContain(`    rust-overlay.url = "github:oxalica/rust-overlay/stable";
    cargo2nix = {
      url = "github:cargo2nix/cargo2nix/release-0.12";
      inputs.rust-overlay.follows = "rust-overlay";
    };`);
    expect(text).toContain('      rust-overlay,\n    }:');
    expect(renderFlakeNix(rootFeatures, { cargo2nixRef: 'main' })).toContain('cargo2nix.url = "github:cargo2nix/cargo2nix/main";');
    expect(() => planFlake(rootFeatures, { cargo2nixRef: 'a b' })).toThrow(FlakeOptionError);
  });

  it('builds the root package by default, else the first member with a binary, else the first member', () => {
    expect(planFlake(sys).defaultPackage).toBe('app');
    expect(planFlake(sources).defaultPackage).toBe('cli');
    expect(planFlake(workspace([member('lib'), member('bin', { hasBin: true })])).defaultPackage).toBe('bin');
    expect(planFlake(workspace([member('a'), member('b')])).defaultPackage).toBe('a');
    expect(planFlake(workspace([member('a', { hasBin: true }), member('root')], 'root')).defaultPackage).toBe('root');
    const onlyLibs = renderFlakeNix(workspace([member('a'), member('b')]));
    expect(onlyLibs).not.toContain('apps =');
    // A member called `default` is the default package itself.
    const named = renderFlakeNix(workspace([member('default', { hasBin: true })]));
    expect(named).toContain('          default = rustPkgs.workspace.default { };');
    expect(named).not.toContain('default = packages.default');
  });
});

describe('system-library overrides', () => {
  it('covers -sys and links crates the stock overrides miss, and says which it cannot', () => {
    const plan = sysOverridesFor(sys);
    expect(plan.overrides.map((o) => o.crate)).toEqual(['clang-sys', 'cmake', 'libsqlite3-sys', 'libz-sys', 'security-framework-sys']);
    expect(plan.unknown).toEqual([{ crate: 'mystery-sys', links: 'mystery' }]);
    expect(plan.stock).toEqual(['openssl-sys', 'pkg-config']);
    // ring's links only marks it unique; kernel32-sys binds a Windows import library.
    expect(sysRuleFor('ring', 'ring_core_0_17_7')).toBeUndefined();
    expect(plan.unknown.map((u) => u.crate)).not.toContain('kernel32-sys');
    expect(sysRuleFor('libz-sys-fork', 'z')?.libraries).toEqual(['zlib']);
  });

  it('writes each as a makeOverride with a comment saying why', () => {
    const text = renderFlakeNix(sys);
    expect(text).toContain(`          packageOverrides =
            pkgs:
            pkgs.rustBuilder.overrides.all
            ++ [`);
    expect(text).toContain(`              # libz-sys (links = "z"): links the system zlib when it finds one and builds its
              # bundled copy otherwise.
              (pkgs.rustBuilder.rustLib.makeOverride {
                name = "libz-sys";
                overrideAttrs = drv: {
                  propagatedBuildInputs = drv.propagatedBuildInputs or [ ] ++ [ pkgs.zlib ];
                };
              })`);
    expect(text).toContain(`                  propagatedBuildInputs =
                    drv.propagatedBuildInputs or [ ]
                    ++ pkgs.lib.optionals pkgs.stdenv.hostPlatform.isDarwin [
                      pkgs.darwin.apple_sdk.frameworks.Security
                    ];`);
    expect(text).toContain(`                  propagatedNativeBuildInputs = drv.propagatedNativeBuildInputs or [ ] ++ [
                    pkgs.cmake
                  ];`);
    expect(text).toContain('value = "${pkgs.llvmPackages.libclang.lib}/lib";');
    expect(text).toContain('# mystery-sys (links = "mystery") may want a system library');
  });
});
