// What the resolver knows about one package, whatever it came from (a
// workspace Cargo.toml, a git checkout's Cargo.toml, or a registry index line
// plus the crate's lib facts): cargo's `Summary` plus the lib target facts
// cargo2nix reads from the `Package`.
import type { Platform } from './cfg-types.ts';
import type { ErrorLocation } from './errors.ts';
import type { PackageId } from './package-id.ts';
import type { GitReference } from './source-id.ts';

export type DepKind = 'normal' | 'dev' | 'build';

/** cargo's `DepKind` order (Normal < Development < Build). */
export const DEP_KIND_ORDER: Readonly<Record<DepKind, number>> = { normal: 0, dev: 1, build: 2 };

/** Where a declared dependency asks to be found. */
export type DepSource =
  /** `registry` is an alternative registry's name, or undefined for crates.io. */
  | { readonly kind: 'registry'; readonly registry: string | undefined }
  /** `path` is relative to the workspace root, normalised (no `.`/`..` segments left where avoidable). */
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'git'; readonly url: string; readonly reference: GitReference };

export interface Dependency {
  /** The key it is declared under (the rename when `package = ...` is used). */
  readonly nameInToml: string;
  /** The name of the package it resolves to. */
  readonly packageName: string;
  /** True when declared with `package = ...`: cargo then derives the extern name from the key. */
  readonly renamed: boolean;
  readonly req: string;
  readonly kind: DepKind;
  readonly platform: Platform | undefined;
  readonly optional: boolean;
  readonly usesDefaultFeatures: boolean;
  readonly features: readonly string[];
  readonly source: DepSource;
  /** Where a manifest declares it (absent for registry index entries), so errors can point there. */
  readonly declaredAt?: ErrorLocation;
}

export type FeatureValue =
  | { readonly kind: 'feature'; readonly name: string }
  | { readonly kind: 'dep'; readonly dep: string }
  | { readonly kind: 'depFeature'; readonly dep: string; readonly feature: string; readonly weak: boolean };

export type FeatureMap = ReadonlyMap<string, readonly FeatureValue[]>;

export interface Summary {
  readonly id: PackageId;
  readonly dependencies: readonly Dependency[];
  /** Declared features plus the implicit ones cargo adds for optional dependencies. */
  readonly features: FeatureMap;
  /** The lib target's crate name (`-` already `_`), or undefined when the package has no lib. */
  readonly libCrateName: string | undefined;
  readonly procMacro: boolean;
  readonly links: string | undefined;
}

/** cargo's `FeatureValue::new`: `dep:x`, `x/y`, `x?/y` or a plain feature. */
export function parseFeatureValue(s: string): FeatureValue {
  const slash = s.indexOf('/');
  if (slash >= 0) {
    const dep = s.slice(0, slash);
    const feature = s.slice(slash + 1);
    if (dep.endsWith('?')) return { kind: 'depFeature', dep: dep.slice(0, -1), feature, weak: true };
    return { kind: 'depFeature', dep, feature, weak: false };
  }
  if (s.startsWith('dep:')) return { kind: 'dep', dep: s.slice(4) };
  return { kind: 'feature', name: s };
}

/**
 * cargo's `build_feature_map`: parse the declared features and add an
 * implicit `x = ["dep:x"]` for every optional dependency that no feature
 * names with `dep:` and that has no feature of its own name.
 */
export function buildFeatureMap(declared: ReadonlyMap<string, readonly string[]>, deps: readonly Dependency[]): FeatureMap {
  const map = new Map<string, FeatureValue[]>();
  for (const [name, values] of declared) map.set(name, values.map(parseFeatureValue));
  const explicitlyListed = new Set<string>();
  for (const values of map.values()) for (const v of values) if (v.kind === 'dep') explicitlyListed.add(v.dep);
  for (const dep of deps) {
    if (!dep.optional) continue;
    const name = dep.nameInToml;
    if (declared.has(name) || explicitlyListed.has(name)) continue;
    map.set(name, [{ kind: 'dep', dep: name }]);
  }
  return map;
}

export function crateNameOf(name: string): string {
  return name.replace(/-/g, '_');
}
