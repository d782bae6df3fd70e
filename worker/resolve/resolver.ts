// cargo's *dependency* resolver (the one that writes Cargo.lock), replayed on
// the fixed graph of a lock file. Versions are already chosen; what is left is
// which dependency declarations and features become active for a set of root
// packages and requested features. Rules follow cargo 0.86's
// `resolver/dep_cache.rs` and `resolver/context.rs`:
// - all platforms at once (target tables never filter here);
// - dev-dependencies only for the roots;
// - `dep?/feat` (weak) still activates `dep` here — only the later feature
//   resolver narrows it, and cargo2nix never asks that one;
// - features unify per package across every activation.
import { GeneratorError } from '../core/errors.ts';
import type { Lockfile } from '../parse/lockfile.ts';
import { displayPackageId, type PackageId } from '../core/package-id.ts';
import type { Dependency, FeatureValue, Summary } from '../core/summary.ts';
import { compareVersions, matchesReq } from '../core/version.ts';

export interface RootRequest {
  readonly id: PackageId;
  /** `--all-features`. */
  readonly allFeatures: boolean;
  readonly features: readonly string[];
  readonly usesDefaultFeatures: boolean;
}

export interface Resolve {
  /** Package keys in the order they were first activated. */
  readonly packages: ReadonlySet<string>;
  readonly features: ReadonlyMap<string, ReadonlySet<string>>;
  /** from key → (to key → the declarations through which `to` was activated). */
  readonly edges: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<Dependency>>>;
}

/** The locked graph with every package's summary: what the resolver walks. */
export class LockGraph {
  readonly ids = new Map<string, PackageId>();
  private readonly links = new Map<Dependency, PackageId | null>();

  constructor(
    readonly lock: Lockfile,
    readonly summaries: ReadonlyMap<string, Summary>,
  ) {
    for (const p of lock.packages) this.ids.set(p.id.key, p.id);
  }

  summary(key: string): Summary {
    const s = this.summaries.get(key);
    if (!s) {
      const id = this.ids.get(key);
      const who = id ? displayPackageId(id) : key;
      const line = id ? this.lock.byKey.get(id.key)?.line : undefined;
      const message =
        id?.source.kind === 'path'
          ? `\`${who}\` is a path dependency, but none of the given Cargo.toml files is that package: add its Cargo.toml (at its path relative to the workspace root)`
          : `no metadata for \`${who}\``;
      throw new GeneratorError(message, { file: 'Cargo.lock', ...(line !== undefined ? { line } : {}), ...(id ? { crate: who } : {}) });
    }
    return s;
  }

  /**
   * The locked package a declaration of `parent` resolves to: one of the
   * parent's lock dependencies with that package name whose version meets the
   * requirement, preferring a matching kind of source (a `[patch]` may swap
   * the source, so any source is accepted when none matches).
   */
  target(parent: Summary, dep: Dependency): PackageId | undefined {
    const cached = this.links.get(dep);
    if (cached !== undefined) return cached ?? undefined;
    const locked = this.lock.byKey.get(parent.id.key);
    const named = (locked?.dependencies ?? []).filter((id) => id.name === dep.packageName && matchesReq(dep.req, id.version));
    const sameKind = named.filter((id) => sourceCompatible(dep, id));
    const pool = sameKind.length > 0 ? sameKind : named;
    let best: PackageId | undefined;
    for (const id of pool) if (!best || compareForPick(id, best) > 0) best = id;
    this.links.set(dep, best ?? null);
    return best;
  }
}

function sourceCompatible(dep: Dependency, id: PackageId): boolean {
  switch (dep.source.kind) {
    case 'path':
      return id.source.kind === 'path';
    case 'git':
      return id.source.kind === 'git' && sameGitUrl(dep.source.url, id.source.url);
    case 'registry':
      return id.source.kind === 'registry' || id.source.kind === 'sparse';
  }
}

function sameGitUrl(a: string, b: string): boolean {
  const canon = (u: string) =>
    u
      .toLowerCase()
      .replace(/\/+$/, '')
      .replace(/\.git$/, '');
  return canon(a) === canon(b);
}

function compareForPick(a: PackageId, b: PackageId): number {
  // Only reached when a requirement matches several locked versions; cargo
  // would keep the edge the previous resolve had, and a lock lists both.
  return compareVersions(a.version, b.version);
}

