// crate2nix's renderers: crate-hashes.json keyed the way crate2nix writes it, the flake's package
// set, overrides and options, and a located error when a git hash is missing.
import { describe, expect, it } from 'vitest';
import { GeneratorError } from '../../worker/core/errors.ts';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import { renderAll, RENDERERS } from '../../worker/render/index.ts';
import { crateHashes, crateHashesJson, gitPackageIdSpec } from '../../worker/render/crate2nix/crate-hashes.ts';
import { crate2nixFlake, memberFeatures, storeName } from '../../worker/render/crate2nix/flake-nix.ts';
import { crate2nixGenerateNote } from '../../worker/render/crate2nix/generate-note.ts';
import { perCrateInputs } from '../../worker/render/crate2nix/per-crate-inputs.ts';
import { CRATE2NIX_RENDERERS } from '../../worker/render/crate2nix/renderers.ts';
import { backendCase } from '../golden/backends/cases.ts';
import { model } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';

const crate2nix = RENDERERS.filter((r) => r.backend === 'crate2nix');

describe('crate2nix crate-hashes.json keys', () => {
  // Keys from crate-hashes.json files that crate2nix itself wrote (its sample_projects:
  // bin_with_git_branch_dep, bin_with_lib_git_dep, sub_dir_crates): cargo's package id spec, the
  // crate name left out when it is the repository's last path segment.
  it('matches the keys crate2nix wrote for its own sample projects', () => {
    expect(
      gitPackageIdSpec('nix-base32', '0.1.2-alpha.0', 'https://github.com/kolloch/nix-base32', { kind: 'branch', value: 'branch-for-test' }),
    ).toBe('git+https://github.com/kolloch/nix-base32?branch=branch-for-test#0.1.2-alpha.0');
    const rev = '42f5544e51187f0c7535d453fcffb4b524c99eb2';
    expect(gitPackageIdSpec('nix-base32', '0.1.2-alpha.0', 'https://github.com/kolloch/nix-base32', { kind: 'rev', value: rev })).toBe(
      `git+https://github.com/kolloch/nix-base32?rev=${rev}#0.1.2-alpha.0`,
    );
    const sub = 'f8ad2b98ff0eb5fea4962f55e3ced5b0b5afe973';
    expect(gitPackageIdSpec('lib1', '0.1.0', 'https://github.com/kolloch/with_sub_crates.git', { kind: 'rev', value: sub })).toBe(
      `git+https://github.com/kolloch/with_sub_crates.git?rev=${sub}#lib1@0.1.0`,
    );
  });

  it('writes no query for the default branch and form-encodes branch and tag names as cargo does', () => {
    expect(gitPackageIdSpec('dep', '1.0.0', 'https://example.org/repo', { kind: 'default' })).toBe('git+https://example.org/repo#dep@1.0.0');
    expect(gitPackageIdSpec('repo', '1.0.0', 'https://example.org/repo', { kind: 'tag', value: 'v1.0 rc/1' })).toBe(
      'git+https://example.org/repo?tag=v1.0+rc%2F1#1.0.0',
    );
  });
});

