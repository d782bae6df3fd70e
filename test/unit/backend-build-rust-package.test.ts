// buildRustPackage's flake.nix and package.nix from the resolved model: outputHashes from the git
// prefetch (and a named error without one), `-p` per member, features, profile, native inputs.
// test/nix/backends-eval-brp.test.ts evaluates the same files with Nix.
import { describe, expect, it } from 'vitest';
import { GeneratorError } from '../../worker/core/errors.ts';
import type { GitSourceHash } from '../../worker/model/git-hash.ts';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import { outputHashes, renderBuildRustPackage } from '../../worker/render/build-rust-package/build-rust-package.ts';
import { renderAll } from '../../worker/render/index.ts';
import { backendCase } from '../golden/backends/cases.ts';
import { model } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';

const gitPath = await backendCase('debian/git-path');
const hello = await backendCase('crates-io/hello-world');
const sysS = scenario('sys-crates');
const sys = await model(sysS.files, sysS.snapshot);

const REV = '431b95a2de4860c6d6268af9f293533f6ea1bdb3';
const hash = (more: Partial<GitSourceHash> = {}): GitSourceHash => ({
  url: 'https://git.example.org/gitdep',
  rev: REV,
  packages: ['gitdep-0.4.0'],
  sri: 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  ...more,
});

function thrown(fn: () => unknown): GeneratorError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GeneratorError) return e;
    throw e;
  }
  throw new Error('expected a GeneratorError');
}

