// NAR hashing throughput for `npm run bench` (issue 9: ≥ 200 MB/s in the browser worker and in
// Node). One synthetic source tree of 64 MiB — a few large files, many small ones, the mix of a
// real checkout — hashed three ways in Node (from memory with hash-wasm, streamed from disk with
// hash-wasm, from memory with Node's OpenSSL for scale) and once in a dedicated Web Worker in
// Debian's chromium, where the same bytes arrive as one buffer plus a layout. Every run's SRI is
// checked against the first, so a fast wrong answer cannot pass for a figure.
//
//   tsx test/bench/nar.ts      (on its own; run.ts calls narFigures unless --no-nar)
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { FileTree } from '../../worker/hash/file-tree.ts';
import { createSHA256 } from 'hash-wasm';
import { narHash, type HasherFactory } from '../../worker/hash/nar-hash.ts';
import { fileTreeFromPaths } from '../../worker/hash/tree-from-paths.ts';
import { narHashPath } from '../../worker/node/read-tree.ts';
import { launchBrowser } from '../support/browser.ts';
import { serveStatic } from '../support/static-server.ts';
import { summarise, type Stats } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const NAR_GOAL_MBS = 200;
const RUNS = 7;
/** The encoder's staging size: hashers get the archive in pieces of this size. */
const STAGING = 64 * 1024;

/** Files of the bench tree: [folder count, files per folder, bytes per file]. 64 MiB in all. */
const SHAPE = [
  { dir: 'assets', folders: 1, files: 8, size: 4 << 20 },
  { dir: 'src', folders: 64, files: 32, size: 8 << 10 },
  { dir: 'tests', folders: 256, files: 64, size: 1 << 10 },
] as const;

interface Entry {
  readonly path: string;
  readonly offset: number;
  readonly size: number;
  readonly executable: boolean;
}

/** The layout and one buffer holding every file's bytes back to back (varied, not compressible to nothing). */
export function benchFiles(): { entries: Entry[]; data: Uint8Array } {
  const entries: Entry[] = [];
  let offset = 0;
  for (const s of SHAPE) {
    for (let d = 0; d < s.folders; d++) {
      for (let f = 0; f < s.files; f++) {
        entries.push({ path: `${s.dir}/d${d}/f${f}.rs`, offset, size: s.size, executable: f % 7 === 0 });
        offset += s.size;
      }
    }
  }
  const data = new Uint8Array(offset);
  let x = 0x9e3779b9;
  for (let i = 0; i < data.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    data[i] = x;
    data[i + 1] = x >>> 8;
    data[i + 2] = x >>> 16;
    data[i + 3] = x >>> 24;
  }
  return { entries, data };
}

/** The bench tree over the one buffer (files are views into it), in Node and in the browser worker alike. */
export function treeOf(entries: readonly Entry[], data: Uint8Array): FileTree {
  return fileTreeFromPaths(
    entries.map((e) => ({ path: e.path, type: 'regular', executable: e.executable, contents: data.subarray(e.offset, e.offset + e.size) })),
  );
}

export interface NarThroughput {
  /** Milliseconds per hash of the whole tree. */
  readonly ms: Stats;
  /** NAR bytes hashed per second at the median, in MB/s (10^6 bytes). */
  readonly mbPerS: number;
  /** NAR bytes per second of this process's CPU time (user + system), at the median: steadier than wall time on a shared machine. Node only. */
  readonly cpuMbPerS?: number;
  /** The same hasher over the file contents alone (one buffer, 64 KiB updates), timed between the NAR runs: the ceiling the archive's framing and walk are measured against. */
  readonly rawMbPerS?: number;
}

export interface NarFigures {
  readonly files: number;
  readonly treeBytes: number;
  readonly narBytes: number;
  readonly sri: string;
  readonly node: { readonly wasmMemory: NarThroughput; readonly wasmDisk: NarThroughput; readonly opensslMemory: NarThroughput };
  readonly browserWorker: NarThroughput;
  readonly goalMbPerS: number;
}

const nodeSha256: HasherFactory = () => {
  const h = createHash('sha256');
  return Promise.resolve({ update: (c) => void h.update(c), digest: () => new Uint8Array(h.digest()) });
};

