// Graph and lock-diff figures for `npm run bench` (issue 12): on bigger-project (126 packages)
// and cargo2nix's own workspace (388), how long the worker takes to answer the graph (unfiltered,
// and filtered to x86_64-linux over normal and build edges, the graph view's interaction), how
// long ELK takes to lay it out with the page's options, flat and grouped by member (elk.bundled.js
// in Node, the same engine the page runs in ELK's worker), and how long the lock diff takes for an
// older Cargo.lock and an older Cargo.nix. The layouts are also timed on a multi-member workspace
// made from cargo2nix-self's graph (below: no golden case has more than three members), and on the
// bundled 3-member `workspace` example (debian/workspace), whose grouped drawing's shape is the
// figure that matters there (boxes stacked to about the canvas' shape, not one long row). Each answer
// is checked (node counts, every crate placed, one bump found) so a wrong fast answer cannot pass
// for a figure.
//
//   tsx test/bench/graph.ts      (on its own; run.ts calls graphFigures unless --no-graph)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ELK as ElkApi } from 'elkjs/lib/elk-api.js';
import { layoutClustered } from '../../src/lib/graph/cluster-layout.ts';
import { layoutGraph, type GraphLayout } from '../../src/lib/graph/layout.ts';
import { renderCargoNix } from '../../worker/render/cargo2nix/cargo-nix.ts';
import { dependencyGraph, memberClusters, type DependencyGraph, type GraphEdge, type GraphNode } from '../../worker/views/graph.ts';
import { lockDiff } from '../../worker/views/lock-diff.ts';
import { backendCase } from '../golden/backends/cases.ts';
import { summarise, type Stats } from './stats.ts';
import { prng } from './synthetic.ts';

const RUNS = 15;
const LAYOUT_RUNS = 3;

export interface GraphCaseFigures {
  readonly name: string;
  readonly crates: number;
  readonly nodes: number;
  readonly edges: number;
  readonly graphMs: Stats;
  readonly filteredNodes: number;
  readonly filterMs: Stats;
  readonly layout: LayoutFigures;
  readonly lockDiffMs: Stats;
  readonly nixDiffMs: Stats;
}

export interface LayoutFigures {
  readonly flatMs: Stats;
  readonly flatSize: { readonly width: number; readonly height: number };
  readonly clusteredMs: Stats;
  readonly clusteredSize: { readonly width: number; readonly height: number };
  readonly clusters: number;
}

export interface LayoutCase {
  readonly name: string;
  readonly nodes: number;
  readonly edges: number;
  readonly layout: LayoutFigures;
}

export interface GraphFigures {
  readonly cases: readonly GraphCaseFigures[];
  /** The layouts of a synthetic multi-member workspace. */
  readonly members: LayoutCase;
  /** The layouts of the bundled 3-member `workspace` example. */
  readonly workspace: LayoutCase;
}

function time<T>(runs: number, f: () => T): { stats: Stats; last: T } {
  const samples: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = f();
    samples.push(performance.now() - t);
  }
  return { stats: summarise(samples), last };
}

/** Both layouts of one graph, LAYOUT_RUNS times each (taking turns), every crate checked placed. */
async function layoutFigures(graph: DependencyGraph): Promise<LayoutFigures> {
  const elk = new ELK();
  const flat: number[] = [];
  const clustered: number[] = [];
  let flatSize = { width: 0, height: 0 };
  let clusteredSize = { width: 0, height: 0 };
  let clusters = 0;
  const run = async (f: (elk: ElkApi, g: DependencyGraph) => Promise<GraphLayout>, samples: number[]) => {
    const t = performance.now();
    const placed = await f(elk, graph);
    samples.push(performance.now() - t);
    if (placed.nodes.size !== graph.nodes.length) throw new Error(`layout placed ${placed.nodes.size} of ${graph.nodes.length} crates`);
    if (placed.edges.length !== graph.edges.length) throw new Error(`layout drew ${placed.edges.length} of ${graph.edges.length} edges`);
    return placed;
  };
  for (let i = 0; i < LAYOUT_RUNS; i++) {
    const a = await run(layoutGraph, flat);
    flatSize = { width: Math.round(a.width), height: Math.round(a.height) };
    const b = await run(layoutClustered, clustered);
    clusteredSize = { width: Math.round(b.width), height: Math.round(b.height) };
    clusters = b.clusters.length;
  }
  return { flatMs: summarise(flat), flatSize, clusteredMs: summarise(clustered), clusteredSize, clusters };
}

