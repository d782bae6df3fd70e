// One measurement, in a process of its own so JIT state and heap peaks do not
// leak between sizes: `node --expose-gc --import tsx test/bench/one.ts`
//   --golden <case-dir> --registry <dir> [--runs R] [--warmup W]
//   --n <N> [--seed S] [--runs R] [--warmup W] [--profile <file.cpuprofile>]
// Prints one JSON object (see `GoldenResult` / `SyntheticResult`) on stdout.
// Throws, and so exits non-zero, when the generator fails or its output is
// not what it must be: a bench over wrong output measures nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { findSourceMap } from 'node:module';
import { join } from 'node:path';
import { GCProfiler, type GCProfilerResult } from 'node:v8';
import { generateCargoNix } from '../../worker/pipeline.ts';
import type { CrateFacts, IndexEntry, MetadataSource, RegistryCrate } from '../../worker/metadata/source.ts';
import { MemorySource, type MetadataSnapshot } from '../../worker/metadata/memory-source.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import type { PackageId } from '../../worker/core/package-id.ts';
import { packagesListed } from './listed-packages.ts';
import { PHASES, phasedRun, type Phase } from './phases.ts';
import { summarise, type Stats } from './stats.ts';
import { syntheticWorkspace, type SyntheticStats } from './synthetic.ts';

export interface GoldenResult {
  readonly kind: 'golden';
  readonly packages: number;
  /** First generation in the process: workspace and registry read from disk, JIT cold. */
  readonly coldMs: number;
  readonly warm: Stats;
  readonly warmCpu: Stats;
  readonly phases: Readonly<Record<Phase, Stats>>;
}

export interface SyntheticResult {
  readonly kind: 'synthetic';
  readonly n: number;
  readonly seed: number;
  readonly shape: SyntheticStats;
  readonly inputBytes: { readonly lock: number; readonly manifest: number };
  readonly outputBytes: number;
  readonly buildInputMs: number;
  /** First generation in the process (metadata in memory, JIT cold). */
  readonly firstMs: number;
  readonly warm: Stats;
  readonly warmCpu: Stats;
  readonly phases: Readonly<Record<Phase, Stats>>;
  readonly gc: GcCost;
  readonly memory: {
    /** Highest heap use during one warm run (read before every GC, and at the end) above the heap in use when it started. */
    readonly peakHeapDelta: number;
    /** Growth of the process's max RSS over the first run; pages the input build freed are reused, so a lower bound. */
    readonly maxRssDelta: number;
    /** Heap still used after a forced GC while the lock graph and the Cargo.nix are kept. */
    readonly retainedHeapDelta: number;
    /** Heap and RSS with the synthetic input built, after GC. */
    readonly baselineHeap: number;
    readonly baselineRss: number;
  };
}

/** GC work over the measured warm runs, per run. */
export interface GcCost {
  readonly msPerRun: number;
  /** V8's GC types (Scavenge, MarkSweepCompact, …) → ms per run. */
  readonly byType: Readonly<Record<string, number>>;
  readonly collectionsPerRun: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run with node --expose-gc');
  g();
  g();
}

/** Records what a source hands out, to replay it from memory afterwards. */
class RecordingSource implements MetadataSource {
  readonly index: Record<string, IndexEntry[]> = {};
  readonly facts: Record<string, CrateFacts> = {};
  readonly git: Record<string, string> = {};

  constructor(private readonly inner: MetadataSource) {}

  async registryCrate(id: PackageId): Promise<RegistryCrate> {
    const c = await this.inner.registryCrate(id);
    (this.index[id.name] ??= []).push(c.entry);
    this.facts[`${id.name}@${id.version}`] = c.facts;
    return c;
  }

  async gitManifest(id: PackageId): Promise<string> {
    const text = await this.inner.gitManifest(id);
    this.git[`${id.name}@${id.version}`] = text;
    return text;
  }

  snapshot(): MetadataSnapshot {
    return { index: this.index, facts: this.facts, git: this.git };
  }
}

/**
 * The heap only grows between collections, so its peak over a run is the
 * largest heap use seen just before a GC, or at the end.
 */
async function peakHeap(fn: () => Promise<unknown>): Promise<number> {
  gc();
  const start = process.memoryUsage().heapUsed;
  const profiler = new GCProfiler();
  profiler.start();
  await fn();
  const end = process.memoryUsage().heapUsed;
  const { statistics } = profiler.stop();
  return Math.max(end, ...statistics.map((s) => s.beforeGC.heapStatistics.usedHeapSize)) - start;
}

function gcPerRun(result: GCProfilerResult, runs: number): GcCost {
  const byType: Record<string, number> = {};
  let total = 0;
  for (const s of result.statistics) {
    byType[s.gcType] = (byType[s.gcType] ?? 0) + s.cost / 1000 / runs;
    total += s.cost / 1000;
  }
  return { msPerRun: total / runs, byType, collectionsPerRun: result.statistics.length / runs };
}

/** tsx hands V8 transpiled code; point profile frames back at the .ts lines. */
function toSourcePositions<T extends { nodes: { callFrame: { url: string; lineNumber: number; columnNumber: number } }[] }>(profile: T): T {
  for (const { callFrame: f } of profile.nodes) {
    if (!f.url.startsWith('file://') || f.lineNumber < 0) continue;
    const entry = findSourceMap(f.url)?.findEntry(f.lineNumber, f.columnNumber);
    if (entry && 'originalLine' in entry) {
      f.lineNumber = entry.originalLine;
      f.columnNumber = entry.originalColumn;
    }
  }
  return profile;
}

