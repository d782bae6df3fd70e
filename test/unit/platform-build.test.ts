// What builds on each platform, read from the model with the meaning the generated
// Nix gives it. test/nix checks it against real Nix evaluation; these pin the
// rules down one by one, cargo2nix's quirks included.
import { describe, expect, it } from 'vitest';
import type { ResolvedCrate, ResolvedDependency, ResolvedWorkspace } from '../../worker/model/model.ts';
import { packageId } from '../../worker/core/package-id.ts';
import {
  PLATFORM_PRESETS,
  PLATFORM_PRESET_NAMES,
  defaultRootFeatures,
  expandRootFeatures,
  platformBuild,
  type PlatformBuild,
  type PlatformPresetName,
} from '../../worker/views/platform-build.ts';
import { crateKey } from '../../worker/render/cargo2nix/package-set.ts';
import { CRATES_IO as CRATES_IO_SOURCE } from '../../worker/core/source-id.ts';
import { SCENARIOS } from '../support/scenarios.ts';
import { model } from '../support/engine.ts';

const scenario = (name: string) => {
  const s = SCENARIOS.find((x) => x.name === name)!;
  return model(s.files, s.snapshot);
};

const matrix = await scenario('cfg-matrix');
const rootFeatures = await scenario('root-features');

/** Extern names the member `matrix` depends on (normal dependencies) on a platform. */
function matrixDeps(platform: PlatformPresetName, options = {}): string[] {
  const build = platformBuild(matrix, PLATFORM_PRESETS[platform], options);
  const member = build.crates.find((c) => c.crate.member)!;
  return member.dependencies.filter((d) => d.kind === 'normal').map((d) => d.name);
}

const crateNames = (build: PlatformBuild) => build.crates.map((c) => c.crate.id.name);

describe('platform presets', () => {
  it('are shaped like nixpkgs hostPlatform for the configs they name', () => {
    expect(PLATFORM_PRESET_NAMES).toEqual([
      'x86_64-linux',
      'aarch64-linux',
      'aarch64-darwin',
      'x86_64-darwin',
      'x86_64-windows-gnu',
      'x86_64-linux-musl',
      'wasm32-wasi',
    ]);
    const w = PLATFORM_PRESETS['x86_64-windows-gnu'];
    expect([w.config, w.parsed.vendor.name, w.parsed.kernel.name, w.parsed.abi.name, w.isWindows, w.isUnix]).toEqual([
      'x86_64-w64-mingw32',
      'w64',
      'windows',
      'gnu',
      true,
      false,
    ]);
    const d = PLATFORM_PRESETS['aarch64-darwin'];
    expect([d.config, d.parsed.abi.name, d.isUnix, d.cargo2nix['max-atomic-width']]).toEqual(['aarch64-apple-darwin', 'unknown', true, 128]);
    expect(PLATFORM_PRESETS['wasm32-wasi'].parsed.cpu.bits).toBe(32);
  });
});

describe('rootFeatures', () => {
  it('expands like cargo2nix: each entry and its member', () => {
    expect([...expandRootFeatures(['app/tls', 'lib'])].sort()).toEqual(['app', 'app/tls', 'lib']);
  });

  it('defaults to every member with default features, as Cargo.nix does', () => {
    expect(defaultRootFeatures(rootFeatures)).toEqual(['app/default']);
    expect(platformBuild(rootFeatures, PLATFORM_PRESETS['x86_64-linux']).rootFeatures).toEqual(['app/default']);
  });

  it('turns on what the requested member features activate, and nothing for a bare member', () => {
    const linux = PLATFORM_PRESETS['x86_64-linux'];
    const app = (build: PlatformBuild) => build.crates.find((c) => c.crate.member)!;
    const dflt = platformBuild(rootFeatures, linux);
    expect(app(dflt).features).toEqual(['default', 'fast']);
    expect(crateNames(dflt)).toEqual(['app', 'quick']);
    const posix = platformBuild(rootFeatures, linux, { rootFeatures: ['app/posix'] });
    expect(app(posix).features).toEqual(['posix', 'unixy']);
    expect(crateNames(posix)).toEqual(['app', 'unixy']);
    // The same feature on Windows: `unixy` is behind cfg(unix).
    expect(crateNames(platformBuild(rootFeatures, PLATFORM_PRESETS['x86_64-windows-gnu'], { rootFeatures: ['app/posix'] }))).toEqual(['app']);
    const bare = platformBuild(rootFeatures, linux, { rootFeatures: ['app'] });
    expect(app(bare).features).toEqual([]);
    expect(crateNames(bare)).toEqual(['app']);
    const tls = platformBuild(rootFeatures, linux, { rootFeatures: ['app/tls'] });
    expect(tls.crates.find((c) => c.crate.id.name === 'net')!.features).toEqual(['default', 'std', 'tls']);
  });
});

