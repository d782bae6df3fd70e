// A ~5 MB git dependency through the edge function for `npm run bench` (issue 9): the edge under
// workerd in front of Debian's git http-backend (test/support/git-server.ts), with a hop between
// them that holds every request 50 ms before passing it on (a far-away git host). The worker-side
// path is the site's: GitSource with the edge as corsProxy, the tree hash first, then the manifest
// from that same fetch (worker/browser/git-prefetch.ts). No cache, so each run fetches anew.
// Goal: time to metadata and hash < 2 s (median of 5).
//
//   node --import ./test/bench/register-ts.mjs test/bench/git-edge.ts   (run.ts calls it with --git-edge)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { packageId } from '../../worker/core/package-id.ts';
import { parseSourceId } from '../../worker/core/source-id.ts';
import { GitSource } from '../../worker/metadata/git/git-source.ts';
import { startEdge } from '../support/edge.ts';
import { RepoBuilder, startGitServer, writeFiles } from '../support/git-server.ts';
import { summarise, type Stats } from './stats.ts';

const RUNS = 5;
const LATENCY_MS = 50;
const GOAL_MS = 2000;
/** 40 incompressible files of 128 KiB: 5 MiB that git cannot shrink. */
const FILES = 40;
const FILE_BYTES = 128 << 10;
const HOST = 'git.example.org';

export interface GitEdgeFigures {
  readonly repoBytes: number;
  readonly latencyMs: number;
  readonly totalMs: Stats;
  /** HTTP requests per run (through the edge), and the hash each run got (checked against `nix-hash`). */
  readonly requestsPerRun: number;
  readonly sri: string;
  readonly goalMs: number;
}

/** Forwards every request to `target` after `ms`; bodies streamed both ways. */
async function startDelayHop(target: string, ms: number): Promise<{ origin: string; close(): Promise<void> }> {
  const to = new URL(target);
  const server: Server = createServer((req, res) => {
    setTimeout(() => {
      const up = httpRequest(
        { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      req.pipe(up);
    }, ms);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function gitEdgeFigures(progress: (s: string) => void = () => {}): Promise<GitEdgeFigures> {
  const server = await startGitServer();
  const builder = new RepoBuilder(server, 'bigdep');
  const files: Record<string, string | Uint8Array> = {
    'Cargo.toml': '[package]\nname = "bigdep"\nversion = "0.1.0"\nedition = "2021"\n',
    'src/lib.rs': 'pub fn big() {}\n',
  };
  for (let i = 0; i < FILES; i++) files[`assets/blob-${String(i).padStart(2, '0')}.bin`] = randomBytes(FILE_BYTES);
  const commit = builder.commit(files);
  // What real Nix says the tree hashes to, so a fast but wrong hash does not pass for a result.
  const plainTree = mkdtempSync(join(tmpdir(), 'bigdep-tree-'));
  writeFiles(plainTree, files);
  const nixBase32 = execFileSync('nix-hash', ['--type', 'sha256', '--base32', plainTree], { encoding: 'utf8' }).trim();
  rmSync(plainTree, { recursive: true, force: true });
  builder.push('HEAD', 'refs/heads/main');
  builder.dispose();
  const hop = await startDelayHop(server.origin, LATENCY_MS);
  const edge = await startEdge({ quiet: true, vars: { GIT_EXTRA_HOSTS: HOST, GIT_UPSTREAMS: JSON.stringify({ [HOST]: hop.origin }) } });
  try {
    const url = `https://${HOST}/bigdep`;
    const id = packageId('bigdep', '0.1.0', parseSourceId(`git+${url}?branch=main#${commit}`));
    const samples: number[] = [];
    let sri = '';
    let requestsPerRun = 0;
    for (let run = 1; run <= RUNS; run++) {
      progress(`git through the edge: run ${run}/${RUNS}`);
      let requests = 0;
      const git = new GitSource({ corsProxy: `${edge.url}/api/git`, onRequest: () => requests++ });
      const t0 = performance.now();
      const hash = await git.treeHash(url, commit, { kind: 'branch', name: 'main' });
      const manifest = await git.gitManifest(id);
      samples.push(performance.now() - t0);
      if (!manifest.includes('name = "bigdep"')) throw new Error(`unexpected manifest:\n${manifest}`);
      if (hash.base32 !== nixBase32) throw new Error(`tree hash ${hash.base32} differs from nix-hash's ${nixBase32}`);
      sri = hash.sri;
      requestsPerRun = requests;
    }
    return { repoBytes: FILES * FILE_BYTES, latencyMs: LATENCY_MS, totalMs: summarise(samples), requestsPerRun, sri, goalMs: GOAL_MS };
  } finally {
    await edge.close();
    await hop.close();
    await server.close();
  }
}

export function gitEdgeReport(f: GitEdgeFigures): string[] {
  const t = f.totalMs;
  return [
    `Git dependency of ${(f.repoBytes / 2 ** 20).toFixed(1)} MB through the edge (workerd) with ${f.latencyMs} ms added per request: manifest + Nix hash`,
    `  median ${t.median.toFixed(0)} ms  min ${t.min.toFixed(0)} ms  max ${t.max.toFixed(0)} ms  (${t.runs} runs, ${f.requestsPerRun} requests each, ${f.sri})`,
    `Goal: < ${f.goalMs} ms — ${t.median < f.goalMs ? 'met' : 'NOT met'}`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await gitEdgeFigures((s) => process.stderr.write(`${s}\n`));
  for (const line of gitEdgeReport(figures)) console.log(line);
}
