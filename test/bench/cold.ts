// Cold generation over the network for `npm run bench` (issue 9): the largest golden workspace
// (cargo2nix-self, 388 packages) through NetworkSource against the fake registry on 127.0.0.1,
// every request held 50 ms (its `delay` fault), no cache. Today's direct path: one index request
// per crate name and one `.crate` per package, as many in flight as generate.ts allows; the
// figure is the baseline for batching later. The output is checked against expected/Cargo.nix.
//
//   node --import ./test/bench/register-ts.mjs test/bench/cold.ts   (run.ts calls it with --cold)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NetworkSource } from '../../worker/metadata/net/network-source.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { parseLockfile } from '../../worker/parse/lockfile.ts';
import { generateCargoNix } from '../../worker/pipeline.ts';
import { startFakeRegistry } from '../support/fake-registry.ts';
import { summarise, type Stats } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CASE = join(ROOT, 'test', 'fixtures', 'crates-io', 'cases', 'cargo2nix-self');
const REGISTRY = join(ROOT, 'test', 'fixtures', 'crates-io', 'registry');
const RUNS = 5;
const LATENCY_MS = 50;

export interface ColdFigures {
  readonly workspace: string;
  readonly packages: number;
  readonly latencyMs: number;
  readonly totalMs: Stats;
  /** HTTP requests per run (index files + `.crate` files), the same every run. */
  readonly requests: number;
  /** Compressed `.crate` bytes read per run (downloads stop once the manifest is in). */
  readonly crateBytes: number;
}

export async function coldFigures(progress: (s: string) => void = () => {}): Promise<ColdFigures> {
  const registry = await startFakeRegistry([REGISTRY]);
  try {
    const files = await readWorkspaceDir(CASE);
    const expected = readFileSync(join(CASE, 'expected', 'Cargo.nix'), 'utf8');
    const registryPackages = parseLockfile(files.get('Cargo.lock')!).packages.filter((p) => p.id.source.kind === 'registry');
    // Build every `.crate` before timing: the fake makes them on first request, in this same process.
    for (const p of registryPackages) registry.crateFile(p.id.name, p.id.version);
    registry.setFault(/./, { kind: 'delay', ms: LATENCY_MS });
    const samples: number[] = [];
    let requests = 0;
    let crateBytes = 0;
    for (let run = 1; run <= RUNS; run++) {
      progress(`cold generation over the fake registry: run ${run}/${RUNS}`);
      registry.resetCounters();
      const source = new NetworkSource({ indexBase: registry.indexBase, downloadBase: registry.downloadBase });
      const t0 = performance.now();
      const actual = await generateCargoNix(files, { source });
      samples.push(performance.now() - t0);
      if (actual !== expected) throw new Error('cold generation: Cargo.nix differs from expected/Cargo.nix');
      if (source.stats.retries !== 0) throw new Error(`cold generation: ${source.stats.retries} retries`);
      requests = registry.requestCount();
      crateBytes = source.stats.crateBytes;
    }
    return {
      workspace: 'cargo2nix-self',
      packages: registryPackages.length,
      latencyMs: LATENCY_MS,
      totalMs: summarise(samples),
      requests,
      crateBytes,
    };
  } finally {
    await registry.close();
  }
}

export function coldReport(f: ColdFigures): string[] {
  const t = f.totalMs;
  return [
    `Cold generation of ${f.workspace} (${f.packages} registry packages) over the fake registry, ${f.latencyMs} ms added per request, no cache`,
    `  median ${t.median.toFixed(0)} ms  min ${t.min.toFixed(0)} ms  max ${t.max.toFixed(0)} ms  (${t.runs} runs; ${f.requests} requests and ${(f.crateBytes / 2 ** 20).toFixed(1)} MB of .crate read per run)`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await coldFigures((s) => process.stderr.write(`${s}\n`));
  for (const line of coldReport(figures)) console.log(line);
}
