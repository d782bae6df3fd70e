// Facts for the comparison panel: how the six backends differ for the workspace at hand. Every
// number is computed from the resolved model (and the git prefetch's hashes), not written as prose:
// how many derivations one `nix build` makes, how many git hashes must be pinned, what a change of
// Cargo.lock rebuilds. The per-crate count is what cargo2nix's Cargo.nix builds on x86_64-linux
// (platform-build.ts), crate2nix's generated Cargo.nix resolves the same graph the same way.
import type { GitSourceHash } from '../model/git-hash.ts';
import type { ResolvedCrate, ResolvedWorkspace } from '../model/model.ts';
import { BACKENDS, type BackendId } from '../options/user-options.ts';
import { PLATFORM_PRESETS, platformBuild, type NixPlatform } from './platform-build.ts';

/** How a backend cross-compiles: built into the files the playground writes, through nixpkgs' cross package sets, by hand, or not at all. */
export type CrossSupport = 'written' | 'nixpkgs' | 'manual' | 'none';

export interface BackendFacts {
  readonly backend: BackendId;
  /** Derivations one `nix build` of a member makes for its Rust code (per crate: for every member, see `perCrate`). */
  readonly derivations: number;
  /** One derivation per crate (cargo2nix, crate2nix) rather than a fixed few. */
  readonly perCrate: boolean;
  /** What those derivations are. */
  readonly derivationsWhat: string;
  /** What has to build again after Cargo.lock changes. */
  readonly lockChange: string;
  /**
   * Crates compiled again when one dependency's version changes in Cargo.lock, at worst (the
   * dependency every build reaches most): per-crate backends rebuild it and its dependents, the
   * others recompile every crate.
   */
  readonly lockChangeCrates: number;
  /** A file generated from Cargo.lock that must be regenerated when it changes. */
  readonly generatedFile: string | undefined;
  /** Evaluation imports a file built by Nix (import from derivation). */
  readonly importFromDerivation: boolean;
  /** Git hashes the files pin (0 when the tool fetches git by commit without a hash). */
  readonly gitHashes: number;
  /** How many of those the git prefetch has (equal to `gitHashes` when nothing is missing). */
  readonly gitHashesKnown: number;
  readonly cross: CrossSupport;
  readonly crossWhat: string;
  /** One line: when to pick this backend. */
  readonly pickWhen: string;
}

export interface ComparisonFacts {
  /** The platform the per-crate count is for (nixpkgs system double). */
  readonly platform: string;
  readonly members: number;
  /** Crates one build of every member compiles on that platform (members included, dev-dependencies not). */
  readonly cratesBuilt: number;
  /** Packages in Cargo.lock (the model's crates). */
  readonly lockPackages: number;
  /** The dependency whose version change rebuilds the most crates in a per-crate build, with how many; undefined without dependencies. */
  readonly widestDependency: { readonly name: string; readonly version: string; readonly rebuilt: number } | undefined;
  /** Distinct git repositories (url and commit) of the lock. */
  readonly gitRepositories: number;
  /** Packages of the lock that come from git. */
  readonly gitPackages: number;
  readonly backends: readonly BackendFacts[];
}

interface BuildGraph {
  /** Crate keys one build of every member compiles. */
  readonly built: ReadonlySet<string>;
  /** Edges (normal and build) between them: crate key → the keys it depends on. */
  readonly edges: ReadonlyMap<string, readonly string[]>;
  readonly crates: ReadonlyMap<string, ResolvedCrate>;
}

/** The members and everything their normal and build dependencies reach on `platform`. */
function buildGraph(ws: ResolvedWorkspace, platform: NixPlatform): BuildGraph {
  const build = platformBuild(ws, platform);
  const byKey = new Map(build.crates.map((c) => [c.key, c]));
  const memberKeys = new Set(ws.members.map((m) => m.id.key));
  const queue = build.crates.filter((c) => memberKeys.has(c.crate.id.key)).map((c) => c.key);
  const seen = new Set(queue);
  const edges = new Map<string, string[]>();
  while (queue.length > 0) {
    const key = queue.pop()!;
    const c = byKey.get(key);
    if (!c) continue;
    const out = c.dependencies.filter((d) => d.kind !== 'dev').map((d) => d.crate);
    edges.set(key, out);
    for (const d of out) {
      if (seen.has(d)) continue;
      seen.add(d);
      queue.push(d);
    }
  }
  return { built: seen, edges, crates: new Map(build.crates.map((c) => [c.key, c.crate])) };
}

