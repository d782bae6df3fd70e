// The dependency graph laid out by ELK's layered algorithm (left to right:
// members on the left, what they depend on to the right), with options that
// keep a 400-crate graph to seconds rather than minutes: one pass of
// crossing minimisation, simple node placement, polyline edges. ELK itself
// is passed in, so the page runs it in its own worker and the bench in Node.
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { DependencyGraph, GraphEdge } from '../../../worker/views/graph.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedNode {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedEdge {
  readonly edge: GraphEdge;
  /** A polyline; when {@link curve}, a chain of cubic Béziers instead: the start, then two control points and an end per segment. */
  readonly points: readonly Point[];
  readonly curve: boolean;
}

/** A cluster's box (cluster-layout.ts): a member's crates, or the shared ones. */
export interface PlacedCluster {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly crates: number;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  /** Every coordinate is the drawing's, whatever box a crate sits in. */
  readonly nodes: ReadonlyMap<string, PlacedNode>;
  readonly edges: readonly PlacedEdge[];
  /** Empty when the layout is not grouped by member. */
  readonly clusters: readonly PlacedCluster[];
}

export const NODE_HEIGHT = 22;
/** Monospace label width per character at the drawing's font size, plus padding. */
const CHAR_WIDTH = 7.2;
const PADDING = 14;

export const LAYOUT_OPTIONS: Readonly<Record<string, string>> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.thoroughness': '1',
  'elk.layered.nodePlacement.strategy': 'SIMPLE',
  'elk.edgeRouting': 'POLYLINE',
  'elk.spacing.nodeNode': '8',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.layered.spacing.edgeNodeBetweenLayers': '12',
};

export function nodeLabel(n: { readonly name: string; readonly version: string }): string {
  return `${n.name} ${n.version}`;
}

/** How wide a label of the drawing's font is, padding included. */
export function labelWidth(text: string): number {
  return Math.ceil(text.length * CHAR_WIDTH) + PADDING;
}

/** The box a crate is drawn in, sized for its label. */
export function elkNode(n: { readonly id: string; readonly name: string; readonly version: string }): ElkNode {
  return { id: n.id, width: labelWidth(nodeLabel(n)), height: NODE_HEIGHT };
}

/** ELK's input: one box per crate, one edge per dependency (`e<index in graph.edges>`). */
export function elkInput(graph: DependencyGraph): ElkNode {
  return {
    id: 'root',
    layoutOptions: { ...LAYOUT_OPTIONS },
    children: graph.nodes.map(elkNode),
    edges: graph.edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  };
}

/** An ELK edge's route as our polyline, moved by the offset of the node that contains it. */
export function sectionPoints(e: ElkExtendedEdge, dx = 0, dy = 0): Point[] | undefined {
  const s = e.sections?.[0];
  if (!s) return undefined;
  return [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: p.x + dx, y: p.y + dy }));
}

export async function layoutGraph(elk: ELK, graph: DependencyGraph): Promise<GraphLayout> {
  const out = await elk.layout(elkInput(graph));
  const nodes = new Map<string, PlacedNode>();
  for (const c of out.children ?? []) nodes.set(c.id, { id: c.id, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? NODE_HEIGHT });
  const edges: PlacedEdge[] = [];
  for (const e of out.edges ?? []) {
    const edge = graph.edges[Number(e.id.slice(1))];
    const points = sectionPoints(e);
    if (edge && points) edges.push({ edge, points, curve: false });
  }
  return { width: out.width ?? 0, height: out.height ?? 0, nodes, edges, clusters: [] };
}