/** NAR size of a tree: the tokens around each file are small but not nothing on 18,000 files. */
function narSize(tree: FileTree): number {
  const str = (n: number) => 8 + Math.ceil(n / 8) * 8;
  const node = (t: FileTree): number => {
    if (t.type === 'regular') return str(1) * 2 + str(4) + str(7) + (t.executable ? str(10) + str(0) : 0) + str(8) + str(t.contents.length);
    if (t.type === 'symlink') throw new Error('no symlinks in the bench tree');
    let n = str(1) * 2 + str(4) + str(9);
    for (const [name, child] of t.entries) n += str(5) + str(1) * 2 + str(4) + str(new TextEncoder().encode(name).length) + str(4) + node(child);
    return n;
  };
  return str(13) + node(tree);
}

/** SHA-256 of `data` with hash-wasm in 64 KiB updates, as the encoder feeds it. */
async function rawWasm(data: Uint8Array): Promise<void> {
  const h = await createSHA256();
  for (let o = 0; o < data.length; o += STAGING) h.update(data.subarray(o, o + STAGING));
  h.digest('binary');
}

async function timed(
  runs: number,
  sri: string,
  hash: () => Promise<string>,
  bytes: number,
  raw?: { bytes: number; run: () => Promise<void> },
): Promise<NarThroughput> {
  // Two untimed runs: WebAssembly tiers up from its baseline compiler while the first ones run.
  for (let i = 0; i < 2; i++) if ((await hash()) !== sri) throw new Error('warm-up hash differs from the reference');
  const samples: number[] = [];
  const cpu: number[] = [];
  const rawSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (raw) {
      const r0 = performance.now();
      await raw.run();
      rawSamples.push(performance.now() - r0);
    }
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const got = await hash();
    samples.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    if (got !== sri) throw new Error(`run ${i} hashed to ${got}, not ${sri}`);
  }
  const ms = summarise(samples);
  return {
    ms,
    mbPerS: bytes / 1e6 / (ms.median / 1000),
    cpuMbPerS: bytes / 1e6 / (summarise(cpu).median / 1000),
    rawMbPerS: raw && raw.bytes / 1e6 / (summarise(rawSamples).median / 1000),
  };
}

// The worker's whole program: fetch the bytes and layout, rebuild the tree, hash it RUNS + 1 times.
const WORKER_SOURCE = `
import { createSHA256 } from 'hash-wasm';
import { narHash } from './worker/hash/nar-hash.ts';
import { fileTreeFromPaths } from './worker/hash/tree-from-paths.ts';
self.onmessage = async (ev) => {
  const { runs } = ev.data;
  const [entries, data] = await Promise.all([
    fetch('/layout.json').then((r) => r.json()),
    fetch('/tree.bin').then((r) => r.arrayBuffer()).then((b) => new Uint8Array(b)),
  ]);
  const tree = fileTreeFromPaths(entries.map((e) => ({ path: e.path, type: 'regular', executable: e.executable, contents: data.subarray(e.offset, e.offset + e.size) })));
  const sris = [(await narHash(tree)).sri, (await narHash(tree)).sri];
  const samples = [];
  const rawSamples = [];
  for (let i = 0; i < runs; i++) {
    const r0 = performance.now();
    const h = await createSHA256();
    for (let o = 0; o < data.length; o += 65536) h.update(data.subarray(o, o + 65536));
    h.digest('binary');
    rawSamples.push(performance.now() - r0);
    const t0 = performance.now();
    sris.push((await narHash(tree)).sri);
    samples.push(performance.now() - t0);
  }
  self.postMessage({ sris, samples, rawSamples });
};
`;