interface Timings {
  readonly wall: number[];
  /** Process CPU time (user + system) per run; includes V8 helper threads (GC, compilers). */
  readonly cpu: number[];
}

async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<Timings> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    wall.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

async function phaseStats(runs: number, fn: () => ReturnType<typeof phasedRun>): Promise<Record<Phase, Stats>> {
  const samples = Object.fromEntries(PHASES.map((p) => [p, [] as number[]])) as Record<Phase, number[]>;
  for (let i = 0; i < runs; i++) {
    const r = await fn();
    for (const p of PHASES) samples[p].push(r.ms[p]);
  }
  return Object.fromEntries(PHASES.map((p) => [p, summarise(samples[p])])) as Record<Phase, Stats>;
}

async function golden(dir: string, registry: string, runs: number, warmup: number): Promise<GoldenResult> {
  const expected = readFileSync(join(dir, 'expected', 'Cargo.nix'), 'utf8');
  const t = performance.now();
  const recorder = new RecordingSource(new RegistryDirSource(registry));
  const files = await readWorkspaceDir(dir);
  const cold = await generateCargoNix(files, { source: recorder });
  const coldMs = performance.now() - t;
  if (cold !== expected) throw new Error(`${dir}: generated Cargo.nix differs from expected/Cargo.nix`);

  const source = new MemorySource(recorder.snapshot());
  const phased = await phasedRun(files, source);
  if (phased.nix !== expected) throw new Error(`${dir}: the phased pipeline (test/bench/phases.ts) no longer matches generateCargoNix`);

  await timeRuns(warmup, () => generateCargoNix(files, { source }));
  const timings = await timeRuns(runs, () => generateCargoNix(files, { source }));
  const phases = await phaseStats(Math.max(10, Math.floor(runs / 2)), () => phasedRun(files, source));
  return { kind: 'golden', packages: packagesListed(expected).size, coldMs, warm: summarise(timings.wall), warmCpu: summarise(timings.cpu), phases };
}

async function synthetic(n: number, seed: number, runs: number, warmup: number, profile: string | undefined): Promise<SyntheticResult> {
  let t = performance.now();
  const input = syntheticWorkspace(n, seed);
  const buildInputMs = performance.now() - t;
  const source = new MemorySource(input.snapshot);

  gc();
  const base = process.memoryUsage();
  const baseMaxRss = process.resourceUsage().maxRSS * 1024;
  t = performance.now();
  const first = await phasedRun(input.files, source);
  const firstMs = performance.now() - t;
  const maxRssDelta = process.resourceUsage().maxRSS * 1024 - baseMaxRss;
  gc();
  const retainedHeapDelta = process.memoryUsage().heapUsed - base.heapUsed;

  const listed = packagesListed(first.nix);
  const missing = input.packages.filter((p) => !listed.has(p));
  if (missing.length > 0 || listed.size !== input.packages.length) {
    throw new Error(`n=${n}: Cargo.nix lists ${listed.size} of ${input.packages.length} packages (missing e.g. ${missing.slice(0, 3).join(', ')})`);
  }
  const outputBytes = first.nix.length;
  const viaGenerate = await generateCargoNix(input.files, { source });
  if (viaGenerate !== first.nix) throw new Error(`n=${n}: the phased pipeline (test/bench/phases.ts) no longer matches generateCargoNix`);

  await timeRuns(warmup, () => generateCargoNix(input.files, { source }));
  const peakHeapDelta = await peakHeap(() => generateCargoNix(input.files, { source }));

  let session: Session | undefined;
  if (profile) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  const gcProfiler = new GCProfiler();
  gcProfiler.start();
  const timings = await timeRuns(runs, () => generateCargoNix(input.files, { source }));
  const gcCost = gcPerRun(gcProfiler.stop(), runs);
  if (session && profile) {
    const { profile: data } = await session.post('Profiler.stop');
    writeFileSync(profile, JSON.stringify(toSourcePositions(data)));
    session.disconnect();
  }
  const phases = await phaseStats(Math.max(3, Math.ceil(runs / 2)), () => phasedRun(input.files, source));

  return {
    kind: 'synthetic',
    n,
    seed,
    shape: input.stats,
    inputBytes: { lock: input.files.get('Cargo.lock')!.length, manifest: input.files.get('Cargo.toml')!.length },
    outputBytes,
    buildInputMs,
    firstMs,
    warm: summarise(timings.wall),
    warmCpu: summarise(timings.cpu),
    phases,
    gc: gcCost,
    memory: { peakHeapDelta, maxRssDelta, retainedHeapDelta, baselineHeap: base.heapUsed, baselineRss: base.rss },
  };
}

async function main(): Promise<void> {
  const runs = Number(arg('runs') ?? 30);
  const warmup = Number(arg('warmup') ?? 10);
  const dir = arg('golden');
  let result: GoldenResult | SyntheticResult;
  if (dir !== undefined) {
    const registry = arg('registry');
    if (!registry) throw new Error('--golden needs --registry');
    result = await golden(dir, registry, runs, warmup);
  } else {
    const n = Number(arg('n'));
    if (!Number.isInteger(n)) throw new Error('give --golden <dir> or --n <N>');
    result = await synthetic(n, Number(arg('seed') ?? 0x5eed), runs, warmup, arg('profile'));
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

await main();
