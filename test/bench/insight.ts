// Insight figures for `npm run bench` (issue 12): how long the worker takes to answer the Why,
// Platforms, Native libraries and Graph views on bigger-project (126 packages) and cargo2nix's own
// workspace (388). Goal: every interaction < 100 ms on the 388-package workspace, the worst sample
// included. Each answer is checked (chain counts, crates per platform as real evaluation gives
// them), so a wrong fast answer cannot pass for a figure.
//
// Two ways, both through the queries the page calls (insight-api.ts):
// - through a worker thread (insight-worker.ts: the site's worker's state and API behind comlink),
//   so each answer is structured-cloned across threads as in the page: after runs made as the site
//   makes them, the run's own answer time with the idle-time preparation and without it, the first
//   question asked the moment a run answers (it may meet the preparation at work), the first and
//   later questions once it is done, and the first question in a brand-new worker (cold code);
// - in process, the computation alone on a state that has prepared nothing ("on demand": what
//   the first question would cost if nothing were prepared) and on one that has.
//
// The page's side in chromium is insight-site.ts (skip it with --no-insight-site).
//
//   tsx test/bench/insight.ts [--runs N] [--no-insight-site]     (run.ts calls insightFigures unless --no-insight)
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import { InsightState, insightQueries } from '../../worker/browser/insight-api.ts';
import type { InsightClient, InsightQueries } from '../../worker/browser/insight-types.ts';
import { backendCase } from '../golden/backends/cases.ts';
import type { InsightBenchWorker } from './insight-worker.ts';
import { insightSiteFigures, insightSiteReport, type InsightSiteFigures } from './insight-site.ts';
import { summarise, type Stats } from './stats.ts';

const argRuns = process.argv.indexOf('--runs');
/** Samples per figure (runs of the workspace for the worker figures). */
const RUNS = argRuns > 0 ? Number(process.argv[argRuns + 1]) : 30;
/** Brand-new workers for the cold figure. */
const COLD_WORKERS = 3;
export const INSIGHT_GOAL_MS = 100;

export interface InsightMeasure {
  readonly what: string;
  readonly ms: Stats;
  /**
   * The process' CPU time over the same spans (the page's side only waits, so this is the worker's
   * work, GC included): a wall time far above it means the machine ran something else meanwhile.
   */
  readonly cpuMs: Stats;
  /** Bytes of the answer as JSON (about what comlink copies to the page). */
  readonly answerBytes: number;
}

export interface InsightCaseFigures {
  readonly name: string;
  readonly crates: number;
  /** Through a worker thread and comlink, as the page asks. */
  readonly worker: readonly InsightMeasure[];
  /** The computation alone, in process. */
  readonly measures: readonly InsightMeasure[];
}

export interface InsightFigures {
  readonly goalMs: number;
  readonly runs: number;
  readonly cases: readonly InsightCaseFigures[];
  /** The page's side in chromium (insight-site.ts), unless --no-insight-site. */
  readonly site?: InsightSiteFigures;
}

/** The crate with the most chains, and a few ordinary ones, per case. */
const CASES: Record<string, { crates: readonly string[]; widest: string; darwinCrates?: number; linuxDarwinCommon?: number; linuxGraph?: number }> = {
  'crates-io/bigger-project': { crates: ['openssl-sys', 'bytes@0.5.6', 'serde', 'libc', 'tokio'], widest: 'unicode-ident', linuxGraph: 83 },
  // Real cargo2nix evaluation: 334 crates on aarch64-darwin; 329 shared with x86_64-linux (platform-diff.test.ts).
  'crates-io/cargo2nix-self': {
    crates: ['openssl-sys', 'serde@1.0.218', 'libc', 'windows-sys@0.59.0', 'gix'],
    widest: 'unicode-ident',
    darwinCrates: 334,
    linuxDarwinCommon: 329,
    linuxGraph: 336,
  },
};

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`insight bench: wrong answer for ${what}`);
}

type Spec = (typeof CASES)[string];
type WhyAnswer = ReturnType<InsightQueries['why']>;
const whyOk = (a: WhyAnswer) => a !== undefined && a.ok && a.chains.length > 0 && a.totalChains >= a.chains.length;
const LINUX_GRAPH = { platform: 'x86_64-linux', kinds: ['normal', 'build'] } as const;

/** One interaction: the question, and what a right answer looks like. */
interface Interaction<Q> {
  readonly what: string;
  readonly ask: (q: Q) => unknown;
  readonly verify: (a: never) => boolean;
}