/** Crates a build of every member compiles: the members and everything their normal and build dependencies reach. */
export function cratesBuilt(ws: ResolvedWorkspace, platform: NixPlatform = PLATFORM_PRESETS['x86_64-linux']): number {
  return buildGraph(ws, platform).built.size;
}

/**
 * For each dependency (a built crate that is not a workspace member), how many crates a per-crate
 * build compiles again when its version changes: itself and every crate that reaches it.
 */
export function rebuiltByDependency(ws: ResolvedWorkspace, platform: NixPlatform = PLATFORM_PRESETS['x86_64-linux']): Map<ResolvedCrate, number> {
  return rebuiltIn(buildGraph(ws, platform));
}

function rebuiltIn(g: BuildGraph): Map<ResolvedCrate, number> {
  const dependents = new Map<string, string[]>();
  for (const [from, tos] of g.edges) {
    for (const to of tos) {
      const list = dependents.get(to);
      if (list) list.push(from);
      else dependents.set(to, [from]);
    }
  }
  const out = new Map<ResolvedCrate, number>();
  for (const key of g.built) {
    const crate = g.crates.get(key);
    if (!crate || crate.member) continue;
    const seen = new Set([key]);
    const queue = [key];
    while (queue.length > 0) {
      for (const up of dependents.get(queue.pop()!) ?? []) {
        if (seen.has(up)) continue;
        seen.add(up);
        queue.push(up);
      }
    }
    out.set(crate, seen.size);
  }
  return out;
}

function gitCounts(ws: ResolvedWorkspace, gitHashes: readonly GitSourceHash[]) {
  const repos = new Map<string, { url: string; rev: string; packages: number }>();
  for (const c of ws.crates) {
    if (c.source.kind !== 'git') continue;
    const key = `${c.source.url}#${c.source.rev}`;
    const r = repos.get(key) ?? { url: c.source.url, rev: c.source.rev, packages: 0 };
    r.packages++;
    repos.set(key, r);
  }
  const known = (r: { url: string; rev: string }) =>
    gitHashes.some((h) => h.url === r.url && h.rev === r.rev && (h.sri !== undefined || h.base32 !== undefined));
  const list = [...repos.values()];
  return {
    repositories: list.length,
    packages: list.reduce((n, r) => n + r.packages, 0),
    /** Packages whose repository's hash the prefetch has. */
    knownPackages: list.filter(known).reduce((n, r) => n + r.packages, 0),
  };
}

