// The comparison panel's facts, held to real cases. The per-crate counts are what real cargo2nix
// evaluation gives: each golden case's Cargo.nix + flake.nix evaluated with real-eval
// (../shared/tools/real-eval) against the real cargo2nix 0.12.0, whose `unique_crates` for
// `packages.x86_64-linux.default` (crate-NAME-VERSION derivations in its closure) were
// hello-world 1, bigger-project 83 (of 126 lock packages), cross-compiling 16, cargo2nix-self 336
// (of 388; 334 on aarch64-darwin), features-misc 15 (of 40), workspace 15 (app, which reaches the
// other two members).
import { describe, expect, it } from 'vitest';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import { BACKENDS } from '../../worker/options/user-options.ts';
import { PLATFORM_PRESETS } from '../../worker/views/platform-build.ts';
import { comparisonFacts, cratesBuilt, rebuiltByDependency, type BackendFacts } from '../../worker/views/comparison.ts';
import { backendCase, gitHashFixture } from '../golden/backends/cases.ts';

const REAL_EVAL_UNIQUE_CRATES: Record<string, number> = {
  'crates-io/hello-world': 1,
  'crates-io/bigger-project': 83,
  'crates-io/cross-compiling': 16,
  'crates-io/cargo2nix-self': 336,
  'debian/features-misc': 15,
  'debian/workspace': 15,
};

// What one dependency's version change rebuilds, per crate, from the same real evaluations: the
// crate-* derivations whose closure holds that crate's (`nix-store -q --graph` of the package).
const REAL_EVAL_WIDEST: Record<string, { name: string; version: string; rebuilt: number }> = {
  'crates-io/bigger-project': { name: 'unicode-ident', version: '1.0.12', rebuilt: 20 },
  'crates-io/cargo2nix-self': { name: 'unicode-ident', version: '1.0.18', rebuilt: 131 },
};

const of = (facts: ReturnType<typeof comparisonFacts>, backend: string): BackendFacts => facts.backends.find((b) => b.backend === backend)!;

