// Graph and lock-diff figures for `npm run bench` (issue 12): on bigger-project (126 packages)
// and cargo2nix's own workspace (388), how long the worker takes to answer the graph (unfiltered,
// and filtered to x86_64-linux over normal and build edges, the graph view's interaction), how
// long ELK's layered layout takes with the page's options (elk.bundled.js in Node, the same engine
// the page runs in ELK's worker), and how long the lock diff takes for an older Cargo.lock and an
// older Cargo.nix. Each answer is checked (node counts, one bump found) so a wrong fast answer
// cannot pass for a figure.
//
//   tsx test/bench/graph.ts      (on its own; run.ts calls graphFigures unless --no-graph)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ELK from 'elkjs/lib/elk.bundled.js';
import { layoutGraph } from '../../src/lib/graph/layout.ts';
import { renderCargoNix } from '../../worker/render/cargo2nix/cargo-nix.ts';
import { dependencyGraph } from '../../worker/views/graph.ts';
import { lockDiff } from '../../worker/views/lock-diff.ts';
import { backendCase } from '../golden/backends/cases.ts';
import { summarise, type Stats } from './stats.ts';

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
  readonly layoutMs: Stats;
  readonly layoutSize: { readonly width: number; readonly height: number };
  readonly lockDiffMs: Stats;
  readonly nixDiffMs: Stats;
}

export interface GraphFigures {
  readonly cases: readonly GraphCaseFigures[];
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

async function caseFigures(label: string, progress: (s: string) => void): Promise<GraphCaseFigures> {
  const c = await backendCase(label);
  const ws = c.ws;
  progress(`graph: ${label} data`);
  const full = time(RUNS, () => dependencyGraph(ws));
  const filtered = time(RUNS, () => dependencyGraph(ws, { kinds: ['normal', 'build'], platform: 'x86_64-linux' }));

  progress(`graph: ${label} layout`);
  const elk = new ELK();
  const layoutSamples: number[] = [];
  let size = { width: 0, height: 0 };
  for (let i = 0; i < LAYOUT_RUNS; i++) {
    const t = performance.now();
    const placed = await layoutGraph(elk, full.last);
    layoutSamples.push(performance.now() - t);
    if (placed.nodes.size !== full.last.nodes.length) throw new Error(`layout placed ${placed.nodes.size} of ${full.last.nodes.length} crates`);
    size = { width: Math.round(placed.width), height: Math.round(placed.height) };
  }

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
    layoutMs: summarise(layoutSamples),
    layoutSize: size,
    lockDiffMs: lockRun.stats,
    nixDiffMs: nixRun.stats,
  };
}

export async function graphFigures(progress: (s: string) => void = () => {}): Promise<GraphFigures> {
  const cases: GraphCaseFigures[] = [];
  for (const label of ['crates-io/bigger-project', 'crates-io/cargo2nix-self']) cases.push(await caseFigures(label, progress));
  return { cases };
}

export function graphReport(f: GraphFigures): string[] {
  const m = (s: Stats) => s.median.toFixed(1).padStart(8);
  return [
    'Graph and lock diff (medians, ms; layout = ELK layered with the page options, in Node)',
    `  ${'case'.padEnd(26)}  ${'crates'.padStart(6)}  ${'edges'.padStart(5)}  ${'graph'.padStart(8)}  ${'filter'.padStart(8)}  ${'layout'.padStart(8)}  ${'lock diff'.padStart(9)}  ${'nix diff'.padStart(8)}`,
    ...f.cases.map(
      (c) =>
        `  ${c.name.padEnd(26)}  ${String(c.nodes).padStart(6)}  ${String(c.edges).padStart(5)}  ${m(c.graphMs)}  ${m(c.filterMs)}  ${m(c.layoutMs)}  ${m(c.lockDiffMs).padStart(9)}  ${m(c.nixDiffMs)}`,
    ),
    ...f.cases.map(
      (c) =>
        `  ${c.name}: filter keeps ${c.filteredNodes} crates (x86_64-linux, normal+build); drawing ${c.layoutSize.width}×${c.layoutSize.height} px`,
    ),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await graphFigures((s) => process.stderr.write(`  … ${s}\n`));
  process.stdout.write(graphReport(f).join('\n') + '\n');
}
