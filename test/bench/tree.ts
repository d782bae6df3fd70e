// Tree view figures for `npm run bench` (issue 12): how long the worker's insight.tree query takes
// on bigger-project (126 packages) and cargo2nix's own workspace (388): the first query of a run
// (it builds the tree's workspace facts) and then the view's interactions — the default tree,
// `-e features`, `--target all`, `-i <crate>`, `--no-dedupe --depth 3` and `--no-dedupe` (109,000 lines on
// cargo2nix-self; it includes the size check that refuses trees of millions of lines). Each answer is checked
// (bigger-project's default tree against Debian's cargo's golden output, every node linked) so a
// wrong fast answer cannot pass for a figure.
//
//   tsx test/bench/tree.ts      (on its own; run.ts calls treeFigures unless --no-tree)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TreeSource, treeQuery, type TreeAnswer, type TreeRequest } from '../../worker/browser/tree-query.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { loadSummaries, parseInputs } from '../../worker/pipeline.ts';
import { FIXTURES } from '../support/golden.ts';
import { summarise, type Stats } from './stats.ts';

const RUNS = 15;

export interface TreeQueryFigures {
  readonly label: string;
  readonly lines: number;
  readonly ms: Stats;
}

export interface TreeCaseFigures {
  readonly name: string;
  readonly packages: number;
  /** The first query after a run (builds the workspace facts), one sample per fresh source. */
  readonly firstMs: Stats;
  readonly queries: readonly TreeQueryFigures[];
}

export interface TreeFigures {
  readonly cases: readonly TreeCaseFigures[];
}

function checked(name: string, label: string, a: TreeAnswer): Extract<TreeAnswer, { ok: true }> {
  if (!a.ok) throw new Error(`${name} ${label}: ${a.error.message}`);
  const nodes = a.text.split('\n').filter((l) => l !== '' && !/^[\s│|]*\[[a-z-]+\]$/.test(l)).length;
  if (a.spans.length !== nodes) throw new Error(`${name} ${label}: ${a.spans.length} links for ${nodes} nodes`);
  return a;
}

async function caseFigures(name: string, invert: string, progress: (s: string) => void): Promise<TreeCaseFigures> {
  progress(`tree: ${name}`);
  const inputs = parseInputs(await readWorkspaceDir(join(FIXTURES, 'crates-io', 'cases', name)));
  const summaries = await loadSummaries(inputs, { source: new RegistryDirSource(join(FIXTURES, 'crates-io', 'registry')) });
  const first: number[] = [];
  for (let i = 0; i < 5; i++) {
    const source = new TreeSource(inputs, summaries);
    const t = performance.now();
    checked(name, 'first', treeQuery(source, {}));
    first.push(performance.now() - t);
  }
  const source = new TreeSource(inputs, summaries);
  const requests: [string, TreeRequest][] = [
    ['default', {}],
    ['-e features', { edges: ['features'] }],
    ['--target all', { target: ['all'] }],
    [`-i ${invert}`, { invert: [invert] }],
    ['--no-dedupe --depth 3', { noDedupe: true, depth: 3 }],
    ['--no-dedupe', { noDedupe: true }],
  ];
  const queries: TreeQueryFigures[] = [];
  for (const [label, request] of requests) {
    const samples: number[] = [];
    let last!: Extract<TreeAnswer, { ok: true }>;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      last = checked(name, label, treeQuery(source, request));
      samples.push(performance.now() - t);
    }
    if (name === 'bigger-project' && label === 'default') {
      const golden = readFileSync(join(FIXTURES, 'tree', 'crates-io', 'bigger-project', 'host.txt'), 'utf8');
      if (last.text !== golden) throw new Error('bigger-project: the default tree differs from cargo');
    }
    queries.push({ label, lines: last.text.split('\n').length - 1, ms: summarise(samples) });
  }
  return { name, packages: inputs.lock.packages.length, firstMs: summarise(first), queries };
}

export async function treeFigures(progress: (s: string) => void = () => {}): Promise<TreeFigures> {
  return { cases: [await caseFigures('bigger-project', 'openssl-sys', progress), await caseFigures('cargo2nix-self', 'syn@2.0.99', progress)] };
}

export function treeReport(f: TreeFigures): string[] {
  const m = (s: Stats) => s.median.toFixed(1).padStart(7);
  return [
    'Tree view: insight.tree in the worker (medians, ms; first = the first query after a run)',
    ...f.cases.flatMap((c) => [
      `  ${c.name} (${c.packages} packages): first ${m(c.firstMs)}`,
      ...c.queries.map((q) => `    ${q.label.padEnd(26)} ${m(q.ms)}   ${String(q.lines).padStart(6)} lines`),
    ]),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await treeFigures((s) => process.stderr.write(`  … ${s}\n`));
  process.stdout.write(treeReport(f).join('\n') + '\n');
}
