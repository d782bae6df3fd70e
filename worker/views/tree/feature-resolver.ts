// cargo's *feature* resolver (cargo 0.66 `core/resolver/features.rs`), run after the dependency
// resolve: which features and optional dependencies are on for each package, per target platform
// and — with resolver "2" — separately for build-time (host) and run-time uses. This is what
// `cargo tree` shows; cargo2nix never asks it (its Cargo.nix leaves platforms to Nix), so it lives
// here rather than in resolve/.
import { comparePackageId, type PackageId } from '../../core/package-id.ts';
import type { Dependency, FeatureValue } from '../../core/summary.ts';
import { parseFeatureValue } from '../../core/summary.ts';
import type { LockGraph, Resolve } from '../../resolve/resolver.ts';
import { platformMatches, type TargetCfg } from './target-cfg.ts';
import type { CliFeature } from './tree-options.ts';

/** cargo's `FeaturesFor` without artifact dependencies: built for the target, or for the host (build scripts, proc-macros). */
export type FeaturesFor = 'target' | 'host';

/** What the workspace's resolver version turns on (`FeatureOpts`). */
export interface FeatureOpts {
  readonly decoupleHostDeps: boolean;
  readonly decoupleDevDeps: boolean;
  readonly ignoreInactiveTargets: boolean;
}

export function featureOpts(resolverV2: boolean, hasDevUnits: boolean, forceAllTargets: boolean): FeatureOpts {
  if (!resolverV2) return { decoupleHostDeps: false, decoupleDevDeps: false, ignoreInactiveTargets: false };
  return { decoupleHostDeps: true, decoupleDevDeps: !hasDevUnits, ignoreInactiveTargets: !forceAllTargets };
}

/** Where units are built: the host, or a target triple (cargo's `CompileKind`). */
export type CompileKind = { readonly kind: 'host' } | { readonly kind: 'target'; readonly cfg: TargetCfg };

/** A member with the features asked of it (cargo's `members_with_features`). */
export interface MemberRequest {
  readonly id: PackageId;
  readonly features: readonly CliFeature[];
  readonly allFeatures: boolean;
  readonly usesDefaultFeatures: boolean;
}

export interface TargetData {
  readonly host: TargetCfg;
  readonly requested: readonly CompileKind[];
}

/** Whether a declaration's `[target.…]` table applies when building for `kind`. */
export function depPlatformActivated(dep: Dependency, kind: CompileKind, targets: TargetData): boolean {
  if (!dep.platform) return true;
  return platformMatches(dep.platform, kind.kind === 'host' ? targets.host : kind.cfg);
}

/** The edges of the dependency resolve out of one package, in package-id order (cargo's `Resolve::deps`). */
export function resolveDeps(graph: LockGraph, resolved: Resolve, key: string): readonly (readonly [PackageId, readonly Dependency[]])[] {
  // Asked again for every feature a package turns on: sort each package's edges once per resolve.
  let perResolve = depsCache.get(resolved);
  if (!perResolve) depsCache.set(resolved, (perResolve = new Map()));
  const known = perResolve.get(key);
  if (known) return known;
  const list: [PackageId, Dependency[]][] = [];
  for (const [to, decls] of resolved.edges.get(key) ?? []) list.push([graph.ids.get(to)!, [...decls]]);
  list.sort((a, b) => comparePackageId(a[0], b[0]));
  perResolve.set(key, list);
  return list;
}

const depsCache = new WeakMap<Resolve, Map<string, readonly (readonly [PackageId, readonly Dependency[]])[]>>();

export interface ResolvedFeatures {
  /** Enabled features of a package for that use, sorted. */
  activatedFeatures(id: PackageId, ff: FeaturesFor): readonly string[];
  /** Whether the optional dependency `name` of the package is on for that use. */
  isDepActivated(id: PackageId, ff: FeaturesFor, name: string): boolean;
}

const cliToFeatureValue = (f: CliFeature): FeatureValue =>
  f.kind === 'feature' ? { kind: 'feature', name: f.name } : { kind: 'depFeature', dep: f.dep, feature: f.feature, weak: f.weak };