/**
 * cargo2nix-self's graph with `extra` more path members, as a workspace of tools and libraries
 * would have: each new member depends on 2 to 7 crates cargo2nix depends on directly and on 0 to
 * 2 crates deeper down, and every third one also on the member before it. Clusters are computed
 * as dependencyGraph computes them.
 */
export function multiMemberGraph(base: DependencyGraph, extra: number, seed = 12): DependencyGraph {
  const next = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const root = base.nodes.find((n) => n.member)!;
  const direct = [...new Set(base.edges.filter((e) => e.from === root.id && e.kind === 'normal').map((e) => e.to))];
  const deeper = base.nodes.filter((n) => !n.member && !direct.includes(n.id)).map((n) => n.id);
  const nodes: GraphNode[] = [...base.nodes];
  const edges: GraphEdge[] = [...base.edges];
  const names = [root.name];
  for (let i = 0; i < extra; i++) {
    const name = `tool-${i + 1}`;
    const id = `unknown ${name} 0.1.0`;
    nodes.unshift({ id, name, version: '0.1.0', member: true, procMacro: false, native: false, source: 'path' });
    const targets = new Set<string>();
    for (let k = 2 + Math.floor(next() * 6); k > 0; k--) targets.add(pick(direct));
    for (let k = Math.floor(next() * 3); k > 0; k--) targets.add(pick(deeper));
    if (i > 0 && i % 3 === 0) targets.add(`unknown ${names[names.length - 1]} 0.1.0`);
    for (const to of [...targets].sort())
      edges.push({ from: id, to, kind: 'normal', name: to.split(' ')[1]!, procMacro: false, optional: false, gates: [], platforms: [] });
    names.push(name);
  }
  const memberIds = new Map(nodes.filter((n) => n.member).map((n) => [n.id, n.name]));
  const out = new Map<string, GraphEdge[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e]);
  return { nodes, edges, members: names, clusters: memberClusters(memberIds, out) };
}

async function caseFigures(label: string, progress: (s: string) => void): Promise<GraphCaseFigures> {
  const c = await backendCase(label);
  const ws = c.ws;
  progress(`graph: ${label} data`);
  const full = time(RUNS, () => dependencyGraph(ws));
  const filtered = time(RUNS, () => dependencyGraph(ws, { kinds: ['normal', 'build'], platform: 'x86_64-linux' }));

  progress(`graph: ${label} layout`);
  const layout = await layoutFigures(full.last);

  progress(`graph: ${label} lock diff`);
  const lock = readFileSync(join(c.golden.dir, 'Cargo.lock'), 'utf8');
  const first = ws.crates.find((x) => x.source.kind === 'registry')!;
  const header = `name = "${first.id.name}"\nversion = "${first.id.version}"`;
  const olderLock = lock
    .replace(header, `name = "${first.id.name}"\nversion = "0.0.1"`)
    .replaceAll(`"${first.id.name} ${first.id.version}"`, `"${first.id.name} 0.0.1"`);
  const lockRun = time(RUNS, () => lockDiff(olderLock, { lock, cargoNix: undefined }));
  if (lockRun.last.counts.bumped !== 1) throw new Error(`${label}: the edited lock should show one bump, not ${lockRun.last.counts.bumped}`);
  const nix = renderCargoNix(ws);
  const olderNix = nix.replace(`.${first.id.name}."${first.id.version}" = `, `.${first.id.name}."0.0.1" = `);
  const nixRun = time(RUNS, () => lockDiff(olderNix, { lock, cargoNix: nix }));
  if (nixRun.last.counts.bumped !== 1) throw new Error(`${label}: the edited Cargo.nix should show one bump, not ${nixRun.last.counts.bumped}`);

  return {
    name: label,
    crates: ws.crates.length,
    nodes: full.last.nodes.length,
    edges: full.last.edges.length,
    graphMs: full.stats,
    filteredNodes: filtered.last.nodes.length,
    filterMs: filtered.stats,
    layout,
    lockDiffMs: lockRun.stats,
    nixDiffMs: nixRun.stats,
  };
}