export function comparisonFacts(ws: ResolvedWorkspace, gitHashes: readonly GitSourceHash[] = []): ComparisonFacts {
  const platform = PLATFORM_PRESETS['x86_64-linux'];
  // One platform evaluation serves both the count and the rebuild figures.
  const graph = buildGraph(ws, platform);
  const crates = graph.built.size;
  const git = gitCounts(ws, gitHashes);
  let widest: ComparisonFacts['widestDependency'];
  for (const [crate, rebuilt] of rebuiltIn(graph)) {
    const better =
      !widest ||
      rebuilt > widest.rebuilt ||
      (rebuilt === widest.rebuilt && `${crate.id.name}@${crate.id.version}` < `${widest.name}@${widest.version}`);
    if (better) widest = { name: crate.id.name, version: crate.id.version, rebuilt };
  }
  const perCrateRebuild = widest?.rebuilt ?? 0;
  const noHashes = { gitHashes: 0, gitHashesKnown: 0 };
  // buildRustPackage's outputHashes and crate2nix's crate-hashes.json both have one entry per git package.
  const perPackageHashes = { gitHashes: git.packages, gitHashesKnown: git.knownPackages };
  const facts: Record<BackendId, Omit<BackendFacts, 'backend'>> = {
    cargo2nix: {
      derivations: crates,
      perCrate: true,
      derivationsWhat: `one per crate: ${crates} for every member on ${platform.system}`,
      lockChange: 'only the crates whose version, features or dependencies changed, and the crates that depend on them',
      lockChangeCrates: perCrateRebuild,
      generatedFile: 'Cargo.nix: regenerate it with cargo2nix after every change to Cargo.lock (it checks the lock hash)',
      importFromDerivation: false,
      ...noHashes,
      cross: 'written',
      crossWhat: 'per crate, for any target nixpkgs knows; the playground writes packages for the extra targets chosen',
      pickWhen: 'a big workspace where rebuilding only changed crates pays off, with cross-compilation and a committed Cargo.nix',
    },
    crate2nix: {
      derivations: crates,
      perCrate: true,
      derivationsWhat: `one per crate (buildRustCrate): ${crates} for every member on ${platform.system}, plus the derivation that generates Cargo.nix`,
      lockChange: 'only the crates whose version, features or dependencies changed, and the crates that depend on them',
      lockChangeCrates: perCrateRebuild,
      generatedFile: undefined,
      importFromDerivation: true,
      ...perPackageHashes,
      cross: 'nixpkgs',
      crossWhat: "through nixpkgs' cross package sets (pkgsCross), which buildRustCrate supports",
      pickWhen: 'per-crate caching without committing a generated file, where import from derivation is allowed',
    },
    buildRustPackage: {
      derivations: 1,
      perCrate: false,
      derivationsWhat: 'one: cargo builds every crate inside it',
      lockChange: 'everything: all crates compile again in the one derivation',
      lockChangeCrates: crates,
      generatedFile: undefined,
      importFromDerivation: false,
      ...perPackageHashes,
      cross: 'nixpkgs',
      crossWhat: "through nixpkgs' cross package sets: pkgsCross.<platform>.callPackage ./package.nix { }",
      pickWhen: 'a small project, or one meant for nixpkgs itself, where simplicity beats incremental builds',
    },
    crane: {
      derivations: 2,
      perCrate: false,
      derivationsWhat: 'two: the dependencies (buildDepsOnly), shared by every member, then the member itself',
      lockChange: 'the dependencies derivation and every member built on it; a change in the workspace code alone rebuilds only the members',
      lockChangeCrates: crates,
      generatedFile: undefined,
      importFromDerivation: false,
      ...noHashes,
      cross: 'manual',
      crossWhat: 'with a cross toolchain (e.g. rust-overlay) and CARGO_BUILD_TARGET set by hand, as its cross examples show',
      pickWhen: 'CI-friendly flakes: cached dependencies, clippy and test checks, no generated file',
    },
    naersk: {
      derivations: 2,
      perCrate: false,
      derivationsWhat: 'two per member: its dependencies, then the member',
      lockChange: 'the dependencies derivation and the member built on it',
      lockChangeCrates: crates,
      generatedFile: undefined,
      importFromDerivation: false,
      ...noHashes,
      cross: 'manual',
      crossWhat: 'with a cross toolchain (e.g. rust-overlay) and CARGO_BUILD_TARGET set by hand',
      pickWhen: 'a minimal flake that builds one binary from Cargo.lock with almost no configuration',
    },
    dream2nix: {
      derivations: 2,
      perCrate: false,
      derivationsWhat: 'two per member (its rust-crane module): the dependencies, then the member',
      lockChange: 'the dependencies derivation and the member built on it',
      lockChangeCrates: crates,
      generatedFile: undefined,
      importFromDerivation: false,
      ...noHashes,
      cross: 'none',
      crossWhat: 'its rust-crane module builds for the host platform only',
      pickWhen: 'a repository that already packages other languages with dream2nix and wants Rust the same way',
    },
  };
  return {
    platform: platform.system,
    members: ws.members.length,
    cratesBuilt: crates,
    lockPackages: ws.crates.length,
    widestDependency: widest,
    gitRepositories: git.repositories,
    gitPackages: git.packages,
    backends: BACKENDS.map((backend) => ({ backend, ...facts[backend] })),
  };
}
