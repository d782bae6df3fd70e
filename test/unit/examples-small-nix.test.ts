// The small examples' Cargo.nix under real Nix (Debian's nix-instantiate, offline, through the
// test/nix harness that calls it as makePackageSet does): what the documentation page says of each
// holds when Nix evaluates it — platform conditions pick libc or winapi by the host platform, and
// optional dependencies come with the root features that enable them.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { resolveWorkspace } from '../../worker/pipeline.ts';
import { renderCargoNix } from '../../worker/render/cargo2nix/cargo-nix.ts';
import { FIXTURES } from '../support/golden.ts';
import { evalHarness, nixPath, removeDirs, writeDir } from '../nix/nix.ts';
import { exampleDir, SMALL_EXAMPLE_SOURCES } from '../tools/build-examples.ts';

interface Run {
  readonly platform: string;
  readonly rootFeatures?: readonly string[];
}

interface NixCrate {
  readonly features: readonly string[];
  readonly dependencies: readonly { readonly name: string; readonly kind: string; readonly crate: string }[];
}

/** The crates (by `<source> <name> <version>`) a build of the example reaches in each run, as Nix evaluates its Cargo.nix. */
async function evaluate(id: string, runs: readonly Run[]): Promise<Record<string, NixCrate>[]> {
  const dir = exampleDir(id);
  const files = await readWorkspaceDir(dir);
  const ws = await resolveWorkspace(files, { source: new RegistryDirSource(join(FIXTURES, SMALL_EXAMPLE_SOURCES[id]!.set, 'registry')) });
  const out = writeDir(id, { 'Cargo.nix': renderCargoNix(ws), 'Cargo.lock': files.get('Cargo.lock')! });
  const results = await evalHarness<{ crates: Record<string, NixCrate> }[]>(
    'eval-cargo-nix.nix',
    { cargoNix: nixPath(join(out, 'Cargo.nix')), workspaceSrc: nixPath(out) },
    { runs: JSON.stringify(runs) },
    id,
  );
  return results.map((r) => r.crates);
}

const names = (crates: Record<string, NixCrate>) =>
  Object.keys(crates)
    .map((k) => k.split(' ')[1]!)
    .sort();

afterAll(() => removeDirs());

describe('small examples under Nix', () => {
  it('target-deps: libc on Linux and macOS, winapi on Windows (without its triple-keyed import crate)', async () => {
    const [linux, darwin, windows] = await evaluate('target-deps', [
      { platform: 'x86_64-linux' },
      { platform: 'aarch64-darwin' },
      { platform: 'x86_64-windows-gnu' },
    ]);
    expect(names(linux!)).toEqual(['libc', 'log', 'target-deps']);
    expect(names(darwin!)).toEqual(['libc', 'log', 'target-deps']);
    // winapi's own `[target.x86_64-pc-windows-gnu.dependencies]` is compared with hostPlatform.config,
    // which nixpkgs spells x86_64-w64-mingw32: cargo2nix 0.12.0 leaves that crate out (the page says so).
    expect(names(windows!)).toEqual(['log', 'target-deps', 'winapi']);
  });

  it('root-features: itoa with the default feature, serde_json (and serde_derive for serde) only with json', async () => {
    const [defaults, json, bare] = await evaluate('root-features', [
      { platform: 'x86_64-linux' },
      { platform: 'x86_64-linux', rootFeatures: ['root-features/json'] },
      { platform: 'x86_64-linux', rootFeatures: ['root-features'] },
    ]);
    expect(names(defaults!)).toEqual(['itoa', 'root-features']);
    expect(names(json!)).toEqual(['itoa', 'memchr', 'root-features', 'ryu', 'serde', 'serde_json']);
    expect(names(bare!)).toEqual(['root-features']);
    const root = Object.entries(json!).find(([k]) => k.includes(' root-features '))![1];
    expect([...root.features].sort()).toEqual(['json']);
  });

  it('build-script and sys-crate: build dependencies are edges of kind build', async () => {
    const [build] = await evaluate('build-script', [{ platform: 'x86_64-linux' }]);
    const root = Object.entries(build!).find(([k]) => k.includes(' build-script '))![1];
    expect(root.dependencies.map((d) => `${d.kind}:${d.name}`)).toEqual(['build:cc']);
    const [sys] = await evaluate('sys-crate', [{ platform: 'x86_64-linux' }]);
    const libz = Object.entries(sys!).find(([k]) => k.includes(' libz-sys '))![1];
    expect(libz.dependencies.map((d) => `${d.kind}:${d.name}`).sort()).toEqual(['build:cc', 'build:pkg_config', 'build:vcpkg', 'normal:libc']);
  });

  it('workspace-members: both members, one log', async () => {
    const [ws] = await evaluate('workspace-members', [{ platform: 'x86_64-linux' }]);
    expect(names(ws!)).toEqual(['app', 'greeting', 'hex', 'log']);
  });
});
