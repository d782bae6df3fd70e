// The part of a dependency graph one member reaches: its own crates and the shared ones it uses.
import type { DependencyGraph } from '../../../worker/views/graph.ts';

export function focusOnMember(g: DependencyGraph, member: string): DependencyGraph {
  const start = g.nodes.find((n) => n.member && n.name === member);
  if (!start) return g;
  const out = new Map<string, string[]>();
  for (const e of g.edges) {
    let list = out.get(e.from);
    if (!list) out.set(e.from, (list = []));
    list.push(e.to);
  }
  const seen = new Set([start.id]);
  const queue = [start.id];
  for (let i = 0; i < queue.length; i++) {
    for (const to of out.get(queue[i]!) ?? []) {
      if (seen.has(to)) continue;
      seen.add(to);
      queue.push(to);
    }
  }
  return { ...g, nodes: g.nodes.filter((n) => seen.has(n.id)), edges: g.edges.filter((e) => seen.has(e.from) && seen.has(e.to)) };
}
