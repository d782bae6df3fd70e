// The dependency graph as a picture wants it: one node per crate of the
// package set, one edge per dependency (kind, proc-macro, root-feature gate,
// platforms), each node put in the cluster of the one member that reaches it
// (or `shared`). Filtering keeps what a build reaches from the members over
// the chosen edge kinds, on one platform (platform-build.ts's Nix reading of
// cfg) and under chosen root features, so the picture never shows crates
// that nothing selected pulls in. Layout and drawing are the page's business.
import { displayPlatform } from '../parse/cfg.ts';
import type { DepKind } from '../core/summary.ts';
import type { ActivationCondition, ResolvedWorkspace } from '../model/model.ts';
import { crateKey, edgeActivation } from '../render/cargo2nix/package-set.ts';
import { defaultRootFeatures, expandRootFeatures, platformBuild, PLATFORM_PRESETS, type PlatformPresetName } from './platform-build.ts';

/** The cluster of crates reached from more than one member. */
export const SHARED_CLUSTER = 'shared';

export interface GraphNode {
  /** {@link crateKey}: `<registry> <name> <version>`, what Cargo.nix and the other views call the crate. */
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly member: boolean;
  readonly procMacro: boolean;
  /** A native library: a `links` key or a `-sys` name. */
  readonly native: boolean;
  readonly source: 'registry' | 'git' | 'path';
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: DepKind;
  /** The name the depending crate uses for it. */
  readonly name: string;
  /** The target is a proc-macro (built for the build machine). */
  readonly procMacro: boolean;
  /** Only some root features turn it on (cargo2nix's `rootFeatures' ? …` gate). */
  readonly optional: boolean;
  /** The member features that turn it on when {@link optional}, as `member/feature`. */
  readonly gates: readonly string[];
  /** The `[target.…]` keys it is limited to, as written in Cargo.toml; empty for every platform. */
  readonly platforms: readonly string[];
}

export interface DependencyGraph {
  /** In the model's crate order. */
  readonly nodes: readonly GraphNode[];
  /** By source node, then kind and name. */
  readonly edges: readonly GraphEdge[];
  /** Member names in cargo's order. */
  readonly members: readonly string[];
  /** Node id → its member's name, or {@link SHARED_CLUSTER}. Every node of `nodes` has one. */
  readonly clusters: ReadonlyMap<string, string>;
}

export interface GraphFilter {
  /** Edge kinds to follow; all three when undefined. */
  readonly kinds?: readonly DepKind[];
  /** Keep only edges that build on this platform preset (as the generated Nix decides); every platform when undefined. */
  readonly platform?: PlatformPresetName;
  /**
   * makePackageSet's `rootFeatures` (`member/feature` or a bare `member`):
   * gated edges whose gate they do not open are left out. Undefined keeps
   * every edge whatever its gate (with a platform, Cargo.nix's default).
   */
  readonly rootFeatures?: readonly string[];
}

const ALL_KINDS: readonly DepKind[] = ['normal', 'build', 'dev'];

function gatesOf(a: ActivationCondition): string[] {
  return a.kind === 'always' ? [] : a.anyOf.map((mf) => `${mf.member}/${mf.feature}`);
}

function opens(a: ActivationCondition, expanded: ReadonlySet<string>): boolean {
  return a.kind === 'always' || a.anyOf.some((mf) => expanded.has(`${mf.member}/${mf.feature}`));
}

/** Every crate and edge of the model, unfiltered. */
function fullGraph(ws: ResolvedWorkspace): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const c of ws.crates) {
    const id = crateKey(c.id);
    nodes.push({
      id,
      name: c.id.name,
      version: c.id.version,
      member: c.member,
      procMacro: c.procMacro,
      native: c.links !== undefined || c.id.name.endsWith('-sys'),
      source: c.source.kind,
    });
    for (const d of c.dependencies) {
      const activation = edgeActivation(d);
      edges.push({
        from: id,
        to: crateKey(d.id),
        kind: d.kind,
        name: d.externName,
        procMacro: d.procMacro,
        optional: activation.kind !== 'always',
        gates: gatesOf(activation),
        platforms: (d.platforms ?? []).map(displayPlatform),
      });
    }
  }
  return { nodes, edges };
}

