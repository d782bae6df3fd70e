// buildRustPackage's flake.nix + package.nix under real Nix: the flake's outputs evaluated with
// flake-utils' and nix-systems' real code and nixpkgs' real lib, pkgs stood in, and
// `rustPlatform.buildRustPackage` stood in by test/nix/backends/pkgs/brp.nix, which checks the
// arguments nixpkgs documents (and importCargoLock's rules for outputHashes). The package set must
// name exactly the workspace's binary members (plus default), each built with its own `-p`.
// Also: the outputHashes the golden files carry (git-hashes.json) equal the hash real Nix
// computes (`nix-hash`) for the test git repository at the locked commit.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromNixBase32 } from '../../worker/hash/nix-base32.ts';
import { sha256Sri } from '../../worker/hash/sri.ts';
import { backendCases, gitHashFixture } from '../golden/backends/cases.ts';
import { model } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';
import { Scratch, expectedPackages, gitBundles } from './backends/run.ts';
import { timingSummary } from './nix.ts';

const scratch = new Scratch();
const cases = await backendCases();
const sysS = scenario('sys-crates');
const sys = await model(sysS.files, sysS.snapshot);

describe('buildRustPackage flake under Nix', () => {
  for (const c of cases) {
    it(c.label, async () => {
      const dir = scratch.workspace({ dir: c.golden.dir }, c.ws, 'buildRustPackage', { flake: {}, gitHashes: c.gitHashes });
      const out = await scratch.evalFlake(dir, 'x86_64-linux');
      const expected = expectedPackages(c.ws);
      expect(Object.keys(out.packages).sort()).toEqual(expected.names);
      const multi = c.ws.members.length > 1;
      for (const [member, name] of Object.entries(expected.byName)) {
        const p = out.packages[member]!;
        expect(p.name).toBe(name);
        expect(p.drvPath).toMatch(/^\/nix\/store\/.*\.drv$/);
        expect(p.brpArgs!.cargoBuildFlags).toEqual(multi ? ['-p', member] : []);
        expect(p.brpArgs!.cargoTestFlags).toEqual(p.brpArgs!.cargoBuildFlags);
        expect(p.brpArgs!.rustc).toBe('rustc');
      }
      const all = Object.keys(expected.byName).flatMap((m) => ['-p', m]);
      expect(out.packages.default!.brpArgs!.cargoBuildFlags).toEqual(multi ? all : []);
      const hashes = Object.fromEntries(c.gitHashes.flatMap((h) => h.packages.map((p) => [p, h.sri])));
      expect(out.packages.default!.brpArgs!.outputHashes).toEqual(hashes);
      expect(out.devShells).toEqual({ default: 'nix-shell' });
    });
  }

  it('gives the build the native inputs of the system-library crates, the chosen toolchain, profile and features, on Linux and Darwin', async () => {
    const dir = scratch.workspace({ files: sysS.files }, sys, 'buildRustPackage', {
      flake: { rustVersion: '1.80', release: false, rootFeatures: ['app/bundled'] },
    });
    for (const system of ['x86_64-linux', 'aarch64-darwin']) {
      const out = await scratch.evalFlake(dir, system);
      expect(Object.keys(out.packages).sort()).toEqual(['app', 'default', 'tool']);
      const args = out.packages.app!.brpArgs!;
      expect(args.buildInputs).toEqual(['openssl', 'sqlite', 'zlib']);
      expect(args.nativeBuildInputs).toEqual(['cmake', 'libclang', 'pkg-config']);
      expect(args.buildType).toBe('debug');
      expect(args.rustc).toBe('rust-default-1.80.0');
      expect(out.packages.default!.brpArgs!.rustc).toBe('rust-default-1.80.0');
      expect(args.buildFeatures).toEqual(['app/bundled']);
      expect(out.packages.tool!.brpArgs!.buildFeatures).toEqual([]);
    }
  });

  it('has a stand-in that refuses what nixpkgs refuses: a git package without its hash, a hash for no git package', async () => {
    const c = cases.find((x) => x.label === 'debian/git-path')!;
    const dir = scratch.workspace({ dir: c.golden.dir }, c.ws, 'buildRustPackage', { flake: {}, gitHashes: c.gitHashes });
    const text = readFileSync(join(dir, 'package.nix'), 'utf8');
    writeFileSync(join(dir, 'package.nix'), text.replace('"gitdep-0.4.0" =', '"shared-0.1.0" ='));
    await expect(scratch.evalFlake(dir, 'x86_64-linux')).rejects.toThrow(
      /A hash was specified for shared-0\.1\.0, but there is no corresponding git dependency/,
    );
    writeFileSync(join(dir, 'package.nix'), text.replace(/ {4}outputHashes = \{[^}]*\};\n/, ''));
    await expect(scratch.evalFlake(dir, 'x86_64-linux')).rejects.toThrow(/No hash was found while vendoring the git dependency gitdep-0\.4\.0/);
  });
});

describe('prefetched git hashes', () => {
  it('equal what nix-hash computes for a clean checkout of each test repository at the locked commit', () => {
    const fixture = gitHashFixture();
    const checked: string[] = [];
    for (const c of cases) {
      const bundles = gitBundles(c.ws, c.golden.registry);
      expect((fixture[c.label] ?? []).map((h) => h.url).sort()).toEqual(bundles.map((b) => b.url).sort());
      for (const h of fixture[c.label] ?? []) {
        const tmp = mkdtempSync(join(tmpdir(), 'git-hash-'));
        try {
          const repo = join(tmp, 'repo');
          execFileSync('git', ['clone', '--quiet', bundles.find((b) => b.url === h.url)!.bundle, repo]);
          execFileSync('git', ['-C', repo, 'checkout', '--quiet', h.rev]);
          rmSync(join(repo, '.git'), { recursive: true });
          const base32 = execFileSync('nix-hash', ['--type', 'sha256', '--base32', repo], { encoding: 'utf8' }).trim();
          expect(h.base32).toBe(base32);
          expect(h.sri).toBe(sha256Sri(fromNixBase32(base32, 32)));
          checked.push(h.url);
        } finally {
          rmSync(tmp, { recursive: true, force: true });
        }
      }
    }
    expect(checked).toEqual(['https://git.example.org/gitdep']);
  });
});

afterAll(() => {
  scratch.remove();
  console.log(timingSummary('buildRustPackage evaluation'));
});
