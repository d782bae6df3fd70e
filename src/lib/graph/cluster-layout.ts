// The dependency graph grouped by member: each cluster (the crates only one member reaches, with
// that member, and the shared ones) is laid out as its own small layered graph inside a labelled
// box (left to right, like the flat graph), and the boxes are laid out as one layered graph from
// top to bottom whose edges are the cross-cluster dependencies aggregated per pair of clusters:
// members above what they use. Stacking the boxes keeps the drawing near the canvas' shape (a
// row of boxes side by side made the bundled 3-member example about 10:1, unreadable at Fit).
// One ELK call does both with ELK's default SEPARATE_CHILDREN hierarchy handling (each box's
// content first, then the boxes), which costs about what the flat layout costs; INCLUDE_CHILDREN
// (one layout across the hierarchy) took far longer on 400 crates. The cross-cluster
// dependencies themselves are then routed between the placed crates along ELK's route for their
// pair of boxes by cross-route.ts.
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { SHARED_CLUSTER, type DependencyGraph } from '../../../worker/views/graph.ts';
import { crossRoute } from './cross-route.ts';
import {
  elkNode,
  labelWidth,
  LAYOUT_OPTIONS,
  NODE_HEIGHT,
  sectionPoints,
  type GraphLayout,
  type PlacedCluster,
  type PlacedEdge,
  type PlacedNode,
  type Point,
} from './layout.ts';

/** Room above a box's crates for its label. */
export const CLUSTER_LABEL_HEIGHT = 26;
const CLUSTER_PADDING = 12;
/** ELK ids of boxes: a crate's id (crateKey) never starts with a space. */
const BOX_PREFIX = ' cluster ';

/** The boxes between them: top to bottom, farther apart than crates, so the curves between rows of boxes have room. */
const BOXES_OPTIONS: Readonly<Record<string, string>> = {
  ...LAYOUT_OPTIONS,
  'elk.direction': 'DOWN',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '60',
  // Room for the channels that run just outside the top and bottom boxes (cross-route.ts).
  'elk.padding': '[top=10,left=0,bottom=10,right=0]',
};

/** The label drawn at the top of a box. */
export function clusterLabel(name: string, crates: number): string {
  return `${name === SHARED_CLUSTER ? 'shared by several members' : name} · ${crates} crate${crates === 1 ? '' : 's'}`;
}

/** The graph's clusters that hold crates: members in cargo's order, then `shared`. */
export function clusterOrder(graph: DependencyGraph): string[] {
  const present = new Set<string>();
  for (const n of graph.nodes) present.add(graph.clusters.get(n.id) ?? SHARED_CLUSTER);
  const order = graph.members.filter((m) => present.has(m));
  // `shared` last; anything else (no member of that name) before it, by name, so the order is fixed.
  const rest = [...present].filter((c) => c !== SHARED_CLUSTER && !graph.members.includes(c)).sort();
  return [...order, ...rest, ...(present.has(SHARED_CLUSTER) ? [SHARED_CLUSTER] : [])];
}

