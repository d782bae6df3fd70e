// The dependency graph laid out by ELK's layered algorithm (left to right:
// members on the left, what they depend on to the right), with options that
// keep a 400-crate graph to seconds rather than minutes: one pass of
// crossing minimisation, simple node placement, polyline edges. ELK itself
// is passed in, so the page runs it in its own worker and the bench in Node.
import type { ELK, ElkNode } from 'elkjs/lib/elk-api.js';
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
  readonly points: readonly Point[];
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: ReadonlyMap<string, PlacedNode>;
  readonly edges: readonly PlacedEdge[];
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

/** ELK's input: one box per crate, sized for its label, one edge per dependency. */
export function elkInput(graph: DependencyGraph): ElkNode {
  return {
    id: 'root',
    layoutOptions: { ...LAYOUT_OPTIONS },
    children: graph.nodes.map((n) => ({ id: n.id, width: Math.ceil(nodeLabel(n).length * CHAR_WIDTH) + PADDING, height: NODE_HEIGHT })),
    edges: graph.edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  };
}

export async function layoutGraph(elk: ELK, graph: DependencyGraph): Promise<GraphLayout> {
  const out = await elk.layout(elkInput(graph));
  const nodes = new Map<string, PlacedNode>();
  for (const c of out.children ?? []) nodes.set(c.id, { id: c.id, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? NODE_HEIGHT });
  const edges: PlacedEdge[] = [];
  for (const e of out.edges ?? []) {
    const edge = graph.edges[Number(e.id.slice(1))];
    const s = e.sections?.[0];
    if (edge && s) edges.push({ edge, points: [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] });
  }
  return { width: out.width ?? 0, height: out.height ?? 0, nodes, edges };
}
