// `npm run bench`: generation time and memory, measured here rather than by
// timed assertions in tests. Each measurement runs in a fresh child process
// (one.ts) so JIT warm-up and heap peaks of one size do not colour the next.
// Prints tables to stdout and writes every figure, raw samples included, to
// test-results/bench/results.json.
//
//   npm run bench [-- --sizes 100,400,1000 --runner ts|tsx --profile --no-tsx-compare --no-site --no-cli --no-nar --no-edge --no-git-edge --no-cold --no-share --no-share-site --no-graph --no-insight --no-tree --cli-runs N]
//
// --runner ts (default) loads the TypeScript through plain type erasure, close
// to what Vite ships; --runner tsx measures the generator as `npm run
// generate` runs it (see ts-hooks.mjs for why the two differ).
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, arch } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CLI_WAYS, cliFigures, type CliFigures } from './cli.ts';
import type { GoldenResult, SyntheticResult } from './one.ts';
import { summariseProfile, type ProfileSummary } from './profile.ts';
import { PHASES } from './phases.ts';
import { siteFigures, type SiteFigures } from './site.ts';
import { narFigures, narReport, type NarFigures } from './nar.ts';
import { edgeFigures, edgeReport, type EdgeFigures } from './edge.ts';
import { gitEdgeFigures, gitEdgeReport, type GitEdgeFigures } from './git-edge.ts';
import { coldFigures, coldReport, type ColdFigures } from './cold.ts';
import { shareFigures, shareReport, type ShareFigures } from './share.ts';
import { insightFigures, insightReport, type InsightFigures } from './insight.ts';
import { shareSiteFigures, shareSiteReport, type ShareSiteFigures } from './share-site.ts';
import { graphFigures, graphReport, type GraphFigures } from './graph.ts';
import { treeFigures, treeReport, type TreeFigures } from './tree.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT_DIR = join(ROOT, 'test-results', 'bench');
const GOLDEN_REGISTRY = join(ROOT, 'test', 'fixtures', 'crates-io', 'registry');
/** Real workspaces: the 126-package cargo2nix example and cargo2nix's own 388-package lock (the large real-world case). */
const GOLDEN_CASES = ['bigger-project', 'cargo2nix-self'].map((name) => ({
  name,
  dir: join(ROOT, 'test', 'fixtures', 'crates-io', 'cases', name),
  registry: GOLDEN_REGISTRY,
}));
const CLI_RUNS = 7;
/** Issue 7: whole process on a ~100-package workspace, ≥ 4× faster than cargo2nix 0.12.0's 0.59 s. */
const CLI_GOAL_MS = 150;
const GOAL = { n: 400, warmMs: 30 } as const;
const PROFILE_RUNS = 2;

type Runner = 'ts' | 'tsx';

/** Runs and warm-up runs per size: enough for a stable median, and the whole bench within a few minutes on two cores. */
function budget(n: number): { runs: number; warmup: number } {
  if (n <= 500) return { runs: 40, warmup: 30 };
  if (n <= 1500) return { runs: 20, warmup: 15 };
  if (n <= 5000) return { runs: 10, warmup: 5 };
  return { runs: 5, warmup: 2 };
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function child<T>(runner: Runner, args: string[]): Promise<T> {
  const loader = runner === 'ts' ? './test/bench/register-ts.mjs' : 'tsx';
  try {
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', loader, 'test/bench/one.ts', ...args], {
      cwd: ROOT,
      maxBuffer: 64 << 20,
    });
    return JSON.parse(stdout.trim().split('\n').pop()!) as T;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`bench child failed (${runner} ${args.join(' ')}):\n${err.stderr || err.message}`, { cause: e });
  }
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const pad = (s: string | number, w: number) => String(s).padStart(w);

