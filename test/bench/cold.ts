// Cold generation over the network for `npm run bench` and `npm run --silent bench:cold` (issues 9
// and 13): the largest golden workspace (cargo2nix-self, 388 packages) with an empty local cache, on
// loopback, every request held 50 ms, in three modes:
//   direct      NetworkSource straight to the fake registry (one index request per crate name and one
//               `.crate` per package, as many in flight as generate.ts allows): the site's old path;
//   edge, cold  EdgeFactsSource through the edge function under workerd, whose store is empty and whose
//               upstreams are the same fake registry: the edge answers every crate `deferred` and reads
//               them in the background, the client reads them directly at once (the first visitor pays
//               one round trip to the edge on top of the direct path); untimed afterwards, the bench
//               waits until the edge has stored every crate (asking it, as a later visitor would);
//   edge, warm  the same edge afterwards, a fresh client (every later visitor).
// The 50 ms sits on every hop a request takes: the fake registry holds each answer (the worker's direct
// requests and the edge's upstream reads), and the client's fetch waits before each request to the edge.
// Requests and bytes are counted at the client's fetch (what a browser would send and receive); the
// edge's own upstream requests are reported apart. Each run's Cargo.nix is checked against
// expected/Cargo.nix.
//
//   npm run --silent bench:cold      (the last line: `cold 388 crates: <direct> ms direct, <edge> ms via warm edge`)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EdgeFactsSource, type EdgeFetch } from '../../worker/metadata/net/edge-facts.ts';
import type { FetchLike } from '../../worker/metadata/net/http.ts';
import { NetworkSource } from '../../worker/metadata/net/network-source.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { parseLockfile } from '../../worker/parse/lockfile.ts';
import { generateCargoNix } from '../../worker/pipeline.ts';
import { startEdge, type EdgeServer } from '../support/edge.ts';
import { startFakeRegistry } from '../support/fake-registry.ts';
import { summarise, type Stats } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CASE = join(ROOT, 'test', 'fixtures', 'crates-io', 'cases', 'cargo2nix-self');
const REGISTRY = join(ROOT, 'test', 'fixtures', 'crates-io', 'registry');
const RUNS = 5;
/** Each cold-edge run needs a fresh edge (a workerd start, untimed). */
const COLD_EDGE_RUNS = 3;
const LATENCY_MS = 50;

export interface ModeFigures {
  readonly totalMs: Stats;
  /** Requests the client sent per run (the same every run). */
  readonly requests: number;
  /** Response body bytes the client read per run. */
  readonly bytes: number;
  /** Requests the edge sent upstream per run (edge modes). */
  readonly upstreamRequests?: number;
  /** Crates the client had to read directly after the edge could not answer (must be 0 for a warm edge). */
  readonly fallbacks?: number;
  /** Of `fallbacks`, crates the edge had not stored yet (a cold edge: all of them). */
  readonly deferred?: number;
  /** Cold edge: from the end of the run until the edge answered every crate from its store (median). */
  readonly filledAfterMs?: number;
}

export interface ColdFigures {
  readonly workspace: string;
  /** Packages in the lock (path and registry). */
  readonly packages: number;
  readonly registryPackages: number;
  readonly latencyMs: number;
  readonly direct: ModeFigures;
  readonly edgeCold: ModeFigures;
  readonly edgeWarm: ModeFigures;
  /** Kept for earlier results.json readers: the direct figures. */
  readonly totalMs: Stats;
  readonly requests: number;
  readonly crateBytes: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Counts requests and body bytes read through it; `delayMs` before each request stands for the round trip to the edge. */
class Meter {
  requests = 0;
  bytes = 0;

  constructor(private readonly delayMs: number) {}

