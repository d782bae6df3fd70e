// Facts for the comparison panel: how the six backends differ for the workspace at hand. Every
// number is computed from the resolved model (and the git prefetch's hashes), not written as prose:
// how many derivations one `nix build` makes, how many git hashes must be pinned, what a change of
// Cargo.lock rebuilds. The per-crate count is what cargo2nix's Cargo.nix builds on x86_64-linux
// (platform-build.ts), crate2nix's generated Cargo.nix resolves the same graph the same way.
import type { GitSourceHash } from '../model/git-hash.ts';
import type { ResolvedWorkspace } from '../model/model.ts';
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
  /** Distinct git repositories (url and commit) of the lock. */
  readonly gitRepositories: number;
  /** Packages of the lock that come from git. */
  readonly gitPackages: number;
  readonly backends: readonly BackendFacts[];
}

/** Crates a build of every member compiles: the members and everything their normal and build dependencies reach. */
export function cratesBuilt(ws: ResolvedWorkspace, platform: NixPlatform = PLATFORM_PRESETS['x86_64-linux']): number {
  const build = platformBuild(ws, platform);
  const byKey = new Map(build.crates.map((c) => [c.key, c]));
  const memberKeys = new Set(ws.members.map((m) => m.id.key));
  const queue = build.crates.filter((c) => memberKeys.has(c.crate.id.key)).map((c) => c.key);
  const seen = new Set(queue);
  while (queue.length > 0) {
    const c = byKey.get(queue.pop()!);
    if (!c) continue;
    for (const d of c.dependencies) {
      if (d.kind === 'dev' || seen.has(d.crate)) continue;
      seen.add(d.crate);
      queue.push(d.crate);
    }
  }
  return seen.size;
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
  const crates = cratesBuilt(ws, platform);
  const git = gitCounts(ws, gitHashes);
  const noHashes = { gitHashes: 0, gitHashesKnown: 0 };
  // buildRustPackage's outputHashes and crate2nix's crate-hashes.json both have one entry per git package.
  const perPackageHashes = { gitHashes: git.packages, gitHashesKnown: git.knownPackages };
  const facts: Record<BackendId, Omit<BackendFacts, 'backend'>> = {
    cargo2nix: {
      derivations: crates,
      perCrate: true,
      derivationsWhat: `one per crate: ${crates} for every member on ${platform.system}`,
      lockChange: 'only the crates whose version, features or dependencies changed, and the crates that depend on them',
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
    gitRepositories: git.repositories,
    gitPackages: git.packages,
    backends: BACKENDS.map((backend) => ({ backend, ...facts[backend] })),
  };
}
