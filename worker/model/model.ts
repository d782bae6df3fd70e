// The resolved workspace: everything any renderer needs (cargo2nix's
// Cargo.nix today; flake.nix, crate2nix, crane… later) and the insight views
// (why a crate is there, per-platform plans). Renderers never look back at
// manifests or the lock.
import type { Platform } from '../core/cfg-types.ts';
import type { PackageId } from '../core/package-id.ts';
import type { DepKind } from '../core/summary.ts';

/** A feature of a workspace member, as `member/feature`. */
export interface RootFeature {
  readonly member: string;
  readonly feature: string;
}

/**
 * When something is on: always (even with no member features), or when any
 * of these member features is requested. An empty list means never — cargo2nix
 * prints that as `false`.
 */
export type Activation = { readonly kind: 'always' } | { readonly kind: 'rootFeatures'; readonly by: readonly RootFeature[] };

export type CrateSource =
  | { readonly kind: 'registry'; readonly registry: string; readonly checksum: string; readonly cratesIo: boolean }
  | { readonly kind: 'git'; readonly url: string; readonly rev: string; readonly branch: string | undefined; readonly tag: string | undefined }
  | { readonly kind: 'local'; readonly path: string };

export interface ResolvedFeature {
  readonly name: string;
  readonly activation: Activation;
}

export interface ResolvedDependency {
  readonly id: PackageId;
  readonly kind: DepKind;
  /** The name the depending crate's code uses (`extern crate <name>`). */
  readonly externName: string;
  readonly procMacro: boolean;
  readonly activation: Activation;
  /** Platforms it is limited to (cargo2nix ORs them), or undefined for every platform. */
  readonly platforms: readonly Platform[] | undefined;
}

export interface ResolvedCrate {
  readonly id: PackageId;
  /** cargo2nix's `registry` string: `unknown`, `git+<url>` or the registry url. */
  readonly registry: string;
  readonly source: CrateSource;
  readonly member: boolean;
  readonly procMacro: boolean;
  readonly links: string | undefined;
  /** Sorted by name (byte order). */
  readonly features: readonly ResolvedFeature[];
  /** Sorted by package id, then kind. */
  readonly dependencies: readonly ResolvedDependency[];
}

export interface WorkspaceMember {
  readonly id: PackageId;
  readonly name: string;
  readonly version: string;
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
  /** Profile name → TOML text as cargo2nix embeds it (already escaped), in name order. */
  readonly profiles: ReadonlyMap<string, string>;
  /** Name of the member whose manifest is the root `Cargo.toml`, if the root is a package. */
  readonly rootPackage?: string;
}