  private async count(response: Response): Promise<Response> {
    if (!response.body) return response;
    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, controller) => {
          this.bytes += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  readonly fetch: FetchLike & EdgeFetch = async (url, init) => {
    this.requests++;
    if (this.delayMs > 0) await sleep(this.delayMs);
    return this.count(await fetch(url, init as RequestInit));
  };
}

interface Run {
  readonly ms: number;
  readonly requests: number;
  readonly bytes: number;
  readonly fallbacks: number;
  readonly deferred: number;
  readonly source?: EdgeFactsSource;
  /** Of `requests`, those the client sent to the registry itself. */
  readonly registryRequests: number;
}

export async function coldFigures(progress: (s: string) => void = () => {}): Promise<ColdFigures> {
  const registry = await startFakeRegistry([REGISTRY]);
  const files = await readWorkspaceDir(CASE);
  const expected = readFileSync(join(CASE, 'expected', 'Cargo.nix'), 'utf8');
  const lock = parseLockfile(files.get('Cargo.lock')!);
  const registryPackages = lock.packages.filter((p) => p.id.source.kind === 'registry');
  let edge: EdgeServer | undefined;
  try {
    // Build every `.crate` before timing: the fake makes them on first request, in this same process.
    for (const p of registryPackages) registry.crateFile(p.id.name, p.id.version);
    registry.setFault(/./, { kind: 'delay', ms: LATENCY_MS });

    const check = (label: string, actual: string) => {
      if (actual !== expected) throw new Error(`cold generation (${label}): Cargo.nix differs from expected/Cargo.nix`);
    };
    const directRun = async (): Promise<Run> => {
      // The registry holds each answer 50 ms itself: no delay at the client.
      const meter = new Meter(0);
      const source = new NetworkSource({ indexBase: registry.indexBase, downloadBase: registry.downloadBase, fetch: meter.fetch });
      const t0 = performance.now();
      check('direct', await generateCargoNix(files, { source }));
      const ms = performance.now() - t0;
      if (source.stats.retries !== 0) throw new Error(`cold generation: ${source.stats.retries} retries`);
      return { ms, requests: meter.requests, bytes: meter.bytes, fallbacks: 0, deferred: 0, registryRequests: meter.requests };
    };
    const edgeRun = async (server: EdgeServer): Promise<Run> => {
      const toEdge = new Meter(LATENCY_MS);
      const toRegistry = new Meter(0);
      const direct = new NetworkSource({ indexBase: registry.indexBase, downloadBase: registry.downloadBase, fetch: toRegistry.fetch });
      const source = new EdgeFactsSource({ base: server.url, packages: lock.packages, direct, fetch: toEdge.fetch });
      const t0 = performance.now();
      check('via the edge', await generateCargoNix(files, { source }));
      const ms = performance.now() - t0;
      return {
        ms,
        requests: toEdge.requests + toRegistry.requests,
        bytes: toEdge.bytes + toRegistry.bytes,
        fallbacks: source.stats.fallbacks,
        deferred: source.stats.deferred,
        registryRequests: toRegistry.requests,
        source,
      };
    };
    const crateKeys = registryPackages.map((p) => `${p.id.name}@${p.id.version}`);
    /** Asks the edge for every crate until it answers all from its store (a later visitor's view); each ask has any crate nobody is reading read. */
    const filled = async (server: EdgeServer): Promise<void> => {
      for (let asks = 0; ; asks++) {
        if (asks > 10_000) throw new Error('cold edge: still not storing every crate after 10,000 asks');
        let missing = 0;
        for (let i = 0; i < crateKeys.length; i += 100) {
          const response = await fetch(`${server.url}/api/crates`, { method: 'POST', body: JSON.stringify({ crates: crateKeys.slice(i, i + 100) }) });
          const answers = ((await response.json()) as { crates: { entry?: unknown }[] }).crates;
          missing += answers.filter((a) => a.entry === undefined).length;
        }
        if (missing === 0) return;
        await sleep(5);
      }
    };
    const startFreshEdge = () =>
      startEdge({ quiet: true, vars: { CRATES_INDEX_URL: registry.indexBase, CRATES_DL_URL: registry.downloadBase, RATE_LIMIT_REQUESTS: '100000' } });

    // Direct and cold-edge runs alternate, so that the shared machine's load drifts over both alike.
    const direct: Run[] = [];
    const cold: Run[] = [];
    const upstream: number[] = [];
    const filledAfter: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      progress(`cold generation, direct: run ${run}/${RUNS}`);
      direct.push(await directRun());
      if (run > COLD_EDGE_RUNS) continue;
      progress(`cold generation via a cold edge: run ${run}/${COLD_EDGE_RUNS}`);
      await edge?.close();
      edge = await startFreshEdge();
      registry.resetCounters();
      const t0 = performance.now();
      cold.push(await edgeRun(edge));
      await cold.at(-1)!.source!.warmed();
      await filled(edge);
      filledAfter.push(performance.now() - t0 - cold.at(-1)!.ms);
      upstream.push(registry.requestCount() - cold.at(-1)!.registryRequests);
    }

    const warm: Run[] = [];
    for (let run = 1; run <= RUNS; run++) {
      progress(`cold generation via a warm edge: run ${run}/${RUNS}`);
      registry.resetCounters();
      warm.push(await edgeRun(edge!));
      if (registry.requestCount() !== 0) throw new Error(`warm edge: ${registry.requestCount()} requests reached the registry`);
    }

    const figures = (runs: readonly Run[], upstreamRequests?: readonly number[], filledAfterMs?: readonly number[]): ModeFigures => ({
      totalMs: summarise(runs.map((r) => r.ms)),
      requests: runs.at(-1)!.requests,
      bytes: runs.at(-1)!.bytes,
      ...(upstreamRequests ? { upstreamRequests: upstreamRequests.at(-1)! } : {}),
      fallbacks: runs.at(-1)!.fallbacks,
      deferred: runs.at(-1)!.deferred,
      ...(filledAfterMs ? { filledAfterMs: summarise(filledAfterMs).median } : {}),
    });
    const d = figures(direct);
    return {
      workspace: 'cargo2nix-self',
      packages: lock.packages.length,
      registryPackages: registryPackages.length,
      latencyMs: LATENCY_MS,
      direct: d,
      edgeCold: figures(cold, upstream, filledAfter),
      edgeWarm: figures(warm, [0]),
      totalMs: d.totalMs,
      requests: d.requests,
      crateBytes: d.bytes,
    };
  } finally {
    await edge?.close();
    await registry.close();
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

export function coldReport(f: ColdFigures): string[] {
  const line = (label: string, m: ModeFigures) => {
    const t = m.totalMs;
    const upstream = m.upstreamRequests === undefined ? '' : `; the edge sent ${m.upstreamRequests} upstream`;
    const failed = (m.fallbacks ?? 0) - (m.deferred ?? 0);
    const deferred = m.deferred ? `; ${m.deferred} not stored yet, read directly` : '';
    const fallbacks = failed ? `; ${failed} crates fell back to direct` : '';
    const filledAfter = m.filledAfterMs === undefined ? '' : `; all stored ${m.filledAfterMs.toFixed(0)} ms after the run`;
    return `  ${label.padEnd(16)} median ${t.median.toFixed(0).padStart(5)} ms  min ${t.min.toFixed(0)} ms  max ${t.max.toFixed(0)} ms  (${t.runs} runs; ${m.requests} requests and ${kb(m.bytes)} read by the client${upstream}${deferred}${fallbacks}${filledAfter})`;
  };
  const speedup = f.direct.totalMs.median / f.edgeWarm.totalMs.median;
  return [
    `Cold generation of ${f.workspace} (${f.packages} packages, ${f.registryPackages} from crates.io), no local cache, ${f.latencyMs} ms added per request on every hop`,
    line('direct', f.direct),
    line('via edge, cold', f.edgeCold),
    line('via edge, warm', f.edgeWarm),
    `  warm edge vs direct: ${speedup.toFixed(1)}x faster (goal: < 1000 ms and >= 3x)`,
    `cold ${f.packages} crates: ${f.direct.totalMs.median.toFixed(0)} ms direct, ${f.edgeWarm.totalMs.median.toFixed(0)} ms via warm edge`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await coldFigures((s) => process.stderr.write(`${s}\n`));
  for (const line of coldReport(figures)) console.log(line);
}
