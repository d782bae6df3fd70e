// dream2nix's renderers: one evalModules per workspace member with the rust-cargo-lock,
// rust-cargo-vendor and rust-crane modules, native inputs on both the package and its
// dependencies' derivation, options, and the registries its Cargo.lock translator refuses.
import { describe, expect, it } from 'vitest';
import type { ResolvedCrate, ResolvedWorkspace } from '../../worker/model/model.ts';
import { renderAll, RENDERERS } from '../../worker/render/index.ts';
import { dream2nixFlake, dream2nixModule } from '../../worker/render/dream2nix/dream2nix-nix.ts';
import { DREAM2NIX_RENDERERS } from '../../worker/render/dream2nix/renderers.ts';
import { backendCase } from '../golden/backends/cases.ts';

const dream2nix = RENDERERS.filter((r) => r.backend === 'dream2nix');

/** The (attribute, name, version) of every `member system { … }` call in the flake. */
function memberCalls(flake: string): [string, string, string][] {
  return [...flake.matchAll(/^ {8}([\w-]+) = member system \{\n {10}name = "([^"]+)";\n {10}version = "([^"]+)";/gm)].map((m) => [
    m[1]!,
    m[2]!,
    m[3]!,
  ]);
}

describe('dream2nix flake.nix', () => {
  it('evaluates the package module once per workspace member, by name and version', async () => {
    const c = await backendCase('debian/workspace');
    const flake = dream2nixFlake(c.ws, { flake: {} });
    expect(memberCalls(flake)).toEqual(c.ws.members.map((m) => [m.name, m.name, m.version]));
    expect(flake).toContain('dream2nix.url = "github:nix-community/dream2nix";');
    expect(flake).toContain('nixpkgs.follows = "dream2nix/nixpkgs";');
    expect(flake).toContain('dream2nix.lib.evalModules {');
    expect(flake).toContain('packageSets.nixpkgs = nixpkgs.legacyPackages.${system};');
    expect(flake).toContain('./default.nix');
    expect(flake).toContain('paths.projectRootFile = "flake.nix";');
    // A virtual workspace: the first member with a binary is the default.
    expect(flake).toContain('default = self.packages.${system}.app;');
  });

  it('picks the root package as default', async () => {
    const c = await backendCase('crates-io/hello-world');
    const flake = dream2nixFlake(c.ws, { flake: {} });
    expect(memberCalls(flake)).toEqual([['hello-world', 'hello-world', '0.1.0']]);
    expect(flake).toContain('default = self.packages.${system}.hello-world;');
    expect(flake).not.toContain('rust-crane');
  });

  it('turns the dev profile and root features into rust-crane settings per member', async () => {
    const c = await backendCase('debian/workspace');
    const flake = dream2nixFlake(c.ws, { flake: { release: false, rootFeatures: ['app/fancy', 'util'] } });
    expect(flake).toContain('buildProfile = "dev";');
    expect(flake).toContain('testProfile = "dev";');
    // app: its named feature without its defaults; util: its defaults; macros: nothing.
    expect(flake).toMatch(/buildFlags = \[\n\s+"--no-default-features"\n\s+"--features"\n\s+"fancy"\n\s+\];/);
    const macros = flake.slice(flake.indexOf('macros = member system {'), flake.indexOf('util = member system {'));
    expect(macros).toContain('buildFlags = [ "--no-default-features" ];');
    const util = flake.slice(flake.indexOf('util = member system {'));
    expect(util.slice(0, util.indexOf('};\n'))).not.toContain('buildFlags');
  });

  it('says in a comment that extra targets are not built', async () => {
    const c = await backendCase('crates-io/hello-world');
    expect(dream2nixFlake(c.ws, { flake: { extraTargets: ['wasm32-wasip1'] } })).toContain(
      '      # Not written for dream2nix: packages for wasm32-wasip1 (its rust-crane module builds for the\n      # host only).\n',
    );
    expect(dream2nixFlake(c.ws, { flake: {} })).not.toContain('Not written');
  });

  it('needs no git hash: git dependencies are fetched by commit', async () => {
    const c = await backendCase('debian/git-path');
    const outputs = renderAll(c.ws, { flake: {} }, dream2nix);
    expect(outputs.every((o) => o.ok)).toBe(true);
  });
});

describe('dream2nix default.nix', () => {
  it('imports the three Rust modules and builds from the workspace root', async () => {
    const c = await backendCase('debian/workspace');
    const module = dream2nixModule(c.ws);
    for (const m of ['rust-cargo-lock', 'rust-cargo-vendor', 'rust-crane']) expect(module).toContain(`dream2nix.modules.dream2nix.${m}\n`);
    expect(module).toContain('src = ./.;');
    expect(module).not.toContain('deps =');
    expect(module).not.toContain('depsDrv');
  });

  it('gives system libraries to the package and to its dependencies derivation', async () => {
    const c = await backendCase('crates-io/bigger-project');
    const module = dream2nixModule(c.ws);
    expect(module).toContain('inherit (nixpkgs) openssl pkg-config;');
    const inputs = /nativeBuildInputs = \[ config\.deps\.pkg-config \];\n\s+buildInputs = \[ config\.deps\.openssl \];/g;
    expect(module.match(inputs)).toHaveLength(2);
    expect(module).toContain('rust-crane.depsDrv = {');
  });

  it('refuses, located, a crate from a registry its Cargo.lock translator cannot read', async () => {
    const c = await backendCase('crates-io/hello-world');
    const alt: ResolvedCrate = {
      ...c.ws.crates[0]!,
      member: false,
      id: { ...c.ws.crates[0]!.id, name: 'private-dep', version: '1.2.3', key: 'private-dep 1.2.3 sparse' },
      source: { kind: 'registry', url: 'https://my-registry.example/index/', protocol: 'sparse', cratesIo: false, checksum: '0'.repeat(64) },
    };
    const ws: ResolvedWorkspace = { ...c.ws, crates: [...c.ws.crates, alt] };
    const outputs = renderAll(ws, { flake: {} }, dream2nix);
    for (const o of outputs) {
      expect(o.ok).toBe(false);
      if (o.ok) continue;
      expect(o.error).toMatchObject({ file: 'Cargo.lock', crate: 'private-dep@1.2.3' });
      expect(o.error.message).toContain('comes from sparse+https://my-registry.example/index/');
    }
  });

  it('registers two renderers under dream2nix/ ids, in RENDERERS', () => {
    expect(DREAM2NIX_RENDERERS.map((r) => r.id)).toEqual(['dream2nix/flake.nix', 'dream2nix/default.nix']);
    expect(dream2nix).toEqual(DREAM2NIX_RENDERERS);
  });
});