const NO_FEATURES: ReadonlySet<string> = new Set();

type Request =
  | { readonly kind: 'cli'; readonly root: RootRequest }
  | {
      readonly kind: 'dep';
      readonly features: ReadonlySet<string>;
      readonly usesDefaultFeatures: boolean;
      readonly parent: Summary;
      readonly via: Dependency;
    };

interface Requirements {
  /** dependency name in toml → features asked of it */
  readonly deps: Map<string, Set<string>>;
  readonly features: Set<string>;
}

function requirementError(s: Summary, feature: string, parent: Summary | undefined, via: Dependency | undefined): GeneratorError {
  const who = displayPackageId(s.id);
  const named = s.dependencies.filter((d) => d.nameInToml === feature);
  let why = `package \`${who}\` does not have the feature \`${feature}\``;
  if (named.some((d) => d.optional)) why += ' (it has an optional dependency of that name, but `dep:` syntax hides its implicit feature)';
  else if (named.length > 0) why += ' (it has a required dependency of that name; only optional dependencies can be used as features)';
  if (parent) why += `, which \`${displayPackageId(parent.id)}\` asks for`;
  const crate = parent ? displayPackageId(parent.id) : who;
  return new GeneratorError(why, via?.declaredAt ? { ...via.declaredAt, crate } : { crate });
}

function buildRequirements(s: Summary, req: Request): Requirements {
  const reqs: Requirements = { deps: new Map(), features: new Set() };
  const parent = req.kind === 'dep' ? req.parent : undefined;
  const via = req.kind === 'dep' ? req.via : undefined;

  const requireFeature = (feat: string): void => {
    if (reqs.features.has(feat)) return;
    reqs.features.add(feat);
    const values = s.features.get(feat);
    if (!values) throw requirementError(s, feat, parent, via);
    for (const fv of values) {
      if (fv.kind === 'feature' && fv.name === feat) {
        throw new GeneratorError(`cyclic feature dependency: feature \`${feat}\` of \`${displayPackageId(s.id)}\` depends on itself`, {
          crate: displayPackageId(s.id),
        });
      }
      requireValue(fv);
    }
  };
  const requireDep = (dep: string): Set<string> => {
    let set = reqs.deps.get(dep);
    if (!set) reqs.deps.set(dep, (set = new Set()));
    return set;
  };
  const requireValue = (fv: FeatureValue): void => {
    switch (fv.kind) {
      case 'feature':
        requireFeature(fv.name);
        break;
      case 'dep':
        requireDep(fv.dep);
        break;
      case 'depFeature':
        if (!fv.weak && s.dependencies.some((d) => d.nameInToml === fv.dep && d.optional) && s.features.has(fv.dep)) {
          requireFeature(fv.dep);
        }
        requireDep(fv.dep).add(fv.feature);
        break;
    }
  };

  let usesDefault: boolean;
  if (req.kind === 'cli') {
    if (req.root.allFeatures) for (const key of s.features.keys()) requireFeature(key);
    for (const f of req.root.features) requireValue(parseCliFeature(f));
    usesDefault = req.root.usesDefaultFeatures;
  } else {
    for (const f of req.features) requireFeature(f);
    usesDefault = req.usesDefaultFeatures;
  }
  if (usesDefault && s.features.has('default')) requireFeature('default');
  return reqs;
}

function parseCliFeature(f: string): FeatureValue {
  const slash = f.indexOf('/');
  if (slash >= 0) {
    const dep = f.slice(0, slash);
    return dep.endsWith('?')
      ? { kind: 'depFeature', dep: dep.slice(0, -1), feature: f.slice(slash + 1), weak: true }
      : { kind: 'depFeature', dep, feature: f.slice(slash + 1), weak: false };
  }
  return f.startsWith('dep:') ? { kind: 'dep', dep: f.slice(4) } : { kind: 'feature', name: f };
}

/**
 * Resolve `roots`. With `base`, continue from that finished resolve (its
 * activations and features count as already done) and return only what this
 * run adds: the packages, features and edges `base` lacks. Activation only
 * ever adds, so "on top of the no-features resolve, what does this feature
 * add" is exactly what cargo2nix learns by diffing two separate resolves,
 * without redoing the shared part.
 */