export async function graphFigures(progress: (s: string) => void = () => {}): Promise<GraphFigures> {
  const cases: GraphCaseFigures[] = [];
  for (const label of ['crates-io/bigger-project', 'crates-io/cargo2nix-self']) cases.push(await caseFigures(label, progress));
  progress('graph: multi-member layout');
  const g = multiMemberGraph(dependencyGraph((await backendCase('crates-io/cargo2nix-self')).ws), 8);
  const clusterCount = new Set(g.clusters.values()).size;
  if (clusterCount < 5) throw new Error(`the synthetic workspace should spread over many clusters, not ${clusterCount}`);
  const members = { name: 'cargo2nix-self + 8 members', nodes: g.nodes.length, edges: g.edges.length, layout: await layoutFigures(g) };
  progress('graph: workspace example layout');
  const w = dependencyGraph((await backendCase('debian/workspace')).ws);
  const workspace = { name: 'workspace (3 members)', nodes: w.nodes.length, edges: w.edges.length, layout: await layoutFigures(w) };
  return { cases, members, workspace };
}

export function graphReport(f: GraphFigures): string[] {
  const m = (s: Stats) => s.median.toFixed(1).padStart(8);
  const size = (s: { width: number; height: number }) => `${s.width}×${s.height} px (${(s.width / Math.max(s.height, 1)).toFixed(1)}:1)`;
  const layoutRows = [...f.cases, f.members, f.workspace].map(
    (c) =>
      `  ${c.name.padEnd(26)}  ${String(c.nodes).padStart(6)}  ${m(c.layout.flatMs)}  ${m(c.layout.clusteredMs)}  ${String(c.layout.clusters).padStart(5)}   flat ${size(c.layout.flatSize)}, grouped ${size(c.layout.clusteredSize)}`,
  );
  return [
    'Graph and lock diff (medians, ms)',
    `  ${'case'.padEnd(26)}  ${'crates'.padStart(6)}  ${'edges'.padStart(5)}  ${'graph'.padStart(8)}  ${'filter'.padStart(8)}  ${'lock diff'.padStart(9)}  ${'nix diff'.padStart(8)}`,
    ...f.cases.map(
      (c) =>
        `  ${c.name.padEnd(26)}  ${String(c.nodes).padStart(6)}  ${String(c.edges).padStart(5)}  ${m(c.graphMs)}  ${m(c.filterMs)}  ${m(c.lockDiffMs).padStart(9)}  ${m(c.nixDiffMs)}`,
    ),
    ...f.cases.map((c) => `  ${c.name}: filter keeps ${c.filteredNodes} crates (x86_64-linux, normal+build)`),
    `Graph layout (medians of ${LAYOUT_RUNS}, ms; ELK layered with the page options, in Node): flat, and grouped by member`,
    `  ${'case'.padEnd(26)}  ${'crates'.padStart(6)}  ${'flat'.padStart(8)}  ${'grouped'.padStart(8)}  boxes   drawing`,
    ...layoutRows,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await graphFigures((s) => process.stderr.write(`  … ${s}\n`));
  process.stdout.write(graphReport(f).join('\n') + '\n');
}
