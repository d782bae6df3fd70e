// How cargo2nix 0.12.0 lays crates out in the package set its Cargo.nix
// defines, in one place for everything that writes or reads that file (the
// Cargo.nix renderer, and the platform-build view that says what evaluating it
// does). A crate lives at `rustPackages."<registry>".<name>."<version>"`, where
// `<registry>` is cargo2nix's own spelling of the crate's source; build
// dependencies and proc-macros come from `buildRustPackages`, the set built for
// the build machine; and dev-dependencies are never optional.
import type { PackageId } from '../../core/package-id.ts';
import type { SourceId } from '../../core/source-id.ts';
import type { ActivationCondition, ResolvedDependency } from '../../model/model.ts';

/**
 * cargo2nix's `registry` string: `unknown` for a path package, `git+<url>`
 * (no query, no commit) for git, and a registry's index as Cargo.lock spells it.
 */
export function registryOf(source: SourceId): string {
  switch (source.kind) {
    case 'path':
      return 'unknown';
    case 'git':
      return `git+${source.url}`;
    case 'registry':
      return `registry+${source.url}`;
    case 'sparse':
      // A sparse source id's url already starts with `sparse+`.
      return source.url;
  }
}

/** The attribute path of a crate below `rustPackages` (or `buildRustPackages`), as Cargo.nix writes it. */
export function crateAttrPath(id: PackageId): string {
  return `"${registryOf(id.source)}".${id.name}."${id.version}"`;
}

/**
 * The same place as one string, `<registry> <name> <version>`: unique within a
 * Cargo.nix, and what the Nix test harness (test/nix/package-set.nix) records
 * for each crate, so views and evaluations can be compared key by key.
 */
export function crateKey(id: PackageId): string {
  return `${registryOf(id.source)} ${id.name} ${id.version}`;
}

/** Which package set an edge points into. */
export type PackageSetName = 'rustPackages' | 'buildRustPackages';

/** Build dependencies and proc-macros run on the build machine, so they come from `buildRustPackages`. */
export function packageSetOf(dep: Pick<ResolvedDependency, 'kind' | 'procMacro'>): PackageSetName {
  return dep.kind === 'build' || dep.procMacro ? 'buildRustPackages' : 'rustPackages';
}

const ALWAYS: ActivationCondition = { kind: 'always' };

/** The condition cargo2nix puts on an edge: the resolver's, except that a dev-dependency is always on. */
export function edgeActivation(dep: Pick<ResolvedDependency, 'kind' | 'activation'>): ActivationCondition {
  return dep.kind === 'dev' ? ALWAYS : dep.activation;
}
