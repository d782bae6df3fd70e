// The graph grouped by member, laid out by the real elkjs in Node: one labelled box per cluster
// (each member's own crates, and the shared ones), every crate inside its box, boxes apart,
// every dependency drawn between its two crates (inside a box by ELK, across boxes as a curve),
// and the same picture every time. On the two multi-member workspaces the site bundles:
// debian/workspace (`workspace`: app, macros, util) and `workspace-members` (app, greeting), and on
// the bench's 396-crate multi-member workspace.
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { CLUSTER_LABEL_HEIGHT, clusterLabel, clusterOrder, layoutClustered } from '../../src/lib/graph/cluster-layout.ts';
import { labelWidth, layoutGraph, type GraphLayout, type PlacedNode } from '../../src/lib/graph/layout.ts';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { resolveWorkspace } from '../../worker/pipeline.ts';
import { dependencyGraph, SHARED_CLUSTER, type DependencyGraph } from '../../worker/views/graph.ts';
import { backendCase } from '../golden/backends/cases.ts';
import { exampleDir } from '../tools/build-examples.ts';
import { multiMemberGraph } from '../bench/graph.ts';
import { join } from 'node:path';
import { FIXTURES } from '../support/golden.ts';

const elk = new ELK();
const debianWorkspace = (await backendCase('debian/workspace')).ws;
const membersExample: ResolvedWorkspace = await resolveWorkspace(await readWorkspaceDir(exampleDir('workspace-members')), {
  source: new RegistryDirSource(join(FIXTURES, 'crates-io', 'registry')),
});

const inside = (n: PlacedNode, box: { x: number; y: number; width: number; height: number }) =>
  n.x >= box.x && n.y >= box.y + CLUSTER_LABEL_HEIGHT - 0.5 && n.x + n.width <= box.x + box.width + 0.5 && n.y + n.height <= box.y + box.height + 0.5;
const apart = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;

/** Every geometric promise of a grouped layout, checked against the graph it came from. */
function checkGrouped(g: DependencyGraph, placed: GraphLayout) {
  expect(placed.clusters.map((c) => c.name)).toEqual(clusterOrder(g));
  const boxes = new Map(placed.clusters.map((c) => [c.name, c]));
  expect(placed.nodes.size).toBe(g.nodes.length);
  for (const n of g.nodes) {
    const box = boxes.get(g.clusters.get(n.id)!)!;
    expect(inside(placed.nodes.get(n.id)!, box), `${n.name} inside ${box.name}`).toBe(true);
  }
  for (const box of placed.clusters) {
    expect(box.crates).toBe(g.nodes.filter((n) => g.clusters.get(n.id) === box.name).length);
    expect(box.width).toBeGreaterThanOrEqual(labelWidth(clusterLabel(box.name, box.crates)));
    expect(box.x + box.width).toBeLessThanOrEqual(placed.width + 0.5);
    expect(box.y + box.height).toBeLessThanOrEqual(placed.height + 0.5);
    for (const other of placed.clusters) if (other !== box) expect(apart(box, other), `${box.name} apart from ${other.name}`).toBe(true);
  }
  // Every dependency once, in the graph's order, from its crate's right side to its dependency's left side.
  expect(placed.edges.map((pe) => pe.edge)).toEqual(g.edges);
  for (const pe of placed.edges) {
    const from = placed.nodes.get(pe.edge.from)!;
    const to = placed.nodes.get(pe.edge.to)!;
    const start = pe.points[0]!;
    const end = pe.points[pe.points.length - 1]!;
    expect(start.x).toBeCloseTo(from.x + from.width, 0);
    expect(start.y).toBeGreaterThanOrEqual(from.y - 0.5);
    expect(start.y).toBeLessThanOrEqual(from.y + from.height + 0.5);
    expect(end.x).toBeCloseTo(to.x, 0);
    expect(end.y).toBeGreaterThanOrEqual(to.y - 0.5);
    expect(end.y).toBeLessThanOrEqual(to.y + to.height + 0.5);
    const across = g.clusters.get(pe.edge.from) !== g.clusters.get(pe.edge.to);
    expect(pe.curve).toBe(across);
    if (!across) continue;
    // A chain of cubic segments that never runs over another crate, nor through a third box.
    expect(pe.points.length % 3).toBe(1);
    const others = [...placed.nodes.values()].filter((n) => n !== from && n !== to);
    const ends = [g.clusters.get(pe.edge.from), g.clusters.get(pe.edge.to)];
    const thirdBoxes = placed.clusters.filter((c) => !ends.includes(c.name));
    for (const p of samples(pe.points)) {
      const hit = [...others, ...thirdBoxes].find((n) => p.x > n.x + 1 && p.x < n.x + n.width - 1 && p.y > n.y + 1 && p.y < n.y + n.height - 1);
      expect(hit && ('id' in hit ? hit.id : hit.name), `${pe.edge.from} → ${pe.edge.to} at ${p.x.toFixed(0)},${p.y.toFixed(0)}`).toBeUndefined();
    }
  }
}

