// The resolved workspace, as cargo would describe it: what every renderer
// (cargo2nix's Cargo.nix and flake.nix today; crate2nix, crane, naersk… later)
// and the insight views (why a crate is there, what builds on a platform) read.
// It holds no backend's spellings or decisions: cargo2nix's registry strings,
// profile text and "dev-dependencies are never optional" live in
// render/cargo2nix/. Renderers never look back at manifests or the lock.
import type { TomlValue } from 'smol-toml';
import type { Platform } from '../core/cfg-types.ts';
import type { PackageId } from '../core/package-id.ts';
import type { GitReference } from '../core/source-id.ts';
import type { DepKind } from '../core/summary.ts';

/** A feature of a workspace member, as `member/feature` on cargo's command line. */
export interface MemberFeature {
  readonly member: string;
  readonly feature: string;
}

/**
 * The member features under which cargo's resolver turns something on (a
 * crate feature or a dependency edge), each member feature requested on its
 * own: `always` when a build of every member with no features at all has it;
 * otherwise when any of `anyOf` is requested. An empty `anyOf` means that no
 * single member feature does (only all of them together, e.g. a weak `dep?/f`
 * whose dependency another feature enables).
 */
export type ActivationCondition = { readonly kind: 'always' } | { readonly kind: 'memberFeatures'; readonly anyOf: readonly MemberFeature[] };

/** Where a crate's source comes from, with what Cargo.lock pins. */
export type CrateSource =
  | {
      readonly kind: 'registry';
      /** The index url without cargo's `registry+`/`sparse+` prefix (`https://github.com/rust-lang/crates.io-index`). */
      readonly url: string;
      /** The index protocol: a git repository (`registry+`) or HTTP (`sparse+`). */
      readonly protocol: 'git' | 'sparse';
      readonly cratesIo: boolean;
      /** SHA-256 (hex) of the `.crate` file, from Cargo.lock. */
      readonly checksum: string;
    }
  | {
      readonly kind: 'git';
      /** The repository url, without query or fragment. */
      readonly url: string;
      /** What the manifest asked for (branch, tag, rev or the default branch). */
      readonly reference: GitReference;
      /** The commit Cargo.lock pins. */
      readonly rev: string;
    }
  | {
      readonly kind: 'path';
      /** The package's directory relative to the workspace root (`''` for the root itself). */
      readonly path: string;
    };

export interface ResolvedFeature {
  readonly name: string;
  readonly activation: ActivationCondition;
}

/** One dependency edge of a crate, per kind; several declarations of the same package and kind are merged. */
export interface ResolvedDependency {
  readonly id: PackageId;
  readonly kind: DepKind;
  /** The name the depending crate's code uses (`extern crate <name>`): the rename when there is one, else the lib name. */
  readonly externName: string;
  readonly procMacro: boolean;
  readonly activation: ActivationCondition;
  /** Platforms it is limited to (any of them), or undefined for every platform. */
  readonly platforms: readonly Platform[] | undefined;
}

export interface ResolvedCrate {
  readonly id: PackageId;
  readonly source: CrateSource;
  readonly member: boolean;
  /**
   * The lib target's crate name as rustc sees it (`-` already `_`); undefined for a
   * registry or git package without a lib. A workspace package always has one here:
   * its manifest alone does not say whether `src/lib.rs` exists.
   */
  readonly libName: string | undefined;
  readonly procMacro: boolean;
  readonly links: string | undefined;
  /** Features cargo's resolver enables when every member feature is on, sorted by name (byte order). */
  readonly features: readonly ResolvedFeature[];
  /** Sorted by package id, then kind. Edges to packages without a lib, or whose extern name is ambiguous, are left out. */
  readonly dependencies: readonly ResolvedDependency[];
}

export interface WorkspaceMember {
  readonly id: PackageId;
  readonly name: string;
  readonly version: string;
  /** Its directory relative to the workspace root (`''` for the root package). */
  readonly path: string;
  readonly rustVersion: string | undefined;
  readonly hasBin: boolean;
  /** Its binaries' names (see `binaryNames`), empty for a library-only member. */
  readonly binNames: readonly string[];
  /** All feature names of the member (declared and implicit), sorted. */
  readonly features: readonly string[];
}

export interface ResolvedWorkspace {
  /** In cargo's member order. */
  readonly members: readonly WorkspaceMember[];
  /** Crates in package-id order. */
  readonly crates: readonly ResolvedCrate[];
  /** SHA-256 (hex) of the Cargo.lock bytes. */
  readonly lockHash: string;
  /**
   * The root manifest's `[profile.<name>]` values as parsed, in the manifest's
   * order; integers are bigint so that `3` and `3.0` stay apart.
   */
  readonly profiles: ReadonlyMap<string, TomlValue>;
  /** Name of the member whose manifest is the root `Cargo.toml`, if the root is a package. */
  readonly rootPackage?: string;
}
