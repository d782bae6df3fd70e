// Under which member features cargo's resolver turns each crate feature and
// dependency edge on, the analysis cargo2nix 0.12.0 makes (its `main.rs`) on
// our resolver: one resolve with every feature of every member, one with none,
// and one per member feature; something is "always" on if the no-features
// resolve has it, otherwise on under the member features whose resolve turns it on.
import { comparePlatform } from '../parse/cfg.ts';
import type { Platform } from '../core/cfg-types.ts';
import type { ActivationCondition, MemberFeature, ResolvedCrate, ResolvedDependency, ResolvedFeature, WorkspaceMember } from '../model/model.ts';
import { comparePackageId, type PackageId } from '../core/package-id.ts';
import { crateSource, type LocalDirs } from './crate-source.ts';
import { resolve, type LockGraph, type Resolve, type RootRequest } from './resolver.ts';
import { crateNameOf, DEP_KIND_ORDER, type Dependency, type DepKind, type Summary } from '../core/summary.ts';

/** The condition being worked out while the resolves are compared (cargo2nix's `Optionality`). */
class Optionality {
  required = false;
  readonly by = new Map<string, MemberFeature>();

  activatedBy(mf: MemberFeature): void {
    if (!this.required) this.by.set(`${mf.member}\u0000${mf.feature}`, mf);
  }

  toCondition(): ActivationCondition {
    if (this.required) return { kind: 'always' };
    const anyOf = [...this.by.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, mf]) => mf);
    return { kind: 'memberFeatures', anyOf };
  }
}

interface DepEntry {
  readonly id: PackageId;
  readonly kind: DepKind;
  readonly externName: string;
  readonly procMacro: boolean;
  readonly optionality: Optionality;
  /** undefined once any declaration applies on every platform. */
  platforms: Platform[] | undefined;
}

interface PackageEntry {
  readonly summary: Summary;
  readonly deps: DepEntry[];
  readonly features: Map<string, Optionality>;
}

export interface MemberInput {
  readonly id: PackageId;
  /** Its directory relative to the workspace root. */
  readonly path: string;
  readonly rustVersion: string | undefined;
  readonly binNames: readonly string[];
}

/** cargo's `extern_crate_name_and_dep_name`; undefined where cargo2nix drops the edge. */
function externName(decls: ReadonlySet<Dependency>, to: Summary): string | undefined {
  if (to.libCrateName === undefined) return undefined;
  const names = new Set<string>();
  for (const d of decls) names.add(d.renamed ? crateNameOf(d.nameInToml) : to.libCrateName);
  if (names.size !== 1) return undefined;
  return [...names][0];
}

function packageEntry(graph: LockGraph, key: string, all: Resolve): PackageEntry {
  const summary = graph.summary(key);
  const byKey = new Map<string, DepEntry>();
  for (const [childKey, decls] of all.edges.get(key) ?? []) {
    const child = graph.summary(childKey);
    const name = externName(decls, child);
    if (name === undefined) continue;
    for (const d of decls) {
      const k = `${childKey}\u0000${d.kind}`;
      let entry = byKey.get(k);
      if (!entry) {
        entry = { id: child.id, kind: d.kind, externName: name, procMacro: child.procMacro, optionality: new Optionality(), platforms: [] };
        byKey.set(k, entry);
      }
      if (d.platform === undefined) entry.platforms = undefined;
      else if (entry.platforms && !entry.platforms.some((p) => comparePlatform(p, d.platform!) === 0)) entry.platforms.push(d.platform);
    }
  }
  const deps = [...byKey.values()].sort((a, b) => comparePackageId(a.id, b.id) || DEP_KIND_ORDER[a.kind] - DEP_KIND_ORDER[b.kind]);
  for (const d of deps) d.platforms?.sort(comparePlatform);
  const features = new Map<string, Optionality>();
  for (const f of all.features.get(key) ?? []) features.set(f, new Optionality());
  return { summary, deps, features };
}

/** The members and crates of the model. */
export interface ActivationAnalysis {
  readonly members: readonly WorkspaceMember[];
  readonly crates: readonly ResolvedCrate[];
}

