// Insight figures for `npm run bench` (issue 12): how long the worker takes to answer the Why,
// Platforms and Native libraries views on bigger-project (126 packages) and cargo2nix's own
// workspace (388), through the same queries the page calls (insight-api.ts). "first" is the first
// question after a new result (indexes built then, as after every run in the page); "next" asks
// again on the same result. Goal: every interaction < 100 ms on the 388-package workspace. Each
// answer is checked (chain counts, crates per platform as real evaluation gives them), so a wrong
// fast answer cannot pass for a figure; the answer's JSON size is what crosses to the page.
//
//   tsx test/bench/insight.ts      (on its own; run.ts calls insightFigures unless --no-insight)
import { pathToFileURL } from 'node:url';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import { InsightState, insightQueries } from '../../worker/browser/insight-api.ts';
import type { InsightQueries } from '../../worker/browser/insight-types.ts';
import { backendCase } from '../golden/backends/cases.ts';
import { summarise, type Stats } from './stats.ts';

const RUNS = 15;
export const INSIGHT_GOAL_MS = 100;

export interface InsightMeasure {
  readonly what: string;
  readonly ms: Stats;
  /** Bytes of the answer as JSON (what comlink copies to the page). */
  readonly answerBytes: number;
}

export interface InsightCaseFigures {
  readonly name: string;
  readonly crates: number;
  readonly measures: readonly InsightMeasure[];
}

export interface InsightFigures {
  readonly goalMs: number;
  readonly cases: readonly InsightCaseFigures[];
}

/** The crate with the most chains, and a few ordinary ones, per case. */
const CASES: Record<string, { crates: readonly string[]; widest: string; darwinCrates?: number; linuxDarwinCommon?: number }> = {
  'crates-io/bigger-project': { crates: ['openssl-sys', 'bytes@0.5.6', 'serde', 'libc', 'tokio'], widest: 'unicode-ident' },
  // Real cargo2nix evaluation: 334 crates on aarch64-darwin; 329 shared with x86_64-linux (platform-diff.test.ts).
  'crates-io/cargo2nix-self': {
    crates: ['openssl-sys', 'serde@1.0.218', 'libc', 'windows-sys@0.59.0', 'gix'],
    widest: 'unicode-ident',
    darwinCrates: 334,
    linuxDarwinCommon: 329,
  },
};

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`insight bench: wrong answer for ${what}`);
}

/** `ask` on a fresh state each run ("first") or on one state asked once before ("next"). */
function measure<T>(ws: ResolvedWorkspace, what: string, ask: (q: InsightQueries) => T, verify: (a: T) => boolean, fresh: boolean): InsightMeasure {
  const samples: number[] = [];
  let last: T | undefined;
  const warm = new InsightState();
  warm.set(ws);
  const warmQ = insightQueries(warm);
  ask(warmQ); // JIT, and the indexes of the "next" state
  for (let i = 0; i < RUNS; i++) {
    let q = warmQ;
    if (fresh) {
      const s = new InsightState();
      s.set(ws);
      q = insightQueries(s);
    }
    const t = performance.now();
    last = ask(q);
    samples.push(performance.now() - t);
  }
  check(last !== undefined && verify(last), what);
  return { what, ms: summarise(samples), answerBytes: JSON.stringify(last).length };
}

async function caseFigures(label: string, progress: (s: string) => void): Promise<InsightCaseFigures> {
  const { ws } = await backendCase(label);
  const spec = CASES[label]!;
  progress(`insight: ${label}`);
  const whyOk = (a: ReturnType<InsightQueries['why']>) => a !== undefined && a.ok && a.chains.length > 0 && a.totalChains >= a.chains.length;
  const measures: InsightMeasure[] = [
    measure(ws, `why ${spec.widest}, first after a run`, (q) => q.why(spec.widest), whyOk, true),
    measure(ws, `why ${spec.widest}, next`, (q) => q.why(spec.widest), whyOk, false),
    measure(
      ws,
      `why of ${spec.crates.length} crates in a row, next`,
      (q) => spec.crates.map((c) => q.why(c)),
      (all) => all.every(whyOk),
      false,
    ),
    measure(
      ws,
      'crate list (the why picker), first',
      (q) => q.crates(),
      (a) => a?.length === ws.crates.length,
      true,
    ),
    measure(
      ws,
      'plan aarch64-darwin, first',
      (q) => q.plan('aarch64-darwin'),
      (a) => a !== undefined && (spec.darwinCrates === undefined || a.crates.length === spec.darwinCrates),
      true,
    ),
    measure(
      ws,
      'plan diff x86_64-linux / aarch64-darwin, first',
      (q) => q.planDiff('x86_64-linux', 'aarch64-darwin'),
      (a) => a !== undefined && (spec.linuxDarwinCommon === undefined || a.common === spec.linuxDarwinCommon),
      true,
    ),
    measure(
      ws,
      'switch platform (plan x86_64-windows-gnu after x86_64-linux)',
      (q) => {
        q.plan('x86_64-linux');
        return q.plan('x86_64-windows-gnu');
      },
      (a) => a !== undefined && a.crates.length > 0,
      true,
    ),
    measure(
      ws,
      'native libraries, first',
      (q) => q.nativeLibraries(),
      (a) => a !== undefined && a.some((l) => l.name === 'openssl-sys'),
      true,
    ),
  ];
  return { name: label, crates: ws.crates.length, measures };
}

export async function insightFigures(progress: (s: string) => void = () => {}): Promise<InsightFigures> {
  const cases: InsightCaseFigures[] = [];
  for (const label of Object.keys(CASES)) cases.push(await caseFigures(label, progress));
  return { goalMs: INSIGHT_GOAL_MS, cases };
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

export function insightReport(f: InsightFigures): string[] {
  const lines = [`Insight queries (worker side; median / p95 / max ms over ${RUNS} runs; goal < ${f.goalMs} ms each on the 388-package workspace)`];
  for (const c of f.cases) {
    lines.push(`  ${c.name} (${c.crates} crates)`);
    for (const m of c.measures) {
      const flag = m.ms.p95 < f.goalMs ? '' : '  over the goal';
      lines.push(
        `    ${m.what.padEnd(58)} ${ms(m.ms.median).padStart(7)} ${ms(m.ms.p95).padStart(7)} ${ms(m.ms.max).padStart(7)}   ${(m.answerBytes / 1024).toFixed(1).padStart(6)} KB${flag}`,
      );
    }
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await insightFigures((s) => process.stderr.write(`${s}\n`));
  for (const line of insightReport(f)) console.log(line);
}