/** What the views ask after a run, in the order a visitor might (each on the same result). */
function interactions(spec: Spec, ws: { crates: number }): Interaction<InsightQueries>[] {
  const list: { what: string; ask: (q: InsightQueries) => unknown; verify: (a: never) => boolean }[] = [
    { what: `why ${spec.widest}, first`, ask: (q) => q.why(spec.widest), verify: whyOk },
    { what: `why ${spec.widest}, next`, ask: (q) => q.why(spec.widest), verify: whyOk },
    {
      what: `why of ${spec.crates.length} crates in a row`,
      // One after another, as a visitor clicks (through the worker each is its own message).
      ask: async (q) => {
        const all: WhyAnswer[] = [];
        for (const c of spec.crates) all.push(await q.why(c));
        return all;
      },
      verify: (all: WhyAnswer[]) => all.every(whyOk),
    },
    { what: 'crate list (the why picker)', ask: (q) => q.crates(), verify: (a: ReturnType<InsightQueries['crates']>) => a?.length === ws.crates },
    {
      what: 'plan aarch64-darwin',
      ask: (q) => q.plan('aarch64-darwin'),
      verify: (a: ReturnType<InsightQueries['plan']>) =>
        a !== undefined && (spec.darwinCrates === undefined || a.crates.length === spec.darwinCrates),
    },
    {
      what: 'switch platform to x86_64-windows-gnu',
      ask: (q) => q.plan('x86_64-windows-gnu'),
      verify: (a: ReturnType<InsightQueries['plan']>) => a !== undefined && a.crates.length > 0,
    },
    {
      what: 'plan diff x86_64-linux / aarch64-darwin',
      ask: (q) => q.planDiff('x86_64-linux', 'aarch64-darwin'),
      verify: (a: ReturnType<InsightQueries['planDiff']>) =>
        a !== undefined && (spec.linuxDarwinCommon === undefined || a.common === spec.linuxDarwinCommon),
    },
    {
      what: 'native libraries',
      ask: (q) => q.nativeLibraries(),
      verify: (a: ReturnType<InsightQueries['nativeLibraries']>) => a !== undefined && a.some((l) => l.name === 'openssl-sys'),
    },
    {
      what: 'filter the graph (x86_64-linux, normal + build)',
      ask: (q) => q.graph(LINUX_GRAPH),
      verify: (a: ReturnType<InsightQueries['graph']>) => a !== undefined && (spec.linuxGraph === undefined || a.nodes.length === spec.linuxGraph),
    },
  ];
  return list;
}

class Samples {
  private readonly samples = new Map<string, { ms: number[]; cpu: number[]; bytes: number }>();

  add(what: string, r: Timed<unknown>, verify?: (a: never) => boolean): void {
    if (verify) check(verify(r.answer as never), what);
    let s = this.samples.get(what);
    if (!s) this.samples.set(what, (s = { ms: [], cpu: [], bytes: 0 }));
    s.ms.push(r.ms);
    s.cpu.push(r.cpuMs);
    s.bytes = r.answer === undefined ? 0 : JSON.stringify(r.answer).length;
  }

  measures(): InsightMeasure[] {
    return [...this.samples].map(([what, s]) => ({ what, ms: summarise(s.ms), cpuMs: summarise(s.cpu), answerBytes: s.bytes }));
  }
}

interface Timed<T> {
  readonly ms: number;
  readonly cpuMs: number;
  readonly answer: T;
}

async function timed<T>(ask: () => Promise<T> | T): Promise<Timed<T>> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const answer = await ask();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, answer };
}

function startWorker(): { api: Comlink.Remote<InsightBenchWorker>; stop: () => Promise<number> } {
  const worker = new Worker(new URL('./insight-worker.ts', import.meta.url), {
    execArgv: ['--import', join(import.meta.dirname, 'register-ts.mjs')],
  });
  return { api: Comlink.wrap<InsightBenchWorker>(nodeEndpoint(worker)), stop: () => worker.terminate() };
}

/** The page's side: each question a message to the worker, each answer a structured clone back. */
async function workerFigures(label: string, spec: Spec, crates: number): Promise<InsightMeasure[]> {
  const out = new Samples();
  const asks = interactions(spec, { crates });
  const first = asks[0]!;

  // Cold: a brand-new worker's first run and first question (nothing compiled yet).
  for (let i = 0; i < COLD_WORKERS; i++) {
    const { api, stop } = startWorker();
    await api.load(label);
    await api.run(true);
    const r = await timed(() => (api.insight as unknown as InsightClient).why(spec.widest));
    out.add(`why ${spec.widest}, first in a new worker, at the run's answer`, r, first.verify);
    await stop();
  }

  const { api, stop } = startWorker();
  const insight = api.insight as unknown as InsightClient;
  await api.load(label);
  await api.run(true); // untimed: compiles the run's code
  for (let i = 0; i < RUNS * 2; i++) {
    const prepare = i % 2 === 0;
    const sentAt = performance.timeOrigin + performance.now();
    const run = await timed(() => api.run(prepare));
    if (!prepare)
      out.add('  of which waiting in the worker before it starts, nothing prepared', {
        ms: run.answer.startedAt - sentAt,
        cpuMs: NaN,
        answer: undefined,
      });
    out.add(`run's answer, ${prepare ? 'with' : 'without'} idle-time preparation`, { ...run, answer: { crates: run.answer.crates } });
    // The question the moment the run answers: with preparation it waits for the step at work.
    const now = await timed(() => insight.why(spec.widest));
    out.add(`why ${spec.widest}, at the run's answer, ${prepare ? 'preparation running' : 'nothing prepared'}`, now, first.verify);
    if (!prepare) continue;
    check(await api.prepared(), 'the preparation after a run');
    const { steps, spanMs } = await api.preparation();
    out.add(`preparation: its longest step (in the worker)`, { ms: Math.max(...steps), cpuMs: NaN, answer: undefined });
    out.add("preparation: from the run's answer to done (in the worker)", { ms: spanMs, cpuMs: NaN, answer: undefined });
    for (const a of asks) {
      const r = await timed(() => a.ask(insight as unknown as InsightQueries) as Promise<unknown>);
      out.add(a.what === first.what ? `${a.what} after the preparation` : a.what, r, a.verify);
    }
    // A run that arrives while the last one's preparation is at work waits for one step at most.
    await api.run(true);
    const nextSentAt = performance.timeOrigin + performance.now();
    const next = await timed(() => api.run(true));
    out.add("run's answer, arriving while the last run's preparation is at work", { ...next, answer: { crates: next.answer.crates } });
    out.add('  of which waiting in the worker before it starts', { ms: next.answer.startedAt - nextSentAt, cpuMs: NaN, answer: undefined });
    await api.prepared();
  }
  await stop();
  return out.measures();
}