/**
 * `incremental` (the default) resolves each member feature on top of the
 * no-features resolve; `separate` mirrors cargo2nix literally with one
 * independent resolve per feature. Both give the same analysis; tests hold them to it.
 */
export type FeatureResolveStrategy = 'incremental' | 'separate';

export function analyseActivation(
  graph: LockGraph,
  members: readonly MemberInput[],
  localDirs: LocalDirs,
  strategy: FeatureResolveStrategy = 'incremental',
): ActivationAnalysis {
  const memberSummaries = members.map((m) => graph.summary(m.id.key));
  const roots = (pick: (s: Summary) => Omit<RootRequest, 'id'>) => memberSummaries.map((s) => ({ id: s.id, ...pick(s) }));

  const all = resolve(
    graph,
    roots(() => ({ allFeatures: true, features: [], usesDefaultFeatures: true })),
    true,
  );
  const none = resolve(
    graph,
    roots(() => ({ allFeatures: false, features: [], usesDefaultFeatures: false })),
    true,
  );

  const entries = new Map<string, PackageEntry>();
  for (const key of all.packages) entries.set(key, packageEntry(graph, key, all));

  for (const key of none.packages) {
    const entry = entries.get(key);
    if (!entry) continue;
    for (const f of none.features.get(key) ?? []) {
      const opt = entry.features.get(f);
      if (opt) opt.required = true;
    }
    const children = none.edges.get(key);
    if (children) for (const d of entry.deps) if (children.has(d.id.key)) d.optionality.required = true;
  }

  for (const member of memberSummaries) {
    for (const feature of member.features.keys()) {
      const rf: MemberFeature = { member: member.id.name, feature };
      const request: RootRequest = { id: member.id, allFeatures: false, features: [feature], usesDefaultFeatures: false };
      if (strategy === 'incremental') {
        // Only what this feature adds on top of the no-features resolve.
        const added = resolve(graph, [request], true, none);
        for (const [key, children] of added.edges) {
          const entry = entries.get(key);
          if (entry) for (const d of entry.deps) if (children.has(d.id.key)) d.optionality.activatedBy(rf);
        }
        for (const [key, feats] of added.features) {
          const entry = entries.get(key);
          if (entry) for (const f of feats) entry.features.get(f)?.activatedBy(rf);
        }
      } else {
        // cargo2nix's own way: a separate resolve for the feature, diffed against the no-features one.
        const just = resolve(graph, [request], true);
        for (const [key, entry] of entries) {
          const before = none.edges.get(key);
          const after = just.edges.get(key);
          if (after) for (const d of entry.deps) if (!before?.has(d.id.key) && after.has(d.id.key)) d.optionality.activatedBy(rf);
          const fBefore = none.features.get(key);
          const fAfter = just.features.get(key);
          if (fAfter) for (const [f, opt] of entry.features) if (!fBefore?.has(f) && fAfter.has(f)) opt.activatedBy(rf);
        }
      }
    }
  }

  const memberKeys = new Set(members.map((m) => m.id.key));
  const crates: ResolvedCrate[] = [...entries.values()]
    .sort((a, b) => comparePackageId(a.summary.id, b.summary.id))
    .map(({ summary, deps, features }) => {
      const resolvedFeatures: ResolvedFeature[] = [...features.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, opt]) => ({ name, activation: opt.toCondition() }));
      const dependencies: ResolvedDependency[] = deps.map((d) => ({
        id: d.id,
        kind: d.kind,
        externName: d.externName,
        procMacro: d.procMacro,
        activation: d.optionality.toCondition(),
        platforms: d.platforms,
      }));
      return {
        id: summary.id,
        source: crateSource(summary.id, graph.lock, localDirs),
        member: memberKeys.has(summary.id.key),
        libName: summary.libCrateName,
        procMacro: summary.procMacro,
        links: summary.links,
        features: resolvedFeatures,
        dependencies,
      };
    });

  const workspaceMembers: WorkspaceMember[] = members.map((m, i) => ({
    id: m.id,
    name: m.id.name,
    version: m.id.version,
    path: m.path,
    rustVersion: m.rustVersion,
    hasBin: m.binNames.length > 0,
    binNames: m.binNames,
    features: [...memberSummaries[i]!.features.keys()].sort(),
  }));
  return { members: workspaceMembers, crates };
}