describe('cfg as cargo2nix translates it', () => {
  it('maps os, arch, family, env, vendor, width and endianness onto nixpkgs facts', () => {
    const linux = matrixDeps('x86_64-linux');
    for (const d of [
      'on_unix',
      'os_linux',
      'arch_x86_64',
      'env_gnu',
      'family_unix',
      'endian_little',
      'ptr_64',
      'vendor_unknown',
      'not_windows',
      'combo_all',
      'triple_linux_gnu',
      'backend',
      'both',
    ]) {
      expect(linux).toContain(d);
    }
    for (const d of ['on_windows', 'os_macos', 'arch_aarch64', 'env_musl', 'ptr_32', 'vendor_apple', 'not_linux', 'combo_any', 'combo_nested'])
      expect(linux).not.toContain(d);
    const mac = matrixDeps('aarch64-darwin');
    for (const d of ['os_macos', 'arch_aarch64', 'vendor_apple', 'combo_any', 'triple_darwin', 'combo_nested', 'not_linux']) expect(mac).toContain(d);
    expect(matrixDeps('x86_64-linux-musl')).toContain('env_musl');
    const wasm = matrixDeps('wasm32-wasi');
    for (const d of ['arch_wasm32', 'os_wasi', 'ptr_32', 'combo_any', 'not_windows']) expect(wasm).toContain(d);
    expect(wasm).not.toContain('on_unix');
  });

  it('keeps the quirks of the Nix it writes', () => {
    for (const p of PLATFORM_PRESET_NAMES) {
      const deps = matrixDeps(p);
      // all() with nothing inside is false; not(any()) is true; unknown names and keys are false.
      expect(deps).not.toContain('all_empty');
      expect(deps).not.toContain('any_empty');
      expect(deps).toContain('not_any_empty');
      for (const d of [
        'unknown_name',
        'feature_key',
        'family_wasm',
        'ptr_16',
        'env_msvc',
        'arch_x86',
        'arch_arm',
        'triple_wasm',
        'triple_windows_gnu',
      ])
        expect(deps).not.toContain(d);
      // target_env = "" compares with nixpkgs' abi name, which is never empty (Darwin's is "unknown").
      expect(deps).not.toContain('env_empty');
    }
    // Target triples are compared with nixpkgs' config, so MinGW matches its autotools name only.
    const win = matrixDeps('x86_64-windows-gnu');
    expect(win).toContain('triple_mingw');
    expect(win).toContain('on_windows');
    // nixpkgs' vendor for MinGW is w64, not Rust's pc.
    expect(win).not.toContain('vendor_pc');
  });

  it('reads target_has_atomic from cargo2nix target info', () => {
    expect(matrixDeps('x86_64-linux')).toEqual(expect.arrayContaining(['atomic_64', 'atomic_ptr', 'not_atomic_128']));
    expect(matrixDeps('x86_64-linux')).not.toContain('atomic_128');
    expect(matrixDeps('aarch64-darwin')).toEqual(expect.arrayContaining(['atomic_64', 'atomic_128', 'atomic_ptr']));
  });

  it('reads target_cpu, target_feature and the sgx env from makePackageSet arguments', () => {
    expect(matrixDeps('x86_64-linux')).not.toContain('cpu_native');
    const tuned = matrixDeps('x86_64-linux', { hostPlatformCpu: 'native', hostPlatformFeatures: ['aes'] });
    expect(tuned).toEqual(expect.arrayContaining(['cpu_native', 'feat_aes']));
    expect(tuned).not.toContain('feat_crt_static');
    expect(matrixDeps('x86_64-linux', { target: 'x86_64-fortanix-unknown-sgx' })).toContain('env_sgx');
  });
});