async function browserWorker(entries: readonly Entry[], data: Uint8Array, sri: string, narBytes: number, runs: number): Promise<NarThroughput> {
  const dir = mkdtempSync(join(tmpdir(), 'nar-bench-site-'));
  try {
    writeFileSync(join(dir, 'layout.json'), JSON.stringify(entries));
    writeFileSync(join(dir, 'tree.bin'), data);
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>nar bench</title>');
    await build({
      stdin: { contents: WORKER_SOURCE, resolveDir: ROOT, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      minify: true,
      outfile: join(dir, 'nar-worker.js'),
      logLevel: 'error',
    });
    const server = await serveStatic(dir);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/`);
      const result = (await page.evaluate(
        `new Promise((resolve, reject) => {
          const w = new Worker('/nar-worker.js', { type: 'module' });
          w.onmessage = (ev) => resolve(ev.data);
          w.onerror = (ev) => reject(new Error(ev.message));
          w.postMessage({ runs: ${runs} });
        })`,
      )) as { sris: string[]; samples: number[]; rawSamples: number[] };
      for (const s of result.sris) if (s !== sri) throw new Error(`the browser worker hashed to ${s}, Node to ${sri}`);
      const ms = summarise(result.samples);
      return { ms, mbPerS: narBytes / 1e6 / (ms.median / 1000), rawMbPerS: data.length / 1e6 / (summarise(result.rawSamples).median / 1000) };
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function narFigures(progress: (s: string) => void = () => {}, runs = RUNS): Promise<NarFigures> {
  const { entries, data } = benchFiles();
  const tree = treeOf(entries, data);
  const bytes = narSize(tree);
  const sri = (await narHash(tree, nodeSha256)).sri;

  progress('NAR hashing in Node');
  const wasmMemory = await timed(runs, sri, async () => (await narHash(tree)).sri, bytes, { bytes: data.length, run: () => rawWasm(data) });
  const opensslMemory = await timed(runs, sri, async () => (await narHash(tree, nodeSha256)).sri, bytes);
  const disk = mkdtempSync(join(tmpdir(), 'nar-bench-'));
  let wasmDisk: NarThroughput;
  try {
    for (const e of entries) {
      const file = join(disk, e.path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, data.subarray(e.offset, e.offset + e.size));
      if (e.executable) chmodSync(file, 0o755);
    }
    // The first (untimed) run also warms the page cache: the figure is hashing, not the disk.
    wasmDisk = await timed(runs, sri, async () => (await narHashPath(disk)).sri, bytes);
  } finally {
    rmSync(disk, { recursive: true, force: true });
  }

  progress('NAR hashing in a chromium Web Worker');
  const browserFigure = await browserWorker(entries, data, sri, bytes, runs);
  return {
    files: entries.length,
    treeBytes: data.length,
    narBytes: bytes,
    sri,
    node: { wasmMemory, wasmDisk, opensslMemory },
    browserWorker: browserFigure,
    goalMbPerS: NAR_GOAL_MBS,
  };
}

/** The lines run.ts prints. */
export function narReport(f: NarFigures): string[] {
  const row = (label: string, t: NarThroughput) =>
    `  ${label.padEnd(44)} ${t.mbPerS.toFixed(0).padStart(5)} MB/s, best ${(f.narBytes / 1e3 / t.ms.min).toFixed(0).padStart(4)}  (median ${t.ms.median.toFixed(0)} ms, min ${t.ms.min.toFixed(0)} ms, ${t.ms.runs} runs${t.cpuMbPerS === undefined ? '' : `; ${t.cpuMbPerS.toFixed(0)} MB per CPU second`}${t.rawMbPerS === undefined ? '' : `; SHA-256 alone ${t.rawMbPerS.toFixed(0)} MB/s`})`;
  const worst = Math.min(f.node.wasmMemory.mbPerS, f.browserWorker.mbPerS);
  return [
    `NAR hashing: ${f.files} files, ${(f.treeBytes / 2 ** 20).toFixed(0)} MiB of contents, ${(f.narBytes / 1e6).toFixed(1)} MB of NAR (SRI checked every run)`,
    row('Node, hash-wasm, tree in memory', f.node.wasmMemory),
    row('Node, hash-wasm, streamed from disk', f.node.wasmDisk),
    row('Node, OpenSSL (for scale), tree in memory', f.node.opensslMemory),
    row('chromium Web Worker, hash-wasm, in memory', f.browserWorker),
    `Goal: ≥ ${f.goalMbPerS} MB/s in the browser worker and in Node — ${worst >= f.goalMbPerS ? 'met' : 'NOT met'}`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await narFigures((s) => process.stderr.write(`  … ${s}\n`));
  process.stdout.write(narReport(f).join('\n') + '\n');
}
