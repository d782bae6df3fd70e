// flake.nix generation without Nix: layout, choices (Rust version, default
// package, overlay pin, overrides) and formatting. test/nix/flake.test.ts
// evaluates the same files with real Nix.
import { describe, expect, it } from 'vitest';
import type { ResolvedWorkspace, WorkspaceMember } from '../../worker/model/model.ts';
import { packageId } from '../../worker/core/package-id.ts';
import { renderFlakeNix } from '../../worker/render/cargo2nix/flake-nix.ts';
import { FlakeOptionError, decideFlake, normaliseRustVersion } from '../../worker/render/cargo2nix/flake-options.ts';
import { CARGO2NIX_0_12_RUST_OVERLAY, DEFAULT_RUST_VERSION, NEWER_RUST_OVERLAY, extraTarget } from '../../worker/render/cargo2nix/flake-catalogue.ts';
import { nixAttr, nixString } from '../../worker/render/nix/nix-text.ts';
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
    path: name,
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
    expect(extraTarget('wasm32-wasip1')).toMatchObject({
      crossSystem: { config: 'wasm32-unknown-wasi', useLLVM: true, rustcConfig: 'wasm32-wasip1' },
      targetSpec: { maxAtomicWidth: 64, pointerWidth: 32 },
    });
  });

  it('gives WASI its Rust name in crossSystem, which nixpkgs 23.11 would call wasm32-unknown-wasi', () => {
    const text = renderFlakeNix(rootFeatures, { extraTargets: ['wasm32-wasip1'] });
    expect(text).toContain(`        rustPkgs-wasm32-wasip1 = crossRustPkgs {
          crossSystem = {
            config = "wasm32-unknown-wasi";
            useLLVM = true;
            # Rust's name for the platform: nixpkgs' lib would derive another one.
            rustc.config = "wasm32-wasip1";
          };
          target = "wasm32-wasip1";`);
  });

  it('refuses targets it has not checked, and targets the Rust version lacks', () => {
    expect(() => decideFlake(rootFeatures, { extraTargets: ['riscv64gc-unknown-linux-gnu'] })).toThrow(
      /extra target `riscv64gc-unknown-linux-gnu` is not one the playground offers/,
    );
    expect(() => decideFlake(rootFeatures, { extraTargets: ['wasm32-wasip1'], rustVersion: '1.77.2' })).toThrow(
      'extra target `wasm32-wasip1` needs Rust 1.78.0 or newer (Rust 1.77.2 is chosen)',
    );
    expect(decideFlake(rootFeatures, { extraTargets: ['wasm32-wasip1'], rustVersion: '1.78' }).extraTargets.map((t) => t.triple)).toEqual([
      'wasm32-wasip1',
    ]);
    // Without a chosen version, the one picked from rust-version (1.74.1 here) is raised to what the targets need.
    expect(decideFlake(sys, { extraTargets: ['wasm32-wasip1'] })).toMatchObject({ rustVersion: '1.78.0', rustVersionRaisedForTargets: true });
    expect(renderFlakeNix(sys, { extraTargets: ['wasm32-wasip1'] })).toContain('# `rust-version` is 1.74.1, but an extra target needs Rust 1.78.0.');
    expect(decideFlake(sys, { extraTargets: ['x86_64-unknown-linux-musl'] })).toMatchObject({
      rustVersion: '1.75.0',
      rustVersionRaisedForTargets: false,
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
  it('takes the Rust version from an option, else the oldest offered one that meets rust-version, else a pinned default', () => {
    // rust-version 1.70 and 1.74.1 are older than anything offered: the oldest offered meets them.
    expect(decideFlake(sources)).toMatchObject({ rustVersion: '1.75.0', rustVersionSource: 'rust-version', workspaceRustVersion: '1.70.0' });
    expect(renderFlakeNix(sources)).toContain("# The oldest Rust offered that meets the workspace's `rust-version` (1.70.0).");
    expect(decideFlake(sys).rustVersion).toBe('1.75.0');
    const msrv = (v: string) => workspace([member('a', { hasBin: true, rustVersion: v })]);
    expect(decideFlake(msrv('1.80'))).toMatchObject({ rustVersion: '1.80.0', rustVersionSource: 'rust-version' });
    expect(renderFlakeNix(msrv('1.80'))).toContain('# The newest `rust-version` in the workspace manifests.');
    // 1.84 has no 1.84.2: the next release that meets it.
    expect(decideFlake(msrv('1.84.2')).rustVersion).toBe('1.85.0');
    expect(() => decideFlake(msrv('1.99'))).toThrow(
      '`rust-version = "1.99.0"` is newer than any Rust offered with cargo2nix release-0.12 (1.75.0 to 1.98.0)',
    );
    expect(decideFlake(rootFeatures)).toMatchObject({ rustVersion: DEFAULT_RUST_VERSION, rustVersionSource: 'default' });
    expect(decideFlake(rootFeatures, { rustVersion: '1.80' })).toMatchObject({ rustVersion: '1.80.0', rustVersionSource: 'option' });
    expect(() => decideFlake(rootFeatures, { rustVersion: 'stable' })).toThrow(FlakeOptionError);
    expect(() => decideFlake(rootFeatures, { rustVersion: '1.74.1' })).toThrow(
      'Rust 1.74.1 is not offered with cargo2nix release-0.12: choose a release from 1.75.0 to 1.98.0',
    );
    expect(() => decideFlake(rootFeatures, { rustVersion: '1.99' })).toThrow(FlakeOptionError);
    expect(normaliseRustVersion('1.70')).toBe('1.70.0');
    expect(normaliseRustVersion(' 1.65.1 ')).toBe('1.65.1');
    expect(normaliseRustVersion('1')).toBeUndefined();
  });

  it('follows a newer rust-overlay, on cargo2nix’s nixpkgs, only when the Rust version needs one', () => {
    expect(decideFlake(rootFeatures, { rustVersion: '1.85.0' })).toMatchObject({
      followNewerRustOverlay: false,
      rustOverlay: CARGO2NIX_0_12_RUST_OVERLAY,
    });
    expect(decideFlake(rootFeatures, { rustVersion: '1.85.1' })).toMatchObject({ followNewerRustOverlay: true, rustOverlay: NEWER_RUST_OVERLAY });
    expect(() => decideFlake(rootFeatures, { rustVersion: '1.86', rustOverlay: 'pinned' })).toThrow(
      'Rust 1.86.0 is newer than the rust-overlay cargo2nix release-0.12 pins (up to 1.85.0)',
    );
    expect(decideFlake(rootFeatures, { rustOverlay: 'latest' }).followNewerRustOverlay).toBe(true);
    // Every offered ref gets the newer overlay when it needs it, not only the default one.
    expect(decideFlake(rootFeatures, { rustVersion: '1.88', cargo2nixRef: 'main' }).followNewerRustOverlay).toBe(true);
    const text = renderFlakeNix(rootFeatures, { rustVersion: '1.88' });
    expect(text).toContain(`    rust-overlay = {
      url = "github:oxalica/rust-overlay/${NEWER_RUST_OVERLAY.rev}";
      inputs.nixpkgs.follows = "nixpkgs";
    };
    cargo2nix = {
      url = "github:cargo2nix/cargo2nix/release-0.12";
      inputs.rust-overlay.follows = "rust-overlay";
    };
    flake-utils.follows = "cargo2nix/flake-utils";
    nixpkgs.follows = "cargo2nix/nixpkgs";`);
    expect(text).toContain('      rust-overlay,\n    }:');
  });

  it('pins only cargo2nix refs that read this Cargo.nix, and names the chosen one in the header', () => {
    expect(renderFlakeNix(rootFeatures, { cargo2nixRef: 'main' })).toContain('cargo2nix.url = "github:cargo2nix/cargo2nix/main";');
    expect(renderFlakeNix(rootFeatures)).toMatch(/^# Written by the cargo2nix playground for cargo2nix release-0\.12 \(0\.12\.0\):/);
    expect(renderFlakeNix(rootFeatures, { cargo2nixRef: 'v0.12.0' })).toMatch(
      /^# Written by the cargo2nix playground for cargo2nix v0\.12\.0 \(0\.12\.0\):/,
    );
    expect(() => decideFlake(rootFeatures, { cargo2nixRef: 'release-0.11' })).toThrow(
      'cargo2nix ref `release-0.11`: cargo2nix has no branch `release-0.11`; choose `release-0.12`, `v0.12.0`, `main`',
    );
    expect(() => decideFlake(rootFeatures, { cargo2nixRef: 'release-0.11.0' })).toThrow(/cannot read the Cargo.nix of cargo2nix 0.12/);
    expect(() => decideFlake(rootFeatures, { cargo2nixRef: 'a b' })).toThrow('cargo2nix ref `a b` is not one the playground has checked');
  });

  it('builds the root package by default, else the first member with a binary, else the first member', () => {
    expect(decideFlake(sys).defaultPackage).toBe('app');
    expect(decideFlake(sources).defaultPackage).toBe('cli');
    expect(decideFlake(workspace([member('lib'), member('bin', { hasBin: true })])).defaultPackage).toBe('bin');
    expect(decideFlake(workspace([member('a'), member('b')])).defaultPackage).toBe('a');
    expect(decideFlake(workspace([member('a', { hasBin: true }), member('root')], 'root')).defaultPackage).toBe('root');
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
