// cargo2nix's package-set rules (render/cargo2nix/package-set.ts), which both
// Cargo.nix and the platform-build view follow: the registry spelling, which
// set an edge points into, and dev-dependencies that are never optional even
// when the resolver only turns them on under a member feature.
import { describe, expect, it } from 'vitest';
import { packageId } from '../../worker/core/package-id.ts';
import { parseSourceId, type SourceId } from '../../worker/core/source-id.ts';
import type { ActivationCondition, ResolvedCrate, ResolvedDependency, ResolvedWorkspace } from '../../worker/model/model.ts';
import { renderCargoNix } from '../../worker/render/cargo2nix/cargo-nix.ts';
import { crateAttrPath, crateKey, edgeActivation, packageSetOf, registryOf } from '../../worker/render/cargo2nix/package-set.ts';
import { PLATFORM_PRESETS, platformBuild } from '../../worker/views/platform-build.ts';
import { CRATES_IO, crateBlock } from '../support/engine.ts';

describe('registryOf', () => {
  // Spellings as cargo2nix 0.12.0 writes them (test/fixtures/*/expected/Cargo.nix, workspace-sources).
  it.each([
    [CRATES_IO, 'registry+https://github.com/rust-lang/crates.io-index'],
    ['sparse+https://index.crates.io/', 'sparse+https://index.crates.io/'],
    ['git+https://example.com/branchy?branch=release%2F1.x#0123456789abcdef0123456789abcdef01234567', 'git+https://example.com/branchy'],
    ['git+https://example.com/tagged.git?tag=v1.0.0#0123456789abcdef0123456789abcdef01234567', 'git+https://example.com/tagged.git'],
  ])('%s → %s', (source, expected) => {
    expect(registryOf(parseSourceId(source))).toBe(expected);
  });

  it('spells every path package `unknown`', () => {
    expect(registryOf({ kind: 'path', path: '' })).toBe('unknown');
    expect(registryOf({ kind: 'path', path: 'crates/x' })).toBe('unknown');
  });

  it('keys and addresses a crate with the same registry', () => {
    const id = packageId('quick', '1.2.0', parseSourceId(CRATES_IO));
    expect(crateKey(id)).toBe('registry+https://github.com/rust-lang/crates.io-index quick 1.2.0');
    expect(crateAttrPath(id)).toBe('"registry+https://github.com/rust-lang/crates.io-index".quick."1.2.0"');
  });
});

describe('packageSetOf', () => {
  it('takes build dependencies and proc-macros from the build machine’s set', () => {
    expect(packageSetOf({ kind: 'normal', procMacro: false })).toBe('rustPackages');
    expect(packageSetOf({ kind: 'dev', procMacro: false })).toBe('rustPackages');
    expect(packageSetOf({ kind: 'normal', procMacro: true })).toBe('buildRustPackages');
    expect(packageSetOf({ kind: 'dev', procMacro: true })).toBe('buildRustPackages');
    expect(packageSetOf({ kind: 'build', procMacro: false })).toBe('buildRustPackages');
  });
});

describe('dev-dependencies are never optional in cargo2nix', () => {
  const testing: ActivationCondition = { kind: 'memberFeatures', anyOf: [{ member: 'app', feature: 'testing' }] };
  const CRATES: SourceId = parseSourceId(CRATES_IO);
  const edge = (name: string, kind: ResolvedDependency['kind']): ResolvedDependency => ({
    id: packageId(name, '1.0.0', CRATES),
    kind,
    externName: name,
    procMacro: false,
    activation: testing,
    platforms: undefined,
  });
  const crate = (name: string, dependencies: ResolvedDependency[] = []): ResolvedCrate => ({
    id: name === 'app' ? packageId(name, '1.0.0', { kind: 'path', path: '' }) : packageId(name, '1.0.0', CRATES),
    source:
      name === 'app'
        ? { kind: 'path', path: '' }
        : { kind: 'registry', url: 'https://github.com/rust-lang/crates.io-index', protocol: 'git', cratesIo: true, checksum: '0'.repeat(64) },
    member: name === 'app',
    libName: name,
    procMacro: false,
    links: undefined,
    features: [],
    dependencies,
  });
  // The resolver's own answer, kept in the model: both edges only under `app/testing`.
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
        features: ['testing'],
      },
    ],
    crates: [crate('app', [edge('helper', 'dev'), edge('opt', 'normal')]), crate('helper'), crate('opt')],
    lockHash: '0'.repeat(64),
    profiles: new Map(),
  };

  it('keeps the model’s condition for other edges and drops it for dev ones', () => {
    const [dev, normal] = ws.crates[0]!.dependencies;
    expect(edgeActivation(dev!)).toEqual({ kind: 'always' });
    expect(edgeActivation(normal!)).toBe(testing);
  });

  it('writes the dev edge unconditionally in Cargo.nix', () => {
    const block = crateBlock(renderCargoNix(ws), 'app', '1.0.0');
    expect(block).toContain(`    dependencies = {
      \${ if rootFeatures' ? "app/testing" then "opt" else null } = (rustPackages."${CRATES_IO}".opt."1.0.0" { inherit profileName; }).out;
    };
    devDependencies = {
      helper = (rustPackages."${CRATES_IO}".helper."1.0.0" { inherit profileName; }).out;
    };`);
  });

  it('has the platform-build view reach the dev-dependency without the feature, as Nix does', () => {
    const build = platformBuild(ws, PLATFORM_PRESETS['x86_64-linux']);
    expect(build.crates.map((c) => c.crate.id.name)).toEqual(['app', 'helper']);
    const withFeature = platformBuild(ws, PLATFORM_PRESETS['x86_64-linux'], { rootFeatures: ['app/testing'] });
    expect(withFeature.crates.map((c) => c.crate.id.name)).toEqual(['app', 'helper', 'opt']);
  });
});