/** Points along a chain of cubic Béziers, 20 per segment. */
function samples(points: readonly { x: number; y: number }[]): { x: number; y: number }[] {
  const out = [];
  for (let i = 0; i + 3 < points.length; i += 3) {
    const [a, b, c, d] = [points[i]!, points[i + 1]!, points[i + 2]!, points[i + 3]!];
    for (let k = 0; k <= 20; k++) {
      const t = k / 20;
      const u = 1 - t;
      const w = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t] as const;
      out.push({ x: w[0] * a.x + w[1] * b.x + w[2] * c.x + w[3] * d.x, y: w[0] * a.y + w[1] * b.y + w[2] * c.y + w[3] * d.y });
    }
  }
  return out;
}

describe('grouped by member', () => {
  it('debian/workspace: a box for app, macros, util and shared, each crate in its own', async () => {
    const g = dependencyGraph(debianWorkspace);
    const placed = await layoutClustered(elk, g);
    expect(placed.clusters.map((c) => [c.name, c.crates])).toEqual([
      ['app', 7],
      ['macros', 1],
      ['util', 1],
      [SHARED_CLUSTER, 7],
    ]);
    checkGrouped(g, placed);
    // app depends on util, and both reach the shared crates: members above what they use.
    const box = (name: string) => placed.clusters.find((c) => c.name === name)!;
    expect(box('app').y + box('app').height).toBeLessThanOrEqual(box('util').y);
    expect(box('util').y + box('util').height).toBeLessThanOrEqual(box(SHARED_CLUSTER).y);
    // Near the canvas' shape (about 1.6:1 on a desktop), not one long row: a side by side row of
    // these boxes made it 10:1 (1846×179 px), unreadable when fitted.
    expect(placed.width / placed.height).toBeGreaterThan(1);
    expect(placed.width / placed.height).toBeLessThan(2.5);
    expect(placed.edges.some((pe) => pe.curve)).toBe(true);
    expect(placed.edges.some((pe) => !pe.curve)).toBe(true);
  });

  it('workspace-members: a box for app and one for greeting', async () => {
    const g = dependencyGraph(membersExample);
    expect(g.members).toEqual(['app', 'greeting']);
    const placed = await layoutClustered(elk, g);
    expect(placed.clusters.map((c) => c.name)).toEqual(clusterOrder(g));
    expect(placed.clusters.map((c) => c.name)).toContain('app');
    expect(placed.clusters.map((c) => c.name)).toContain('greeting');
    checkGrouped(g, placed);
  });

  it('keeps to the filters: a filtered or focused graph is boxed the same way', async () => {
    const g = dependencyGraph(debianWorkspace, { kinds: ['normal'], platform: 'x86_64-windows-gnu' });
    const placed = await layoutClustered(elk, g);
    checkGrouped(g, placed);
    // Only the members, no edge between them: three boxes of one crate each, nothing shared.
    const none = dependencyGraph(debianWorkspace, { kinds: [] });
    const bare = await layoutClustered(elk, none);
    expect(bare.clusters.map((c) => [c.name, c.crates])).toEqual([
      ['app', 1],
      ['macros', 1],
      ['util', 1],
    ]);
    checkGrouped(none, bare);
  });

  it("a bigger workspace: cargo2nix-self's graph with 8 more members (the bench's), 396 crates in 10 boxes", async () => {
    const g = multiMemberGraph(dependencyGraph((await backendCase('crates-io/cargo2nix-self')).ws), 8);
    const placed = await layoutClustered(elk, g);
    expect(placed.clusters.length).toBe(10);
    expect(placed.clusters.at(-1)!.name).toBe(SHARED_CLUSTER);
    expect(placed.edges.filter((pe) => pe.curve).length).toBeGreaterThan(20);
    checkGrouped(g, placed);
  }, 60_000);

  it('draws the same picture every time', async () => {
    const g = dependencyGraph(debianWorkspace);
    const a = await layoutClustered(elk, g);
    const b = await layoutClustered(new ELK(), dependencyGraph(debianWorkspace));
    const plain = (l: GraphLayout) => JSON.stringify({ ...l, nodes: [...l.nodes] });
    expect(plain(b)).toBe(plain(a));
  });

  it('the flat layout has no boxes', async () => {
    const flat = await layoutGraph(elk, dependencyGraph(debianWorkspace));
    expect(flat.clusters).toEqual([]);
    expect(flat.edges.every((pe) => !pe.curve)).toBe(true);
  });
});