describe('the closure', () => {
  it('follows dependencies of dependencies under their own cfgs, and build and proc-macro edges into the build set', () => {
    const win = platformBuild(matrix, PLATFORM_PRESETS['x86_64-windows-gnu'], { rootFeatures: ['matrix/winopt'] });
    const member = win.crates.find((c) => c.crate.member)!;
    expect(member.features).toEqual(['winopt']);
    const pm = member.dependencies.find((d) => d.name === 'pm_win')!;
    expect(pm.packageSet).toBe('buildRustPackages');
    expect(member.dependencies.find((d) => d.name === 'backend')!.crate).toMatch(/ backend-win 1\.0\.0$/);
    expect(member.dependencies.find((d) => d.name === 'opt_win')).toBeDefined();
    const plain = win.crates.find((c) => c.crate.id.name === 'plain')!;
    expect(plain.dependencies.map((d) => d.name)).toEqual(['on_windows']);
    const linux = platformBuild(matrix, PLATFORM_PRESETS['x86_64-linux']);
    const build = linux.crates.find((c) => c.crate.member)!.dependencies.filter((d) => d.kind === 'build');
    expect(build).toEqual([
      { name: 'build_unix', kind: 'build', crate: expect.stringMatching(/ build-unix 1\.0\.0$/), packageSet: 'buildRustPackages' },
    ]);
    expect(crateNames(linux)).not.toContain('opt-win');
    expect(crateNames(linux)).not.toContain('on-windows');
    const mac = platformBuild(matrix, PLATFORM_PRESETS['aarch64-darwin']);
    expect(
      mac.crates
        .find((c) => c.crate.member)!
        .dependencies.filter((d) => d.kind === 'dev')
        .map((d) => d.name),
    ).toEqual(['dev_mac']);
    expect(mac.crates.find((c) => c.crate.id.name === 'plain')!.dependencies.map((d) => d.name)).toEqual(['arch_aarch64']);
  });

  it('keys crates by registry, name and version, as Cargo.nix addresses them', () => {
    const build = platformBuild(matrix, PLATFORM_PRESETS['x86_64-linux']);
    for (const c of build.crates) expect(c.key).toBe(crateKey(c.crate.id));
    expect(build.crates[0]!.key).toMatch(/^registry\+https:\/\/github\.com\/rust-lang\/crates\.io-index [a-z0-9-]+ 1\.0\.0$/);
  });

  it('reports two active dependencies with one name, which Nix refuses', () => {
    const id = (n: string) => packageId(n, '1.0.0', CRATES_IO_SOURCE);
    const edge = (n: string, extern: string): ResolvedDependency => ({
      id: id(n),
      kind: 'normal',
      externName: extern,
      procMacro: false,
      activation: { kind: 'always' },
      platforms: undefined,
    });
    const crate = (n: string, deps: ResolvedDependency[], member = false): ResolvedCrate => ({
      id: member ? packageId(n, '1.0.0', { kind: 'path', path: '' }) : id(n),
      source: member
        ? { kind: 'path', path: '' }
        : { kind: 'registry', url: 'https://github.com/rust-lang/crates.io-index', protocol: 'git', checksum: 'c', cratesIo: true },
      member,
      libName: n,
      procMacro: false,
      links: undefined,
      features: [],
      dependencies: deps,
    });
    const ws: ResolvedWorkspace = {
      members: [
        {
          id: packageId('app', '1.0.0', { kind: 'path', path: '' }),
          name: 'app',
          version: '1.0.0',
          path: '',
          rustVersion: undefined,
          hasBin: true,
          binNames: ['app'],
          features: [],
        },
      ],
      crates: [crate('a', []), crate('app', [edge('a', 'x'), edge('b', 'x')], true), crate('b', [])],
      lockHash: '',
      profiles: new Map(),
    };
    expect(platformBuild(ws, PLATFORM_PRESETS['x86_64-linux']).problems).toEqual(['app 1.0.0: two dependencies named `x` are active']);
  });
});