function table(head: string[], rows: (string | number)[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : pad(c, widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** log-log slope of time against size: 1 is linear, 2 quadratic. */
function exponent(a: SyntheticResult, b: SyntheticResult, pick: (r: SyntheticResult) => number): number {
  return Math.log(pick(b) / pick(a)) / Math.log(b.n / a.n);
}

async function main(): Promise<void> {
  const runner: Runner = option('runner') === 'tsx' ? 'tsx' : 'ts';
  const sizes = (option('sizes') ?? '100,400,1000,3000,10000').split(',').map(Number);
  const seed = Number(option('seed') ?? 0x5eed);
  const compareTsx = runner === 'ts' && !process.argv.includes('--no-tsx-compare');
  const started = performance.now();
  const loadBefore = loadavg();
  mkdirSync(OUT_DIR, { recursive: true });

  const log = (s = '') => process.stdout.write(s + '\n');
  const progress = (s: string) => process.stderr.write(`  … ${s}\n`);
  log(`cargo2nix generator bench — node ${process.version}, ${platform()} ${arch()}, ${cpus().length}× ${cpus()[0]?.model.trim() ?? '?'}`);
  log(
    `runner: ${runner === 'ts' ? 'TypeScript type erasure (like the shipped bundle)' : 'tsx (like `npm run generate`)'}; load average at start ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );
  if (loadBefore[0]! > 0.5) log('note: the machine was not idle at start; medians and p95 are noisier than usual');

  const goldenArgs = (c: (typeof GOLDEN_CASES)[number]) => {
    const g = budget(c.name === 'cargo2nix-self' ? 388 : 126);
    return ['--golden', c.dir, '--registry', c.registry, '--runs', String(g.runs), '--warmup', String(g.warmup)];
  };
  const golden: (GoldenResult & { name: string })[] = [];
  for (const c of GOLDEN_CASES) {
    progress(`golden ${c.name}`);
    golden.push({ name: c.name, ...(await child<GoldenResult>(runner, goldenArgs(c))) });
  }

  const synthetic: SyntheticResult[] = [];
  for (const n of sizes) {
    progress(`synthetic N=${n}`);
    const b = budget(n);
    synthetic.push(
      await child<SyntheticResult>(runner, ['--n', String(n), '--seed', String(seed), '--runs', String(b.runs), '--warmup', String(b.warmup)]),
    );
  }

  let tsx: { golden: GoldenResult[]; goal: SyntheticResult | undefined } | undefined;
  if (compareTsx) {
    progress('same figures under tsx, for comparison');
    const goal = sizes.includes(GOAL.n) ? GOAL.n : undefined;
    tsx = {
      golden: [await child<GoldenResult>('tsx', goldenArgs(GOLDEN_CASES[0]!))],
      goal:
        goal === undefined
          ? undefined
          : await child<SyntheticResult>('tsx', [
              '--n',
              String(goal),
              '--seed',
              String(seed),
              ...['--runs', String(budget(goal).runs), '--warmup', String(budget(goal).warmup)],
            ]),
    };
  }

  // Growth between the two largest sizes decides whether to profile.
  const sorted = [...synthetic].sort((a, b) => a.n - b.n);
  const largest = sorted[sorted.length - 1];
  const anchor = sorted.find((r) => r.n >= 1000 && r !== largest) ?? sorted[sorted.length - 2];
  const growth = anchor && largest ? exponent(anchor, largest, (r) => r.warm.median) : undefined;
  const goalRow = synthetic.find((r) => r.n === GOAL.n);
  const slow = goalRow !== undefined && goalRow.warm.median >= GOAL.warmMs;
  let profile: { n: number; file: string; summary: ProfileSummary } | undefined;
  if (largest && (process.argv.includes('--profile') || slow || (growth !== undefined && growth > 1.15))) {
    progress(`cpu profile at N=${largest.n}`);
    const file = join(OUT_DIR, `generate-n${largest.n}.cpuprofile`);
    await child<SyntheticResult>(runner, [
      '--n',
      String(largest.n),
      '--seed',
      String(seed),
      '--runs',
      String(PROFILE_RUNS),
      '--warmup',
      '1',
      '--profile',
      file,
    ]);
    profile = { n: largest.n, file, summary: summariseProfile(file, ROOT, 12, /worker\//) };
  }

  // ---- report ----
  log();
  for (const [i, g] of golden.entries()) {
    const underTsx = tsx?.golden[i];
    log(`Golden case crates-io/${g.name} (${g.packages} packages, output checked against expected/Cargo.nix)`);
    log(
      table(
        ['', 'median', 'p95', 'min', 'runs'],
        [
          ['cold: first run in process, registry read from disk', ms(g.coldMs), '', '', 1],
          ['warm: metadata in memory (MemorySource)', ms(g.warm.median), ms(g.warm.p95), ms(g.warm.min), g.warm.runs],
          ...PHASES.map((p) => [`  phase ${p}`, ms(g.phases[p].median), ms(g.phases[p].p95), ms(g.phases[p].min), g.phases[p].runs]),
          ...(underTsx
            ? [['warm under tsx (keepNames)', ms(underTsx.warm.median), ms(underTsx.warm.p95), ms(underTsx.warm.min), underTsx.warm.runs]]
            : []),
        ],
      ),
    );
  }
  log(
    '(times in ms; parse = manifests + Cargo.lock, metadata = index lines → summaries, plan = resolves + model + lock hash, render = Cargo.nix text)',
  );

  log();
  const shape = synthetic[0]?.shape;
  log(
    `Synthetic workspaces (seed ${seed}; one member with ${shape?.memberFeatures ?? '?'} features → ${shape ? shape.memberFeatures + 2 : '?'} resolves per run; every run's output lists all N packages)`,
  );
  log(
    table(
      ['N', 'edges', 'first', 'warm median', 'p95', 'min', 'µs/crate', 'µs/crate (min)', 'growth', 'GC/run', 'mark-compact/run'],
      sorted.map((r, i) => {
        const prev = sorted[i - 1];
        return [
          r.n,
          r.shape.lockedEdges,
          ms(r.firstMs),
          ms(r.warm.median),
          ms(r.warm.p95),
          ms(r.warm.min),
          ((r.warm.median / r.n) * 1000).toFixed(1),
          ((r.warm.min / r.n) * 1000).toFixed(1),
          prev ? `n^${exponent(prev, r, (x) => x.warm.median).toFixed(2)}` : '',
          ms(r.gc.msPerRun),
          ms(r.gc.byType.MarkSweepCompact ?? 0),
        ];
      }),
    ),
  );
  log('(ms; growth = log-log slope of the median from the previous size, 1.00 is linear; GC = V8 pause time per run.');
  log(' results.json also has process CPU time per run, which includes V8’s helper threads)');
  log();
  log('Warm phase medians (ms), and memory');
  log(
    table(
      ['N', ...PHASES, 'peak heap Δ', 'KB/crate', 'max RSS Δ', 'retained heap', 'Cargo.lock', 'Cargo.nix'],
      sorted.map((r) => [
        r.n,
        ...PHASES.map((p) => ms(r.phases[p].median)),
        mb(r.memory.peakHeapDelta),
        (r.memory.peakHeapDelta / 1024 / r.n).toFixed(1),
        mb(r.memory.maxRssDelta),
        mb(r.memory.retainedHeapDelta),
        mb(r.inputBytes.lock),
        mb(r.outputBytes),
      ]),
    ),
  );
  log('(peak heap Δ: highest heap use in one warm run above its start, read before each GC; max RSS Δ: growth of the');
  log(' process peak RSS over the first run, a lower bound; retained: lock graph, summaries and Cargo.nix alive after GC)');

  log();
  if (goalRow) {
    const verdict = goalRow.warm.median < GOAL.warmMs ? 'met' : 'NOT met';
    log(
      `Goal: < ${GOAL.warmMs} ms warm for ~${GOAL.n} crates — ${verdict} ` +
        `(median ${ms(goalRow.warm.median)} ms, p95 ${ms(goalRow.warm.p95)} ms, min ${ms(goalRow.warm.min)} ms)`,
    );
    if (tsx?.goal) {
      log(
        `      under tsx (how \`npm run generate\` runs): median ${ms(tsx.goal.warm.median)} ms, p95 ${ms(tsx.goal.warm.p95)} ms, min ${ms(tsx.goal.warm.min)} ms`,
      );
    }
  }
  if (growth !== undefined && anchor && largest) {
    const minGrowth = exponent(anchor, largest, (r) => r.warm.min);
    log(
      `Growth ${anchor.n} → ${largest.n}: n^${growth.toFixed(2)} on medians, n^${minGrowth.toFixed(2)} on minima — ` +
        `${growth <= 1.15 ? 'linear' : 'super-linear'} (µs/crate ${((anchor.warm.median / anchor.n) * 1000).toFixed(1)} → ${((largest.warm.median / largest.n) * 1000).toFixed(1)})`,
    );
  }
  if (profile) {
    log();
    log(`CPU profile of ${PROFILE_RUNS} warm runs at N=${profile.n} (${relative(ROOT, profile.file)}; open in Chrome DevTools):`);
    log(
      table(
        ['generator function, by total time', 'total ms', 'self ms'],
        profile.summary.byTotal.map((h) => [h.where, ms(h.totalMs), ms(h.selfMs)]),
      ),
    );
    log();
    log(
      table(
        ['anything, by self time', 'self ms', 'total ms'],
        profile.summary.bySelf.map((h) => [h.where, ms(h.selfMs), ms(h.totalMs)]),
      ),
    );
  }

  let cli: CliFigures | undefined;
  if (!process.argv.includes('--no-cli')) {
    cli = await cliFigures(GOLDEN_CASES, Number(option('cli-runs') ?? CLI_RUNS), progress);
    log();
    log(`Command line, whole process (wall ms from spawn to exit, ${cli.runs} runs each after one untimed round; output checked)`);
    const names = Object.keys(cli.cases);
    const cpuCell = (x: number | undefined) => (x === undefined ? '' : ms(x));
    log(
      table(
        ['', ...names.flatMap((n) => [`${n} (${cli!.cases[n]!.packages}) median`, 'min', 'cpu'])],
        CLI_WAYS.map((w) => [
          w,
          ...names.flatMap((n) => {
            const f = cli!.cases[n]!.ways[w];
            return [ms(f.wall.median), ms(f.wall.min), cpuCell(f.cpuMean)];
          }),
        ]),
      ),
    );
    log('(cpu: mean user + system ms per run of the process and its children, from /proc; steadier than wall time on a busy machine)');
    const big = cli.cases['bigger-project'];
    if (big) {
      const bundled = big.ways['node dist/cli.mjs'].wall.median;
      log(
        `Goal: dist/cli.mjs ≤ ${CLI_GOAL_MS} ms on bigger-project — ${bundled <= CLI_GOAL_MS ? 'met' : 'NOT met'} (median ${ms(bundled)} ms; ` +
          `${ms(bundled - big.ways['node -e 0'].wall.median)} ms above a bare node; npm run generate ${ms(big.ways['npm run generate'].wall.median)} ms)`,
      );
    }
  }

  let nar: NarFigures | undefined;
  if (!process.argv.includes('--no-nar')) {
    nar = await narFigures(progress);
    log();
    for (const line of narReport(nar)) log(line);
  }

  let edge: EdgeFigures | undefined;
  if (!process.argv.includes('--no-edge')) {
    edge = await edgeFigures(progress);
    log();
    for (const line of edgeReport(edge)) log(line);
  }

  let gitEdge: GitEdgeFigures | undefined;
  if (!process.argv.includes('--no-git-edge')) {
    gitEdge = await gitEdgeFigures(progress);
    log();
    for (const line of gitEdgeReport(gitEdge)) log(line);
  }

  let cold: ColdFigures | undefined;
  if (!process.argv.includes('--no-cold')) {
    cold = await coldFigures(progress);
    log();
    for (const line of coldReport(cold)) log(line);
  }

  let share: ShareFigures | undefined;
  if (!process.argv.includes('--no-share')) {
    share = await shareFigures(progress);
    log();
    for (const line of shareReport(share)) log(line);
  }

  let graph: GraphFigures | undefined;
  if (!process.argv.includes('--no-graph')) {
    graph = await graphFigures(progress);
    log();
    for (const line of graphReport(graph)) log(line);
  }

  let insight: InsightFigures | undefined;
  if (!process.argv.includes('--no-insight')) {
    insight = await insightFigures(progress);
    log();
    for (const line of insightReport(insight)) log(line);
  }

  let tree: TreeFigures | undefined;
  if (!process.argv.includes('--no-tree')) {
    tree = await treeFigures(progress);
    log();
    for (const line of treeReport(tree)) log(line);
  }

  let shareSite: ShareSiteFigures | undefined;
  if (!process.argv.includes('--no-share-site')) {
    shareSite = await shareSiteFigures(progress);
    log();
    for (const line of shareSiteReport(shareSite)) log(line);
  }

  const resultsFile = join(OUT_DIR, 'results.json');
  let site: SiteFigures | undefined;
  if (!process.argv.includes('--no-site')) {
    progress('site: production build and chromium visits');
    site = await siteFigures();
    log();
    log('Site (production build; gzip at zlib default level; initial = what index.html loads before the app runs)');
    log(
      table(
        ['chunk', 'bytes', 'gzip', 'initial'],
        site.chunks.map((c) => [c.file, c.bytes, c.gzip, c.initial ? 'yes' : '']),
      ),
    );
    log(
      `initial JS ${(site.initialJsGzip / 1024).toFixed(1)} KB gzip (goal < 150 KB), initial CSS ${(site.initialCssGzip / 1024).toFixed(1)} KB gzip`,
    );
    log(
      `chromium, ${site.visits} fresh visits, medians from navigation start: first paint ${site.firstContentfulPaint.toFixed(0)} ms, ` +
        `worker ready ${site.workerReady.toFixed(0)} ms (worker start ${site.workerStart.toFixed(0)} ms), hello-world Cargo.nix on screen ${site.firstOutput.toFixed(0)} ms`,
    );
    log(
      `typing at the end of a ${(site.keystroke.lockChars / 1e6).toFixed(1)} MB Cargo.lock, keydown to the next frame over ${site.keystroke.runs} keys: ` +
        `median ${site.keystroke.median.toFixed(0)} ms, p95 ${site.keystroke.p95.toFixed(0)} ms, max ${site.keystroke.max.toFixed(0)} ms`,
    );
  }

  writeFileSync(
    resultsFile,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cpu: cpus()[0]?.model.trim(),
        cores: cpus().length,
        loadavg: { before: loadBefore, after: loadavg() },
        runner,
        seed,
        goal: GOAL,
        golden,
        synthetic: sorted,
        tsxComparison: tsx,
        cli,
        growth:
          growth === undefined || !anchor || !largest
            ? undefined
            : { from: anchor.n, to: largest.n, exponent: growth, minExponent: exponent(anchor, largest, (r) => r.warm.min) },
        profile: profile && { n: profile.n, file: relative(ROOT, profile.file), ...profile.summary },
        site,
        nar,
        edge,
        gitEdge,
        cold,
        share,
        shareSite,
        graph,
        insight,
        tree,
      },
      null,
      1,
    ) + '\n',
  );
  log();
  log(`results: ${relative(ROOT, resultsFile)}   (bench took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