/** The computation alone: the interactions in order on a state that prepared nothing, and the first one on a prepared state. */
async function inProcessFigures(ws: ResolvedWorkspace, spec: Spec): Promise<InsightMeasure[]> {
  const out = new Samples();
  const asks = interactions(spec, { crates: ws.crates.length });
  const fresh = () => {
    const s = new InsightState();
    s.set(ws, '');
    return { state: s, q: insightQueries(s) };
  };
  for (let i = -1; i < RUNS; i++) {
    // The first round compiles the code and is not counted.
    const { q } = fresh();
    for (const a of asks) {
      const r = await timed(() => a.ask(q));
      if (i >= 0) out.add(`${a.what}, nothing prepared`, r, a.verify);
    }
    const prepared = fresh();
    await prepared.state.prepareWhenIdle();
    const r = await timed(() => asks[0]!.ask(prepared.q));
    if (i >= 0) out.add(`${asks[0]!.what}, prepared`, r, asks[0]!.verify);
  }
  return out.measures();
}

async function caseFigures(label: string, progress: (s: string) => void): Promise<InsightCaseFigures> {
  const { ws } = await backendCase(label);
  const spec = CASES[label]!;
  progress(`insight: ${label}, worker thread`);
  const worker = await workerFigures(label, spec, ws.crates.length);
  progress(`insight: ${label}, in process`);
  const measures = await inProcessFigures(ws, spec);
  return { name: label, crates: ws.crates.length, worker, measures };
}

export async function insightFigures(progress: (s: string) => void = () => {}): Promise<InsightFigures> {
  const cases: InsightCaseFigures[] = [];
  for (const label of Object.keys(CASES)) cases.push(await caseFigures(label, progress));
  if (process.argv.includes('--no-insight-site')) return { goalMs: INSIGHT_GOAL_MS, runs: RUNS, cases };
  progress('insight: chromium');
  return { goalMs: INSIGHT_GOAL_MS, runs: RUNS, cases, site: await insightSiteFigures(RUNS, progress) };
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function rows(list: readonly InsightMeasure[], goal: number, gated: boolean): string[] {
  return list.map((m) => {
    // Runs and the preparation are not interactions: their times show the preparation does not add to a run.
    const interaction = !/^(run's answer|preparation:| {2}of which)/.test(m.what);
    const flag = gated && interaction && m.ms.max >= goal ? `  max ≥ ${goal} ms` : '';
    const cpu = Number.isNaN(m.cpuMs.median) ? ''.padStart(15) : `${ms(m.cpuMs.median).padStart(7)} ${ms(m.cpuMs.max).padStart(7)}`;
    return `    ${m.what.padEnd(66)} ${String(m.ms.runs).padStart(4)} ${ms(m.ms.median).padStart(7)} ${ms(m.ms.p95).padStart(7)} ${ms(m.ms.max).padStart(7)}   ${cpu} ${(m.answerBytes / 1024).toFixed(1).padStart(7)} KB${flag}`;
  });
}

export function insightReport(f: InsightFigures): string[] {
  const lines = [
    `Insight queries (samples; wall median / p95 / max ms; CPU median / max ms; answer JSON; goal: every interaction < ${f.goalMs} ms on the 388-package workspace, max included)`,
  ];
  for (const c of f.cases) {
    const gated = c.crates >= 388;
    lines.push(`  ${c.name} (${c.crates} crates), through a worker thread and comlink:`);
    lines.push(...rows(c.worker, f.goalMs, gated));
    lines.push(`  ${c.name}, the computation alone (in process):`);
    lines.push(...rows(c.measures, f.goalMs, gated));
  }
  if (f.site) lines.push(...insightSiteReport(f.site, f.goalMs));
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await insightFigures((s) => process.stderr.write(`${s}\n`));
  for (const line of insightReport(f)) console.log(line);
}
