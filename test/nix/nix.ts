// Running Debian's nix-instantiate (Nix 2.8) for the Nix tests: offline and
// without a store to write to (`--store dummy://`, no NIX_PATH, so neither a
// fetcher nor <nixpkgs> can be reached), one process at a time per test file
// — the two Nix test files run side by side, and CI has two cores — with
// every run timed for the suite's summary.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HARNESS = import.meta.dirname;
const PARALLEL = 1;

let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export interface NixRun {
  readonly what: string;
  readonly ms: number;
}

/** Every nix-instantiate run of this test file, for the timing summary. */
export const runs: NixRun[] = [];

export class NixError extends Error {}

const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, NIX_PATH: '' };
  delete e.NIX_REMOTE;
  return e;
};

export function nixInstantiate(args: readonly string[], what: string): Promise<string> {
  return slot(
    () =>
      new Promise<string>((resolve, reject) => {
        const start = performance.now();
        const child = spawn('nix-instantiate', ['--store', 'dummy://', ...args], { env: env(), cwd: HARNESS });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (b: Buffer) => out.push(b));
        child.stderr.on('data', (b: Buffer) => err.push(b));
        child.on('error', (e: NodeJS.ErrnoException) =>
          reject(
            e.code === 'ENOENT' ? new NixError('nix-instantiate is not installed: install Debian’s nix-bin (`.ci/run` does when it is missing)') : e,
          ),
        );
        child.on('close', (code) => {
          runs.push({ what, ms: performance.now() - start });
          const stderr = Buffer.concat(err).toString('utf8');
          if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
          else reject(new NixError(`nix-instantiate failed (${what}), exit ${code}:\n${stderr.slice(0, 4000)}`));
        });
      }),
  );
}

/** `nix-instantiate --parse` on each file in one process. */
export async function parseNix(files: readonly string[], what: string): Promise<void> {
  await nixInstantiate(['--parse', ...files], what);
}

/** Strict evaluation to JSON of a harness file called with `--arg`s (Nix expressions) and `--argstr`s. */
export async function evalHarness<T>(file: string, args: Record<string, string>, argstrs: Record<string, string>, what: string): Promise<T> {
  const flags: string[] = [];
  for (const [k, v] of Object.entries(args)) flags.push('--arg', k, v);
  for (const [k, v] of Object.entries(argstrs)) flags.push('--argstr', k, v);
  const text = await nixInstantiate(['--eval', '--strict', '--json', join(HARNESS, file), ...flags], what);
  return JSON.parse(text) as T;
}

/** A path as a Nix path literal (absolute, so no quoting rules beyond spaces, which temp dirs lack). */
export function nixPath(p: string): string {
  if (!/^\/[A-Za-z0-9._+/-]*$/.test(p)) throw new Error(`path \`${p}\` cannot be written as a Nix path literal`);
  return p;
}

const made: string[] = [];

/** A fresh directory holding the given files, removed by {@link removeDirs}. */
export function writeDir(prefix: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), `c2n-${prefix.replace(/[^A-Za-z0-9-]/g, '-')}-`));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

export function timingSummary(label: string): string {
  const total = runs.reduce((a, r) => a + r.ms, 0);
  const slowest = [...runs].sort((a, b) => b.ms - a.ms)[0];
  return `${label}: ${runs.length} nix-instantiate runs, ${(total / 1000).toFixed(2)} s in total${slowest ? `, slowest ${slowest.what} ${slowest.ms.toFixed(0)} ms` : ''}`;
}

export function removeDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
