// The graph `cargo tree` prints (cargo 0.66 `ops/tree/graph.rs`): package nodes — one per
// package, feature set and compile kind — and, with `-e features`, feature nodes between them.
// Node order (used to sort every list of children) and insertion order follow cargo's, since
// feature nodes sort by the index of their package node.
import { comparePackageId, type PackageId } from '../../core/package-id.ts';
import type { FeatureValue } from '../../core/summary.ts';
import type { LockGraph, Resolve } from '../../resolve/resolver.ts';
import { depPlatformActivated, resolveDeps, type CompileKind, type FeaturesFor, type ResolvedFeatures, type TargetData } from './feature-resolver.ts';
import type { CliFeature, EdgeKind } from './tree-options.ts';

export type TreeNode =
  | { readonly kind: 'package'; readonly id: PackageId; readonly features: readonly string[]; readonly compileKind: CompileKind }
  | { readonly kind: 'feature'; readonly nodeIndex: number; readonly name: string };

const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareStrings(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = cmpStr(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareCompileKind(a: CompileKind, b: CompileKind): number {
  if (a.kind !== b.kind) return a.kind === 'host' ? -1 : 1;
  return a.kind === 'target' && b.kind === 'target' ? cmpStr(a.cfg.triple, b.cfg.triple) : 0;
}

/** cargo's derived `Ord for Node`: packages before features; packages by id, features, kind; features by node index, name. */
export function compareNodes(a: TreeNode, b: TreeNode): number {
  if (a.kind !== b.kind) return a.kind === 'package' ? -1 : 1;
  if (a.kind === 'package' && b.kind === 'package')
    return comparePackageId(a.id, b.id) || compareStrings(a.features, b.features) || compareCompileKind(a.compileKind, b.compileKind);
  if (a.kind === 'feature' && b.kind === 'feature') return a.nodeIndex - b.nodeIndex || cmpStr(a.name, b.name);
  return 0;
}

const kindKey = (k: CompileKind) => (k.kind === 'host' ? 'host' : k.cfg.triple);

function nodeKey(n: TreeNode): string {
  return n.kind === 'package' ? `p|${n.id.key}|${n.features.join(',')}|${kindKey(n.compileKind)}` : `f|${n.nodeIndex}|${n.name}`;
}

export class TreeGraph {
  readonly nodes: TreeNode[] = [];
  /** Per node, its outgoing edges by kind (insertion-ordered, without repeats). */
  edges: Map<EdgeKind, number[]>[] = [];
  private readonly index = new Map<string, number>();
  /** Feature nodes that `--features` (or the default) asked for on the command line. */
  readonly cliFeatures = new Set<number>();
  /** Per package node: dependency name in toml → (package node, optional) pairs, for `dep/feat` lookups. */
  readonly depNameMap = new Map<number, Map<string, { index: number; optional: boolean }[]>>();

  addNode(node: TreeNode): number {
    const i = this.nodes.length;
    this.nodes.push(node);
    this.edges.push(new Map());
    this.index.set(nodeKey(node), i);
    return i;
  }

  find(node: TreeNode): number | undefined {
    return this.index.get(nodeKey(node));
  }

  addEdge(from: number, kind: EdgeKind, to: number): void {
    const map = this.edges[from]!;
    let list = map.get(kind);
    if (!list) map.set(kind, (list = []));
    if (!list.includes(to)) list.push(to);
  }

  /** The children of a node along one kind of edge, in node order. */
  connectedNodes(from: number, kind: EdgeKind): number[] {
    const list = this.edges[from]!.get(kind);
    return list ? [...list].sort((a, b) => compareNodes(this.nodes[a]!, this.nodes[b]!)) : [];
  }

  hasOutgoingEdges(i: number): boolean {
    return this.edges[i]!.size > 0;
  }

  packageIdOf(i: number): PackageId {
    const n = this.nodes[i]!;
    if (n.kind !== 'package') throw new Error('unexpected feature node');
    return n.id;
  }

  /** The package nodes of these ids, in node order. */
  indexesFromIds(ids: readonly PackageId[]): number[] {
    const keys = new Set(ids.map((id) => id.key));
    const found: number[] = [];
    this.nodes.forEach((n, i) => {
      if (n.kind === 'package' && keys.has(n.id.key)) found.push(i);
    });
    return found.sort((a, b) => compareNodes(this.nodes[a]!, this.nodes[b]!));
  }

  /** A new graph of only the nodes reachable from `roots` (their indexes renumbered). */
  fromReachable(roots: readonly number[]): TreeGraph {
    const out = new TreeGraph();
    const remap = new Map<number, number>();
    const visit = (i: number): number => {
      const known = remap.get(i);
      if (known !== undefined) return known;
      const from = out.addNode(this.nodes[i]!);
      remap.set(i, from);
      for (const [kind, list] of this.edges[i]!) for (const to of list) out.addEdge(from, kind, visit(to));
      return from;
    };
    for (const r of roots) visit(r);
    return out;
  }

  invert(): void {
    const inverted: Map<EdgeKind, number[]>[] = this.nodes.map(() => new Map());
    this.edges.forEach((map, from) => {
      for (const [kind, list] of map) {
        for (const to of list) {
          let l = inverted[to]!.get(kind);
          if (!l) inverted[to]!.set(kind, (l = []));
          if (!l.includes(from)) l.push(from);
        }
      }
    });
    this.edges = inverted;
  }

  /** Package nodes whose name comes with more than one (id, features) pair, host and target counted as one. */
  findDuplicates(): number[] {
    const byName = new Map<string, number[]>();
    this.nodes.forEach((n, i) => {
      if (n.kind !== 'package') return;
      let l = byName.get(n.id.name);
      if (!l) byName.set(n.id.name, (l = []));
      l.push(i);
    });
    const dupes: number[] = [];
    for (const list of byName.values()) {
      const distinct = new Set(
        list.map((i) => {
          const n = this.nodes[i] as Extract<TreeNode, { kind: 'package' }>;
          return `${n.id.key}|${n.features.join(',')}`;
        }),
      );
      if (distinct.size > 1) dupes.push(...list);
    }
    return dupes.sort((a, b) => compareNodes(this.nodes[a]!, this.nodes[b]!));
  }
}

export interface GraphInput {
  readonly graph: LockGraph;
  readonly resolved: Resolve;
  readonly features: ResolvedFeatures;
  readonly targets: TargetData;
  readonly edgeKinds: ReadonlySet<EdgeKind>;
  readonly showAllTargets: boolean;
  readonly graphFeatures: boolean;
}

/** cargo's `add_pkg`: the node of a package for one use, with all its dependencies, depth first. */
function addPkg(g: TreeGraph, input: GraphInput, id: PackageId, ff: FeaturesFor, requested: CompileKind): number {
  const nodeKind: CompileKind = ff === 'host' ? { kind: 'host' } : requested;
  const node: TreeNode = { kind: 'package', id, features: input.features.activatedFeatures(id, ff), compileKind: nodeKind };
  const existing = g.find(node);
  if (existing !== undefined) return existing;
  const from = g.addNode(node);
  const depNames = new Map<string, { index: number; optional: boolean }[]>();
  for (const [depId, decls] of resolveDeps(input.graph, input.resolved, id.key)) {
    const kept = decls
      .filter((dep) => {
        const kind: CompileKind = nodeKind.kind === 'host' || dep.kind === 'build' ? { kind: 'host' } : nodeKind;
        if (!input.showAllTargets && !depPlatformActivated(dep, kind, input.targets)) return false;
        if (!input.edgeKinds.has(dep.kind)) return false;
        if (dep.optional && !input.features.isDepActivated(id, ff, dep.nameInToml)) return false;
        return true;
      })
      .sort((a, b) => cmpStr(a.nameInToml, b.nameInToml));
    if (kept.length === 0) continue;
    const depProcMacro = input.graph.summary(depId.key).procMacro;
    for (const dep of kept) {
      const depFf: FeaturesFor = dep.kind === 'build' || depProcMacro ? 'host' : ff;
      const depIndex = addPkg(g, input, depId, depFf, requested);
      if (input.graphFeatures) {
        let l = depNames.get(dep.nameInToml);
        if (!l) depNames.set(dep.nameInToml, (l = []));
        if (!l.some((x) => x.index === depIndex && x.optional === dep.optional)) l.push({ index: depIndex, optional: dep.optional });
        if (dep.usesDefaultFeatures) addFeature(g, 'default', from, depIndex, dep.kind);
        for (const f of dep.features) addFeature(g, f, from, depIndex, dep.kind);
        if (!dep.usesDefaultFeatures && dep.features.length === 0) g.addEdge(from, dep.kind, depIndex);
      } else {
        g.addEdge(from, dep.kind, depIndex);
      }
    }
  }
  if (input.graphFeatures) g.depNameMap.set(from, depNames);
  return from;
}

/** `from -kind-> feature node -feature-> to`; whether the feature node is new, and its index. */
function addFeature(g: TreeGraph, name: string, from: number | undefined, to: number, kind: EdgeKind): { missing: boolean; index: number } {
  const node: TreeNode = { kind: 'feature', nodeIndex: to, name };
  const found = g.find(node);
  const index = found ?? g.addNode(node);
  if (from !== undefined) g.addEdge(from, kind, index);
  g.addEdge(index, 'feature', to);
  return { missing: found === undefined, index };
}

function addCliFeatures(g: TreeGraph, input: GraphInput, packageIndex: number, request: MemberFeatures): void {
  const id = g.packageIdOf(packageIndex);
  const featureMap = input.graph.summary(id.key).features;
  // cargo collects these in a HashSet; the order only decides node indexes of command-line features.
  const toAdd: CliFeature[] = [];
  const push = (f: CliFeature) => {
    if (!toAdd.some((x) => JSON.stringify(x) === JSON.stringify(f))) toAdd.push(f);
  };
  if (request.allFeatures) for (const k of featureMap.keys()) push({ kind: 'feature', name: k });
  if (request.usesDefaultFeatures) push({ kind: 'feature', name: 'default' });
  for (const f of request.features) push(f);
  for (const fv of toAdd) {
    if (fv.kind === 'feature') {
      g.cliFeatures.add(addFeature(g, fv.name, undefined, packageIndex, 'feature').index);
      continue;
    }
    const connections = g.depNameMap.get(packageIndex)?.get(fv.dep);
    if (!connections) continue;
    for (const { index, optional } of connections) {
      if (optional) g.cliFeatures.add(addFeature(g, fv.dep, undefined, packageIndex, 'feature').index);
      g.cliFeatures.add(addFeature(g, fv.feature, undefined, index, 'feature').index);
    }
  }
}

/** Follow `[features]` tables from every feature node already in the graph. */
function addInternalFeatures(g: TreeGraph, input: GraphInput): void {
  const featureNodes: { pkg: number; feature: number; name: string }[] = [];
  g.nodes.forEach((n, i) => {
    if (n.kind === 'feature') featureNodes.push({ pkg: n.nodeIndex, feature: i, name: n.name });
  });
  for (const f of featureNodes) addFeatureRec(g, input, f.name, f.feature, f.pkg);
}

function addFeatureRec(g: TreeGraph, input: GraphInput, feature: string, from: number, packageIndex: number): void {
  const fvs: readonly FeatureValue[] | undefined = input.graph.summary(g.packageIdOf(packageIndex).key).features.get(feature);
  if (!fvs) return;
  for (const fv of fvs) {
    if (fv.kind === 'feature') {
      const r = addFeature(g, fv.name, from, packageIndex, 'feature');
      if (r.missing) addFeatureRec(g, input, fv.name, r.index, packageIndex);
    } else if (fv.kind === 'depFeature') {
      const connections = g.depNameMap.get(packageIndex)?.get(fv.dep);
      if (!connections) continue;
      for (const { index, optional } of connections) {
        if (optional && !fv.weak) addFeature(g, fv.dep, from, packageIndex, 'feature');
        const r = addFeature(g, fv.feature, from, index, 'feature');
        if (r.missing) addFeatureRec(g, input, fv.feature, r.index, index);
      }
    }
    // `dep:x` values: the dependency edge already shows it.
  }
}

/** A member with its command-line features, as the tree's roots are built from. */
export interface MemberFeatures {
  readonly id: PackageId;
  readonly features: readonly CliFeature[];
  readonly allFeatures: boolean;
  readonly usesDefaultFeatures: boolean;
}

export function buildTreeGraph(input: GraphInput, members: readonly MemberFeatures[]): TreeGraph {
  const g = new TreeGraph();
  const sorted = [...members].sort((a, b) => comparePackageId(a.id, b.id));
  for (const m of sorted) {
    const ff: FeaturesFor = input.graph.summary(m.id.key).procMacro ? 'host' : 'target';
    for (const kind of input.targets.requested) {
      const index = addPkg(g, input, m.id, ff, kind);
      if (input.graphFeatures) addCliFeatures(g, input, index, m);
    }
  }
  if (input.graphFeatures) addInternalFeatures(g, input);
  return g;
}