describe('cargoLock.outputHashes', () => {
  it('has one entry per git package, `name-version` = the prefetched SRI hash', () => {
    expect(outputHashes(gitPath.ws, [hash()])).toEqual([['gitdep-0.4.0', 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=']]);
    const text = renderBuildRustPackage(gitPath.ws, { flake: {}, gitHashes: [hash()] }).packageNix;
    expect(text).toContain('    outputHashes = {\n      "gitdep-0.4.0" = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";\n    };\n');
  });

  it('is left out for a lock without git packages', () => {
    expect(outputHashes(hello.ws, [])).toEqual([]);
    expect(renderBuildRustPackage(hello.ws, { flake: {} }).packageNix).not.toContain('outputHashes');
  });

  it('names the repository and commit when the prefetch gave no hash', () => {
    const missing = thrown(() => outputHashes(gitPath.ws, []));
    expect(missing.message).toContain(`git repository https://git.example.org/gitdep at commit ${REV}`);
    expect(missing.location).toEqual({ file: 'Cargo.lock', crate: 'gitdep@0.4.0' });
    const other = thrown(() => outputHashes(gitPath.ws, [hash({ rev: '0'.repeat(40) })]));
    expect(other.message).toContain(REV);
    const failed = thrown(() => outputHashes(gitPath.ws, [hash({ sri: undefined, error: 'the repository has submodules' })]));
    expect(failed.message).toMatch(/: the repository has submodules$/);
  });

  it('costs only package.nix in renderAll: flake.nix still renders', () => {
    const outputs = renderAll(gitPath.ws, { flake: {} }).filter((o) => o.renderer.startsWith('buildRustPackage/'));
    expect(outputs.map((o) => [o.renderer, o.ok])).toEqual([
      ['buildRustPackage/flake.nix', true],
      ['buildRustPackage/package.nix', false],
    ]);
  });
});

describe('package.nix', () => {
  it('builds a single package without -p, named and versioned from the model', () => {
    const text = renderBuildRustPackage(hello.ws, { flake: {} }).packageNix;
    expect(text).toContain('rustPlatform.buildRustPackage {\n  pname = "hello-world";\n  version = "0.1.0";\n');
    expect(text).toContain('  cargoLock = {\n    lockFile = ./Cargo.lock;\n  };\n');
    expect(text).not.toContain('cargoBuildFlags');
    expect(text).not.toContain('members');
  });

  it('selects workspace members with -p for build and tests, all binary members by default', () => {
    const text = renderBuildRustPackage(sys, { flake: {} }).packageNix;
    expect(text).toContain('  members ? [\n    "tool"\n    "app"\n  ],\n');
    expect(text).toContain('  cargoBuildFlags = packageFlags;\n  cargoTestFlags = packageFlags;\n');
    expect(text).toContain('pname = if one then builtins.head members else "app";');
  });

  it('takes each native input as a callPackage argument', () => {
    const text = renderBuildRustPackage(sys, { flake: {} }).packageNix;
    expect(text).toContain('\n{\n  lib,\n  rustPlatform,\n  cmake,\n  llvmPackages,\n  openssl,\n  pkg-config,\n  sqlite,\n  zlib,\n  members ? [');
    expect(text).toContain('  buildInputs = [\n    openssl\n    sqlite\n    zlib\n  ];\n');
    expect(text).toContain('  LIBCLANG_PATH = "${llvmPackages.libclang.lib}/lib";\n');
    expect(text.split('\n').filter((l) => !l.trimStart().startsWith('#') && l.includes('pkgs.'))).toEqual([]);
  });

  it('builds the dev profile and the root features when asked, and checks them', () => {
    const text = renderBuildRustPackage(sys, { flake: { release: false, rootFeatures: ['app/bundled', 'tool'] } }).packageNix;
    expect(text).toContain('  buildType = "debug";\n');
    expect(text).toContain('  buildFeatures = builtins.filter (f: builtins.any (m: lib.hasPrefix "${m}/" f) members) [\n    "app/bundled"\n  ];\n');
    expect(thrown(() => renderBuildRustPackage(sys, { flake: { rootFeatures: ['app/nope'] } })).message).toBe(
      'root feature `app/nope`: `app` has no feature `nope`',
    );
  });

  it('refuses a registry other than crates.io, naming the crate', () => {
    const crate = sys.crates.find((c) => c.id.name === 'cc')!;
    const alt: ResolvedWorkspace = {
      ...sys,
      crates: sys.crates.map((c) =>
        c === crate
          ? { ...c, source: { kind: 'registry', url: 'https://my.registry/index', protocol: 'sparse', cratesIo: false, checksum: '0'.repeat(64) } }
          : c,
      ),
    };
    const e = thrown(() => renderBuildRustPackage(alt, { flake: {} }));
    expect(e.message).toContain('cc@1.0.83 comes from the registry https://my.registry/index');
    expect(e.location.crate).toBe('cc@1.0.83');
  });
});

describe('flake.nix', () => {
  it('calls package.nix for the workspace and once per member', () => {
    const text = renderBuildRustPackage(sys, { flake: {} }).flake;
    expect(text).toContain('          tool = pkgs.callPackage ./package.nix { members = [ "tool" ]; };\n');
    expect(text).toContain('          app = pkgs.callPackage ./package.nix { members = [ "app" ]; };\n');
    expect(text).toContain('          default = pkgs.callPackage ./package.nix { };\n');
  });

  it('builds with a chosen Rust release through makeRustPlatform and rust-overlay', () => {
    const text = renderBuildRustPackage(sys, { flake: { rustVersion: '1.80' } }).flake;
    expect(text).toContain('    rust-overlay = {\n      url = "github:oxalica/rust-overlay";\n      inputs.nixpkgs.follows = "nixpkgs";\n    };\n');
    expect(text).toContain('        toolchain = pkgs.rust-bin.stable."1.80.0".default;\n        rustPlatform = pkgs.makeRustPlatform {\n');
    expect(text).toContain('          app = pkgs.callPackage ./package.nix { inherit rustPlatform; members = [ "app" ]; };\n');
    expect(text).toContain('          default = pkgs.callPackage ./package.nix { inherit rustPlatform; };\n');
    const plain = renderBuildRustPackage(sys, { flake: {} }).flake;
    expect(plain).not.toContain('rust-overlay');
    expect(plain).toContain('pkgs = nixpkgs.legacyPackages.${system};');
  });

  it('says which options buildRustPackage does not honour', () => {
    const text = renderBuildRustPackage(hello.ws, { flake: { extraTargets: ['x86_64-unknown-linux-musl'] } }).flake;
    expect(text).toContain('# Not built here: the extra targets x86_64-unknown-linux-musl');
    expect(thrown(() => renderBuildRustPackage(hello.ws, { flake: { rustVersion: '1.2.3.4' } })).message).toContain('not of the form');
  });
});