/** The edges a filter lets through, before reachability. */
function edgePredicate(ws: ResolvedWorkspace, filter: GraphFilter): (e: GraphEdge) => boolean {
  const kinds = new Set(filter.kinds ?? ALL_KINDS);
  if (filter.platform !== undefined) {
    const build = platformBuild(ws, PLATFORM_PRESETS[filter.platform], filter.rootFeatures ? { rootFeatures: filter.rootFeatures } : {});
    const active = new Set<string>();
    for (const c of build.crates) for (const d of c.dependencies) active.add(`${c.key}\u0000${d.kind}\u0000${d.name}\u0000${d.crate}`);
    return (e) => kinds.has(e.kind) && active.has(`${e.from}\u0000${e.kind}\u0000${e.name}\u0000${e.to}`);
  }
  if (filter.rootFeatures !== undefined) {
    const expanded = expandRootFeatures(filter.rootFeatures);
    const activationOf = new Map<string, ActivationCondition>();
    for (const c of ws.crates) {
      for (const d of c.dependencies)
        activationOf.set(`${crateKey(c.id)}\u0000${d.kind}\u0000${d.externName}\u0000${crateKey(d.id)}`, edgeActivation(d));
    }
    return (e) => {
      const a = activationOf.get(`${e.from}\u0000${e.kind}\u0000${e.name}\u0000${e.to}`);
      return kinds.has(e.kind) && a !== undefined && opens(a, expanded);
    };
  }
  return (e) => kinds.has(e.kind);
}

/**
 * Each crate some member reaches (over `out`, the kept edges by depending
 * crate) → the one member that reaches it, or {@link SHARED_CLUSTER}; a
 * member is its own cluster. Crates no member reaches are left out.
 */
export function memberClusters(
  memberIds: ReadonlyMap<string, string>,
  out: ReadonlyMap<string, readonly { readonly to: string }[]>,
): Map<string, string> {
  // One walk per member: which members reach each crate.
  const reachedBy = new Map<string, Set<string>>();
  for (const [start, member] of memberIds) {
    const queue = [start];
    const seen = new Set(queue);
    for (let i = 0; i < queue.length; i++) {
      const at = queue[i]!;
      let by = reachedBy.get(at);
      if (!by) reachedBy.set(at, (by = new Set()));
      by.add(member);
      for (const e of out.get(at) ?? []) {
        if (seen.has(e.to)) continue;
        seen.add(e.to);
        queue.push(e.to);
      }
    }
  }
  const clusters = new Map<string, string>();
  for (const [id, by] of reachedBy) clusters.set(id, memberIds.get(id) ?? (by.size === 1 ? [...by][0]! : SHARED_CLUSTER));
  return clusters;
}

/**
 * The graph of what the members reach over the edges `filter` keeps, each
 * node in its cluster: the one member it is reached from, else `shared`
 * (a member is its own cluster).
 */
export function dependencyGraph(ws: ResolvedWorkspace, filter: GraphFilter = {}): DependencyGraph {
  const full = fullGraph(ws);
  const keep = edgePredicate(ws, filter);
  const out = new Map<string, GraphEdge[]>();
  for (const e of full.edges) {
    if (!keep(e)) continue;
    let list = out.get(e.from);
    if (!list) out.set(e.from, (list = []));
    list.push(e);
  }
  const memberIds = new Map<string, string>();
  for (const m of ws.members) memberIds.set(crateKey(m.id), m.name);
  const clusters = memberClusters(memberIds, out);
  const nodes = full.nodes.filter((n) => clusters.has(n.id));
  const edges = nodes.flatMap((n) => out.get(n.id) ?? []).filter((e) => clusters.has(e.to));
  return { nodes, edges, members: ws.members.map((m) => m.name), clusters };
}

/** The member features the graph's feature filter offers: Cargo.nix's default first, then each member's own. */
export function graphFeatureChoices(ws: ResolvedWorkspace): { readonly defaults: readonly string[]; readonly all: readonly string[] } {
  return { defaults: defaultRootFeatures(ws), all: ws.members.flatMap((m) => m.features.map((f) => `${m.name}/${f}`)) };
}