describe('comparison facts', () => {
  for (const [label, expected] of Object.entries(REAL_EVAL_UNIQUE_CRATES)) {
    it(`${label}: per-crate backends build ${expected} crates on x86_64-linux, as real cargo2nix evaluation does`, async () => {
      const c = await backendCase(label);
      const facts = comparisonFacts(c.ws, c.gitHashes);
      expect(facts.cratesBuilt).toBe(expected);
      expect(of(facts, 'cargo2nix').derivations).toBe(expected);
      expect(of(facts, 'crate2nix').derivations).toBe(expected);
      expect(facts.lockPackages).toBe(c.ws.crates.length);
    });
  }

  for (const [label, widest] of Object.entries(REAL_EVAL_WIDEST)) {
    it(`${label}: a new ${widest.name} rebuilds ${widest.rebuilt} crates per crate, every crate otherwise, as the real derivation graph says`, async () => {
      const facts = comparisonFacts((await backendCase(label)).ws);
      expect(facts.widestDependency).toEqual(widest);
      expect(facts.backends.map((b) => [b.backend, b.lockChangeCrates])).toEqual([
        ['cargo2nix', widest.rebuilt],
        ['crate2nix', widest.rebuilt],
        ['buildRustPackage', facts.cratesBuilt],
        ['crane', facts.cratesBuilt],
        ['naersk', facts.cratesBuilt],
        ['dream2nix', facts.cratesBuilt],
      ]);
    });
  }

  it('counts the dependents of each dependency by hand on the git-path case, ties going to the first name', async () => {
    const { ws } = await backendCase('debian/git-path');
    const rebuilt = [...rebuiltByDependency(ws)].map(([c, n]) => [c.id.name, n]).sort();
    // git-path-case → gitdep → either; git-path-case → shared → cfg-if.
    expect(rebuilt).toEqual([
      ['cfg-if', 3],
      ['either', 3],
      ['gitdep', 2],
      ['shared', 2],
    ]);
    expect(comparisonFacts(ws).widestDependency).toEqual({ name: 'cfg-if', version: '1.0.0', rebuilt: 3 });
  });

  it('has no widest dependency without dependencies', async () => {
    const facts = comparisonFacts((await backendCase('crates-io/hello-world')).ws);
    expect(facts.widestDependency).toBeUndefined();
    expect(of(facts, 'cargo2nix').lockChangeCrates).toBe(0);
    expect(of(facts, 'buildRustPackage').lockChangeCrates).toBe(1);
  });

  it('the whole-build backends make a fixed number of derivations whatever the workspace', async () => {
    for (const label of ['crates-io/hello-world', 'crates-io/cargo2nix-self']) {
      const facts = comparisonFacts((await backendCase(label)).ws);
      expect(facts.backends.map((b) => [b.backend, b.derivations, b.perCrate])).toEqual([
        ['cargo2nix', facts.cratesBuilt, true],
        ['crate2nix', facts.cratesBuilt, true],
        ['buildRustPackage', 1, false],
        ['crane', 2, false],
        ['naersk', 2, false],
        ['dream2nix', 2, false],
      ]);
    }
  });

  it('lists every backend once, in the order of BACKENDS, each with a one-line pick-this-when', async () => {
    const facts = comparisonFacts((await backendCase('debian/workspace')).ws);
    expect(facts.backends.map((b) => b.backend)).toEqual([...BACKENDS]);
    for (const b of facts.backends) {
      expect(b.pickWhen).not.toMatch(/\n/);
      expect(b.pickWhen.length).toBeGreaterThan(20);
    }
    expect(facts.members).toBe(3);
  });

  it('counts the git hashes each backend pins, and how many the prefetch has', async () => {
    const c = await backendCase('debian/git-path');
    expect(c.gitHashes).toEqual(gitHashFixture()['debian/git-path']);
    const withHashes = comparisonFacts(c.ws, c.gitHashes);
    expect(withHashes.gitRepositories).toBe(1);
    expect(withHashes.gitPackages).toBe(1);
    const pinned = withHashes.backends.map((b) => [b.backend, b.gitHashes, b.gitHashesKnown]);
    expect(pinned).toEqual([
      ['cargo2nix', 0, 0],
      ['crate2nix', 1, 1],
      ['buildRustPackage', 1, 1],
      ['crane', 0, 0],
      ['naersk', 0, 0],
      ['dream2nix', 0, 0],
    ]);
    const without = comparisonFacts(c.ws);
    expect(of(without, 'crate2nix')).toMatchObject({ gitHashes: 1, gitHashesKnown: 0 });
    // A prefetch that failed for the repository gives no hash either.
    const failed = comparisonFacts(c.ws, [{ ...c.gitHashes[0]!, sri: undefined, base32: undefined, error: 'network' }]);
    expect(of(failed, 'buildRustPackage')).toMatchObject({ gitHashes: 1, gitHashesKnown: 0 });
    // git-path-case, gitdep, either, shared, cfg-if: the whole lock builds.
    expect(withHashes.cratesBuilt).toBe(5);
  });

  it('counts one hash per git package when a repository holds several crates', async () => {
    const c = await backendCase('debian/git-path');
    const gitCrate = c.ws.crates.find((x) => x.source.kind === 'git')!;
    const sibling = { ...gitCrate, id: { ...gitCrate.id, name: 'gitdep-macros', key: `${gitCrate.id.key}-macros` } };
    const ws: ResolvedWorkspace = { ...c.ws, crates: [...c.ws.crates, sibling] };
    const facts = comparisonFacts(ws, c.gitHashes);
    expect(facts.gitRepositories).toBe(1);
    expect(facts.gitPackages).toBe(2);
    expect(of(facts, 'crate2nix')).toMatchObject({ gitHashes: 2, gitHashesKnown: 2 });
  });

  it('says which backends keep a generated file in sync, and which import from a derivation', async () => {
    const facts = comparisonFacts((await backendCase('crates-io/hello-world')).ws);
    expect(facts.backends.filter((b) => b.generatedFile !== undefined).map((b) => b.backend)).toEqual(['cargo2nix']);
    expect(facts.backends.filter((b) => b.importFromDerivation).map((b) => b.backend)).toEqual(['crate2nix']);
    expect(facts.backends.map((b) => [b.backend, b.cross])).toEqual([
      ['cargo2nix', 'written'],
      ['crate2nix', 'nixpkgs'],
      ['buildRustPackage', 'nixpkgs'],
      ['crane', 'manual'],
      ['naersk', 'manual'],
      ['dream2nix', 'none'],
    ]);
  });

  it('counts crates for the platform asked (real cargo2nix evaluation on aarch64-darwin: 334 for cargo2nix-self)', async () => {
    const { ws } = await backendCase('crates-io/cargo2nix-self');
    expect(cratesBuilt(ws, PLATFORM_PRESETS['x86_64-linux'])).toBe(336);
    expect(cratesBuilt(ws, PLATFORM_PRESETS['aarch64-darwin'])).toBe(334);
  });
});
