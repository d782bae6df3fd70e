// native-inputs.ts: which nixpkgs packages the workspace's system-library crates need, for backends
// without cargo2nix's stock overrides (everything on one build) and for those with their own
// overrides (`provided`).
import { describe, expect, it } from 'vitest';
import { packageId } from '../../worker/core/package-id.ts';
import type { ResolvedCrate, ResolvedWorkspace } from '../../worker/model/model.ts';
import {
  CARGO2NIX_PROVIDED,
  callPackageArgs,
  nativeInputsFor,
  nativeRuleFor,
  needsNothing,
  withoutPkgsPrefix,
} from '../../worker/render/native-inputs.ts';
import { STOCK_EQUIVALENT_RULES, STOCK_OVERRIDES, sysOverridesFor } from '../../worker/render/sys-overrides.ts';
import { model } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';

const sysScenario = scenario('sys-crates');
const sys = await model(sysScenario.files, sysScenario.snapshot);
const plainScenario = scenario('root-features');
const plain = await model(plainScenario.files, plainScenario.snapshot);

function crate(name: string, links?: string, member = false): ResolvedCrate {
  return {
    id: packageId(name, '1.0.0', { kind: 'path', path: name }),
    source: { kind: 'path', path: name },
    member,
    libName: name.replace(/-/g, '_'),
    procMacro: false,
    links,
    features: [],
    dependencies: [],
  };
}

const ws = (crates: ResolvedCrate[]): ResolvedWorkspace => ({ members: [], crates, lockHash: '', profiles: new Map() });

describe('nativeInputsFor', () => {
  it('gives openssl-sys OpenSSL and pkg-config when the backend has no stock override (the sys-crates scenario)', () => {
    const n = nativeInputsFor(sys);
    expect(n.buildInputs).toEqual(['openssl', 'sqlite', 'zlib']);
    expect(n.nativeBuildInputs).toEqual(['cmake', 'llvmPackages.libclang', 'pkg-config']);
    expect(n.darwinFrameworks).toEqual(['darwin.apple_sdk.frameworks.Security']);
    expect(n.env).toEqual([{ name: 'LIBCLANG_PATH', value: '"${pkgs.llvmPackages.libclang.lib}/lib"', crate: 'clang-sys' }]);
    expect(n.needs.map((x) => x.crate)).toEqual([
      'clang-sys',
      'cmake',
      'libsqlite3-sys',
      'libz-sys',
      'openssl-sys',
      'pkg-config',
      'security-framework-sys',
    ]);
    // kernel32-sys binds a Windows import library; mystery-sys is unknown and said so.
    expect(n.unknown).toEqual([{ crate: 'mystery-sys', links: 'mystery' }]);
  });

  it('leaves to the backend what it provides: with cargo2nix’s stock set it agrees with sysOverridesFor', () => {
    const n = nativeInputsFor(sys, { provided: CARGO2NIX_PROVIDED });
    const cargo2nix = sysOverridesFor(sys);
    expect(n.needs.map((x) => x.crate)).toEqual(cargo2nix.overrides.map((o) => o.crate));
    expect(n.unknown).toEqual(cargo2nix.unknown);
    expect(n.buildInputs).not.toContain('openssl');
    expect(n.nativeBuildInputs).not.toContain('pkg-config');
  });

  it('needs nothing for a workspace without system libraries', () => {
    const n = nativeInputsFor(plain);
    expect(needsNothing(n)).toBe(true);
    expect(n.needs).toEqual([]);
    expect(needsNothing(nativeInputsFor(sys))).toBe(false);
  });

  it('finds a renamed fork by its `links` value in either table, and never a workspace member', () => {
    const n = nativeInputsFor(ws([crate('my-openssl-fork', 'openssl'), crate('my-zlib', 'z'), crate('openssl-sys', 'openssl', true)]));
    expect(n.needs.map((x) => [x.crate, x.rule.crates[0]])).toEqual([
      ['my-openssl-fork', 'openssl-sys'],
      ['my-zlib', 'libz-sys'],
    ]);
    expect(n.buildInputs).toEqual(['openssl', 'zlib']);
  });

  it('keeps one entry per crate name and per package, sorted byte-wise', () => {
    const n = nativeInputsFor(ws([crate('libssh2-sys', 'ssh2'), crate('openssl-sys'), crate('curl-sys'), crate('openssl-sys')]));
    expect(n.needs.map((x) => x.crate)).toEqual(['curl-sys', 'libssh2-sys', 'openssl-sys']);
    expect(n.buildInputs).toEqual(['curl', 'openssl', 'zlib']);
    expect(n.nativeBuildInputs).toEqual(['pkg-config']);
  });

  it('sets the environment prost-build reads, and its first setter wins', () => {
    const n = nativeInputsFor(ws([crate('prost-build'), crate('protoc')]));
    expect(n.env).toEqual([{ name: 'PROTOC', value: '"${pkgs.protobuf}/bin/protoc"', crate: 'prost-build' }]);
    expect(n.nativeBuildInputs).toEqual(['protobuf']);
  });
});

describe('the stock-equivalent rules', () => {
  it('cover every crate cargo2nix’s stock overrides take care of', () => {
    for (const name of STOCK_OVERRIDES) expect(nativeRuleFor(name, undefined), name).toBeDefined();
  });

  it('are only for crates in the stock set (so cargo2nix’s flake.nix never needs them)', () => {
    for (const r of STOCK_EQUIVALENT_RULES) for (const c of r.crates) expect(STOCK_OVERRIDES.has(c), c).toBe(true);
  });
});

describe('callPackage helpers', () => {
  it('names the top-level arguments a callPackage file needs, Darwin frameworks only when asked', () => {
    const n = nativeInputsFor(sys);
    expect(callPackageArgs(n)).toEqual(['cmake', 'llvmPackages', 'openssl', 'pkg-config', 'sqlite', 'zlib']);
    expect(callPackageArgs(n, { darwin: true })).toContain('darwin');
  });

  it('takes arguments from env expressions too', () => {
    expect(callPackageArgs(nativeInputsFor(ws([crate('prost-build')])))).toEqual(['protobuf']);
  });

  it('drops the pkgs. prefix for callPackage files', () => {
    expect(withoutPkgsPrefix('"${pkgs.llvmPackages.libclang.lib}/lib"')).toBe('"${llvmPackages.libclang.lib}/lib"');
  });
});