export function resolveFeatures(
  graph: LockGraph,
  resolved: Resolve,
  members: readonly MemberRequest[],
  opts: FeatureOpts,
  targets: TargetData,
): ResolvedFeatures {
  const trackForHost = opts.decoupleHostDeps || opts.ignoreInactiveTargets;
  const keyOf = (id: PackageId, ff: FeaturesFor) => `${opts.decoupleHostDeps ? ff : 'target'}|${id.key}`;
  const activatedFeatures = new Map<string, Set<string>>();
  const activatedDeps = new Map<string, Set<string>>();
  const processed = new Set<string>();
  const deferredWeak = new Map<string, Set<string>>();
  const isProcMacro = (id: PackageId) => graph.summary(id.key).procMacro;
  const addTo = (map: Map<string, Set<string>>, key: string): Set<string> => {
    let s = map.get(key);
    if (!s) map.set(key, (s = new Set()));
    return s;
  };

  const deps = (id: PackageId, ff: FeaturesFor): [PackageId, [Dependency, FeaturesFor][]][] => {
    const platformActivated = (dep: Dependency): boolean => {
      if (dep.kind === 'build' || ff === 'host') return depPlatformActivated(dep, { kind: 'host' }, targets);
      return targets.requested.some((k) => depPlatformActivated(dep, k, targets));
    };
    const out: [PackageId, [Dependency, FeaturesFor][]][] = [];
    for (const [depId, decls] of resolveDeps(graph, resolved, id.key)) {
      const kept: [Dependency, FeaturesFor][] = [];
      for (const dep of decls) {
        if (dep.platform && opts.ignoreInactiveTargets && !platformActivated(dep)) continue;
        if (opts.decoupleDevDeps && dep.kind === 'dev') continue;
        const depFf: FeaturesFor = ff === 'target' ? (trackForHost && (dep.kind === 'build' || isProcMacro(depId)) ? 'host' : 'target') : ff;
        kept.push([dep, depFf]);
      }
      if (kept.length > 0) out.push([depId, kept]);
    }
    return out;
  };

  const fvsFromDependency = (depId: PackageId, dep: Dependency): FeatureValue[] => {
    const result = dep.features.map(parseFeatureValue);
    if (dep.usesDefaultFeatures && graph.summary(depId.key).features.has('default')) result.push({ kind: 'feature', name: 'default' });
    return result;
  };

  const activatePkg = (id: PackageId, ff: FeaturesFor, fvs: readonly FeatureValue[]): void => {
    addTo(activatedFeatures, keyOf(id, ff));
    for (const fv of fvs) activateFv(id, ff, fv);
    const pkey = `${ff}|${id.key}`;
    if (processed.has(pkey)) return;
    processed.add(pkey);
    for (const [depId, list] of deps(id, ff)) {
      for (const [dep, depFf] of list) {
        if (dep.optional) continue;
        activatePkg(depId, depFf, fvsFromDependency(depId, dep));
      }
    }
  };

  const activateFv = (id: PackageId, ff: FeaturesFor, fv: FeatureValue): void => {
    if (fv.kind === 'feature') activateRec(id, ff, fv.name);
    else if (fv.kind === 'dep') activateDependency(id, ff, fv.dep);
    else activateDepFeature(id, ff, fv.dep, fv.feature, fv.weak);
  };

  const activateRec = (id: PackageId, ff: FeaturesFor, feature: string): void => {
    const enabled = addTo(activatedFeatures, keyOf(id, ff));
    if (enabled.has(feature)) return;
    enabled.add(feature);
    const fvs = graph.summary(id.key).features.get(feature);
    if (!fvs) return;
    for (const fv of fvs) activateFv(id, ff, fv);
  };

  const activateDependency = (id: PackageId, ff: FeaturesFor, depName: string): void => {
    addTo(activatedDeps, keyOf(id, ff)).add(depName);
    const weakKey = `${ff}|${id.key}|${depName}`;
    const toEnable = deferredWeak.get(weakKey);
    deferredWeak.delete(weakKey);
    for (const [depId, list] of deps(id, ff)) {
      for (const [dep, depFf] of list) {
        if (dep.nameInToml !== depName) continue;
        if (toEnable) for (const f of toEnable) activateFv(depId, depFf, parseFeatureValue(f));
        activatePkg(depId, depFf, fvsFromDependency(depId, dep));
      }
    }
  };

  const activateDepFeature = (id: PackageId, ff: FeaturesFor, depName: string, depFeature: string, weak: boolean): void => {
    for (const [depId, list] of deps(id, ff)) {
      for (const [dep, depFf] of list) {
        if (dep.nameInToml !== depName) continue;
        if (dep.optional) {
          if (weak && !(activatedDeps.get(keyOf(id, ff))?.has(depName) ?? false)) {
            // `dep?/feat` waits until something else turns the dependency on.
            addTo(deferredWeak, `${ff}|${id.key}|${depName}`).add(depFeature);
            continue;
          }
          activateFv(id, ff, { kind: 'dep', dep: depName });
          if (!weak) activateRec(id, ff, depName);
        }
        activateFv(depId, depFf, parseFeatureValue(depFeature));
      }
    }
  };

  for (const m of members) {
    const summary = graph.summary(m.id.key);
    const fvs: FeatureValue[] = m.features.map(cliToFeatureValue);
    if (m.usesDefaultFeatures && summary.features.has('default')) fvs.push({ kind: 'feature', name: 'default' });
    if (m.allFeatures) for (const k of summary.features.keys()) fvs.push({ kind: 'feature', name: k });
    let ff: FeaturesFor = 'target';
    if (trackForHost && summary.procMacro) {
      activatePkg(m.id, 'target', fvs);
      ff = 'host';
    }
    activatePkg(m.id, ff, fvs);
  }

  return {
    activatedFeatures: (id, ff) => [...(activatedFeatures.get(keyOf(id, ff)) ?? [])].sort(),
    isDepActivated: (id, ff, name) => activatedDeps.get(keyOf(id, ff))?.has(name) ?? false,
  };
}