/** ELK's input: one compound node per cluster holding its crates and its own edges, and one edge per pair of clusters that depend on each other. */
export function clusteredElkInput(graph: DependencyGraph): ElkNode {
  const clusterOf = (id: string) => graph.clusters.get(id) ?? SHARED_CLUSTER;
  const order = clusterOrder(graph);
  const crates = new Map<string, ElkNode[]>(order.map((c) => [c, []]));
  for (const n of graph.nodes) crates.get(clusterOf(n.id))!.push(elkNode(n));
  const inner = new Map<string, ElkExtendedEdge[]>(order.map((c) => [c, []]));
  const between = new Map<string, ElkExtendedEdge>();
  graph.edges.forEach((e, i) => {
    const from = clusterOf(e.from);
    const to = clusterOf(e.to);
    if (from === to) inner.get(from)!.push({ id: `e${i}`, sources: [e.from], targets: [e.to] });
    else {
      const key = `${from}\u0000${to}`;
      if (!between.has(key)) between.set(key, { id: `c${between.size}`, sources: [BOX_PREFIX + from], targets: [BOX_PREFIX + to] });
    }
  });
  return {
    id: 'root',
    layoutOptions: { ...BOXES_OPTIONS },
    children: order.map((c) => ({
      id: BOX_PREFIX + c,
      layoutOptions: {
        ...LAYOUT_OPTIONS,
        'elk.padding': `[top=${CLUSTER_LABEL_HEIGHT},left=${CLUSTER_PADDING},bottom=${CLUSTER_PADDING},right=${CLUSTER_PADDING}]`,
        // At least as wide as its label.
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${labelWidth(clusterLabel(c, crates.get(c)!.length))}, ${CLUSTER_LABEL_HEIGHT + NODE_HEIGHT})`,
      },
      children: crates.get(c)!,
      edges: inner.get(c)!,
    })),
    edges: [...between.values()],
  };
}

export async function layoutClustered(elk: ELK, graph: DependencyGraph): Promise<GraphLayout> {
  const clusterOf = (id: string) => graph.clusters.get(id) ?? SHARED_CLUSTER;
  const out = await elk.layout(clusteredElkInput(graph));
  // ELK's route between each pair of boxes, by the pair's names (the skeleton cross-route.ts follows).
  const skeletons = new Map<string, Point[]>();
  for (const e of out.edges ?? []) {
    const points = sectionPoints(e);
    if (points) skeletons.set(`${e.sources[0]!.slice(BOX_PREFIX.length)}\u0000${e.targets[0]!.slice(BOX_PREFIX.length)}`, points);
  }
  const nodes = new Map<string, PlacedNode>();
  const clusters: PlacedCluster[] = [];
  const innerEdges = new Map<number, readonly Point[]>();
  for (const box of out.children ?? []) {
    const bx = box.x ?? 0;
    const by = box.y ?? 0;
    clusters.push({
      name: box.id.slice(BOX_PREFIX.length),
      x: bx,
      y: by,
      width: box.width ?? 0,
      height: box.height ?? 0,
      crates: box.children?.length ?? 0,
    });
    for (const c of box.children ?? [])
      nodes.set(c.id, { id: c.id, x: bx + (c.x ?? 0), y: by + (c.y ?? 0), width: c.width ?? 0, height: c.height ?? NODE_HEIGHT });
    // A box's own edges come back in the box's coordinates.
    for (const e of box.edges ?? []) {
      const points = sectionPoints(e, bx, by);
      if (points) innerEdges.set(Number(e.id.slice(1)), points);
    }
  }
  const boxOf = new Map(clusters.map((c) => [c.name, c]));
  const peers = new Map<string, PlacedNode[]>(clusters.map((c) => [c.name, []]));
  for (const n of graph.nodes) {
    const placed = nodes.get(n.id);
    if (placed) peers.get(clusterOf(n.id))?.push(placed);
  }
  const edges: PlacedEdge[] = [];
  graph.edges.forEach((edge, i) => {
    const inner = innerEdges.get(i);
    if (inner) return edges.push({ edge, points: inner, curve: false });
    const from = nodes.get(edge.from);
    const to = nodes.get(edge.to);
    const fromBox = boxOf.get(clusterOf(edge.from));
    const toBox = boxOf.get(clusterOf(edge.to));
    if (from && to && fromBox && toBox && fromBox !== toBox)
      edges.push({
        edge,
        points: crossRoute(
          from,
          fromBox,
          peers.get(fromBox.name)!,
          to,
          toBox,
          peers.get(toBox.name)!,
          skeletons.get(`${fromBox.name}\u0000${toBox.name}`),
        ),
        curve: true,
      });
  });
  // A channel runs just outside a box: the drawing holds it all.
  let width = out.width ?? 0;
  let height = out.height ?? 0;
  for (const pe of edges) {
    if (!pe.curve) continue;
    for (const p of pe.points) {
      width = Math.max(width, p.x);
      height = Math.max(height, p.y);
    }
  }
  return { width, height, nodes, edges, clusters };
}