export function resolve(graph: LockGraph, roots: readonly RootRequest[], devDepsForRoots: boolean, base?: Resolve): Resolve {
  const packages = new Set<string>();
  const features = new Map<string, Set<string>>();
  const edges = new Map<string, Map<string, Set<Dependency>>>();

  const isActive = (key: string) => packages.has(key) || (base?.packages.has(key) ?? false);
  const hasFeature = (key: string, f: string) => (features.get(key)?.has(f) ?? false) || (base?.features.get(key)?.has(f) ?? false);
  const hasAnyFeature = (key: string) => (features.get(key)?.size ?? 0) > 0 || (base?.features.get(key)?.size ?? 0) > 0;

  interface Item {
    readonly key: string;
    readonly request: Request;
    readonly devDeps: boolean;
  }
  const queue: (Item | undefined)[] = roots.map((r) => ({ key: r.id.key, request: { kind: 'cli', root: r }, devDeps: devDepsForRoots }));

  for (let i = 0; i < queue.length; i++) {
    const { key, request, devDeps } = queue[i]!;
    // Processed items are garbage; on big graphs keeping them alive costs more in GC than the resolve.
    queue[i] = undefined;
    const s = graph.summary(key);
    if (request.kind === 'dep' && isActive(key)) {
      // context.rs `flag_activated`: nothing new to do when these features are already on.
      const wantsDefault = request.usesDefaultFeatures && s.features.has('default');
      let covered: boolean;
      if (hasAnyFeature(key)) {
        covered = !wantsDefault || hasFeature(key, 'default');
        if (covered)
          for (const f of request.features)
            if (!hasFeature(key, f)) {
              covered = false;
              break;
            }
      } else {
        covered = request.features.size === 0 && !wantsDefault;
      }
      if (covered) continue;
    }
    if (!base?.packages.has(key)) packages.add(key);

    const reqs = buildRequirements(s, request);
    for (const f of reqs.features) {
      if (hasFeature(key, f)) continue;
      let set = features.get(key);
      if (!set) features.set(key, (set = new Set()));
      set.add(f);
    }

    if (request.kind === 'cli') {
      for (const name of reqs.deps.keys()) {
        if (!s.dependencies.some((d) => d.nameInToml === name && (d.kind !== 'dev' || devDeps))) {
          throw new GeneratorError(`package \`${displayPackageId(s.id)}\` does not have a dependency named \`${name}\``, {
            crate: displayPackageId(s.id),
          });
        }
      }
    }

    const baseOut = base?.edges.get(key);
    for (const dep of s.dependencies) {
      if (dep.kind === 'dev' && !devDeps) continue;
      const asked = reqs.deps.get(dep.nameInToml);
      if (dep.optional && !asked) continue;
      const target = graph.target(s, dep);
      if (!target) {
        throw new GeneratorError(
          `Cargo.lock does not match the manifests: \`${displayPackageId(s.id)}\` needs \`${dep.packageName} ${dep.req}\` (declared as \`${dep.nameInToml}\`${
            dep.kind === 'normal' ? '' : `, ${dep.kind}-dependency`
          }) but the lock has no such entry for it; run \`cargo update\` and paste the new Cargo.lock`,
          dep.declaredAt ? { ...dep.declaredAt, crate: displayPackageId(s.id) } : { file: 'Cargo.lock', crate: displayPackageId(s.id) },
        );
      }
      if (!baseOut?.has(target.key)) {
        let out = edges.get(key);
        if (!out) edges.set(key, (out = new Map()));
        let decls = out.get(target.key);
        if (!decls) out.set(target.key, (decls = new Set()));
        decls.add(dep);
      }
      // Most edges ask for no features: share one empty set rather than allocate per edge.
      let childFeatures: ReadonlySet<string> = asked ?? NO_FEATURES;
      if (dep.features.length > 0) {
        const merged = new Set<string>(childFeatures);
        for (const f of dep.features) merged.add(f);
        childFeatures = merged;
      }
      queue.push({
        key: target.key,
        request: { kind: 'dep', features: childFeatures, usesDefaultFeatures: dep.usesDefaultFeatures, parent: s, via: dep },
        devDeps: false,
      });
    }
  }
  return { packages, features, edges };
}