describe('crate2nix crate-hashes.json', () => {
  it('holds the prefetched base32 hash of the git-path case, as crate2nix pretty-prints it (no final newline)', async () => {
    const c = await backendCase('debian/git-path');
    const text = crateHashesJson(crateHashes(c.ws, c.gitHashes));
    expect(text).toBe(`{\n  "git+https://git.example.org/gitdep?branch=main#0.4.0": "${c.gitHashes[0]!.base32}"\n}`);
    expect(c.gitHashes[0]!.base32).toMatch(/^[0-9a-z]{52}$/);
  });

  it('derives base32 from the SRI hash when that is all the prefetch gave', async () => {
    const c = await backendCase('debian/git-path');
    const [h] = c.gitHashes;
    const entries = crateHashes(c.ws, [{ ...h!, base32: undefined }]);
    expect(entries).toEqual([{ key: 'git+https://git.example.org/gitdep?branch=main#0.4.0', base32: h!.base32 }]);
  });

  it("is {} without git dependencies, like the file in crate2nix's own repository", async () => {
    const c = await backendCase('debian/workspace');
    expect(crateHashesJson(crateHashes(c.ws, []))).toBe('{}');
  });

  it('fails on its own, located at the crate, when a git hash is missing; the flake and note are still written', async () => {
    const c = await backendCase('debian/git-path');
    const outputs = renderAll(c.ws, { flake: {} }, crate2nix);
    const hashes = outputs.find((o) => o.renderer === 'crate2nix/crate-hashes.json')!;
    expect(hashes.ok).toBe(false);
    if (hashes.ok) return;
    expect(hashes.error).toMatchObject({ file: 'Cargo.lock', crate: 'gitdep@0.4.0' });
    expect(hashes.error.message).toMatch(
      /crate-hashes\.json needs the Nix hash of git dependency gitdep 0\.4\.0 \(https:\/\/git\.example\.org\/gitdep at 431b95a2/,
    );
    expect(outputs.filter((o) => o.ok).map((o) => o.renderer)).toEqual(['crate2nix/flake.nix', 'crate2nix/crate2nix-generate.md']);
  });

  it('says why the prefetch has no hash when it failed', async () => {
    const c = await backendCase('debian/git-path');
    const failed = [
      { ...c.gitHashes[0]!, sri: undefined, base32: undefined, error: 'the tree has git submodules (vendor), which are not supported' },
    ];
    expect(() => crateHashes(c.ws, failed)).toThrow(GeneratorError);
    expect(() => crateHashes(c.ws, failed)).toThrow(/: the tree has git submodules/);
  });
});

describe('crate2nix flake.nix', () => {
  it("builds each member through crate2nix's tools, with the root package as default", async () => {
    const c = await backendCase('crates-io/hello-world');
    const flake = crate2nixFlake(c.ws, { flake: {} });
    expect(flake).toContain('crate2nix.url = "github:nix-community/crate2nix";');
    expect(flake).toContain('generated = crate2nix.tools.${system}.generatedCargoNix {');
    expect(flake).toContain('name = "hello-world";');
    expect(flake).toContain('src = ./.;');
    expect(flake).toContain('pkgs.callPackage generated { };');
    expect(flake).toContain('hello-world = cargoNix.workspaceMembers.hello-world.build;');
    expect(flake).toContain('default = self.packages.${system}.hello-world;');
    expect(flake).toMatch(/hello-world-tests =\s+cargoNix\.workspaceMembers\.hello-world\.build\.override \{ runTests = true; \};/);
    expect(flake).not.toContain('defaultCrateOverrides');
  });

  it('links every member of a virtual workspace as the default package', async () => {
    const c = await backendCase('debian/workspace');
    const flake = crate2nixFlake(c.ws, { flake: {} });
    const members = [...flake.matchAll(/^ {10}([a-z-]+) = cargoNix\.workspaceMembers\.([a-z-]+)\.build;$/gm)].map((m) => [m[1], m[2]]);
    expect(members).toEqual([
      ['app', 'app'],
      ['macros', 'macros'],
      ['util', 'util'],
    ]);
    expect(flake).toContain('default = cargoNix.allWorkspaceMembers;');
  });

  it('passes release = false and per-member features from the root features', async () => {
    const c = await backendCase('debian/workspace');
    const flake = crate2nixFlake(c.ws, { flake: { release: false, rootFeatures: ['app/default', 'app/fancy', 'util'] } });
    expect(flake).toContain('release = false;');
    expect(flake).toContain('app = cargoNix.workspaceMembers.app.build.override { features = [ "default" "fancy" ]; };');
    expect(flake).toContain('util = cargoNix.workspaceMembers.util.build.override { features = [ "default" ]; };');
    expect(flake).toContain('macros = cargoNix.workspaceMembers.macros.build.override { features = [ ]; };');
    expect(memberFeatures(c.ws, undefined)).toBeUndefined();
    expect(memberFeatures(c.ws, ['nosuchmember/x'])?.get('app')).toEqual([]);
  });

  it("extends nixpkgs' override of a crate that links a system library instead of replacing it", async () => {
    const c = await backendCase('crates-io/bigger-project');
    const flake = crate2nixFlake(c.ws, { flake: {} });
    expect(flake).toContain('stock = (pkgs.defaultCrateOverrides.${name} or (_: { })) attrs;');
    expect(flake).toContain('defaultCrateOverrides = pkgs.defaultCrateOverrides // {');
    expect(flake).toMatch(
      /openssl-sys = extend "openssl-sys" \{\n\s+nativeBuildInputs = \[ pkgs\.pkg-config \];\n\s+buildInputs = \[ pkgs\.openssl \];\n\s+\};/,
    );
  });

  it('says in a comment how to cross-compile when extra targets were chosen, and writes no package for them', async () => {
    const c = await backendCase('crates-io/hello-world');
    const flake = crate2nixFlake(c.ws, { flake: { extraTargets: ['x86_64-unknown-linux-musl'] } });
    expect(flake).toContain(
      [
        '      # Not written for crate2nix: packages for x86_64-unknown-linux-musl. crate2nix cross-compiles',
        '      # when Cargo.nix is called from a cross package set, e.g.',
        '      # `pkgs.pkgsCross.musl64.callPackage generated { }`.',
      ].join('\n'),
    );
    expect(flake).not.toContain('x86_64-unknown-linux-musl =');
    expect(crate2nixFlake(c.ws, { flake: {} })).not.toContain('pkgsCross');
  });

  it('names a store-safe generator derivation', () => {
    expect(storeName('my crate@1')).toBe('my-crate-1');
    expect(storeName('...')).toBe('workspace');
  });
});

describe('crate2nix per-crate native inputs', () => {
  it("puts a helper crate's program on the crates whose build scripts use it, not on the helper", async () => {
    const { ws } = await backendCase('crates-io/cargo2nix-self');
    const inputs = perCrateInputs(ws);
    const names = inputs.crates.map((c) => c.crate);
    expect(names).not.toContain('pkg-config');
    const git2 = inputs.crates.find((c) => c.crate === 'libgit2-sys')!;
    expect(git2.buildInputs).toEqual(['libgit2']);
    expect(git2.nativeBuildInputs).toEqual(['pkg-config']);
    expect(git2.why.some((w) => w.startsWith('Its build script uses the pkg-config crate'))).toBe(true);
    // Every crate given pkg-config for a helper reaches the pkg-config crate at build time.
    for (const c of inputs.crates) expect(c.nativeBuildInputs).toContain('pkg-config');
    expect(names).toEqual([...names].sort());
  });

  it('gives a -sys helper (clang-sys) its own override too: its build script probes for libclang', async () => {
    const s = scenario('sys-crates');
    const inputs = perCrateInputs(await model(s.files, s.snapshot));
    expect(inputs.crates.find((c) => c.crate === 'clang-sys')).toEqual({
      crate: 'clang-sys',
      buildInputs: [],
      nativeBuildInputs: ['llvmPackages.libclang'],
      env: [{ name: 'LIBCLANG_PATH', value: '"${pkgs.llvmPackages.libclang.lib}/lib"' }],
      why: ['clang-sys: bindgen loads libclang while building and looks for it in LIBCLANG_PATH'],
    });
    // app-core links clang-sys as a normal dependency: its own build script runs none of it.
    expect(inputs.crates.map((c) => c.crate)).not.toContain('app-core');
  });

  it('adds nothing for a workspace without system libraries', async () => {
    const { ws } = await backendCase('debian/workspace');
    expect(perCrateInputs(ws).crates).toEqual([]);
  });

  it('reports a -sys crate no rule knows in a comment', async () => {
    const { ws } = await backendCase('crates-io/cargo2nix-self');
    const flake = crate2nixFlake(ws, { flake: {} });
    expect(flake).toMatch(/# libnghttp2-sys \(links = "nghttp2"\) binds a system library the playground does not know/);
  });

  it('applies a helper to members too: a member whose build script uses cmake gets cmake', async () => {
    const { ws } = await backendCase('debian/workspace');
    const app = ws.crates.find((c) => c.member && c.id.name === 'app')!;
    const cmakeCrate = { ...app, id: { ...app.id, name: 'cmake', version: '0.1.50', key: 'cmake 0.1.50 registry' }, member: false, dependencies: [] };
    const withCmake: ResolvedWorkspace = {
      ...ws,
      crates: [
        ...ws.crates.map((c) =>
          c === app
            ? {
                ...c,
                dependencies: [
                  ...c.dependencies,
                  {
                    id: cmakeCrate.id,
                    kind: 'build' as const,
                    externName: 'cmake',
                    procMacro: false,
                    activation: { kind: 'always' as const },
                    platforms: undefined,
                  },
                ],
              }
            : c,
        ),
        cmakeCrate,
      ],
    };
    const inputs = perCrateInputs(withCmake);
    expect(inputs.crates.map((c) => [c.crate, c.nativeBuildInputs])).toEqual([['app', ['cmake']]]);
  });
});

describe('crate2nix generate note', () => {
  it('gives the crate2nix generate command, and mentions crate-hashes.json only with git dependencies', async () => {
    const git = crate2nixGenerateNote((await backendCase('debian/git-path')).ws);
    expect(git).toContain('nix run github:nix-community/crate2nix -- generate');
    expect(git).toContain('generated = ./Cargo.nix;');
    expect(git).toContain('`crate-hashes.json` already holds the Nix hash of the git dependency');
    const plain = crate2nixGenerateNote((await backendCase('debian/workspace')).ws);
    expect(plain).not.toContain('already holds');
  });

  it('registers three renderers under crate2nix/ ids, in RENDERERS', () => {
    expect(CRATE2NIX_RENDERERS.map((r) => r.id)).toEqual(['crate2nix/flake.nix', 'crate2nix/crate-hashes.json', 'crate2nix/crate2nix-generate.md']);
    expect(crate2nix).toEqual(CRATE2NIX_RENDERERS);
  });
});
