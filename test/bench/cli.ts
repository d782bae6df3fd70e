// Whole-process command-line timings for `npm run bench`: what a user waits for, start-up included,
// for each way of running the generator (npm script, tsx, the bundled dist/cli.mjs) and for a bare
// `node -e 0` as the floor. Every run's stdout is checked against the case's expected Cargo.nix.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCli, CLI_BUNDLE } from '../../worker/node/bundle-cli.ts';
import { packagesListed } from './listed-packages.ts';
import { summarise, type Stats } from './stats.ts';

const ROOT = join(import.meta.dirname, '..', '..');

export interface CliCase {
  readonly name: string;
  readonly dir: string;
  readonly registry: string;
}

export type CliWay = 'npm run generate' | 'tsx' | 'node dist/cli.mjs' | 'node -e 0';
export const CLI_WAYS: readonly CliWay[] = ['npm run generate', 'tsx', 'node dist/cli.mjs', 'node -e 0'];

export interface CliWayFigures {
  /** Wall-clock ms from spawn to exit. */
  readonly wall: Stats;
  /**
   * Mean CPU ms (user + system, the process and its own children) per run, from Linux's count of
   * waited-for children's time (/proc/self/stat, 10 ms ticks, hence a mean); undefined elsewhere.
   * Less swayed by other work on the machine than wall time.
   */
  readonly cpuMean: number | undefined;
}

export interface CliFigures {
  readonly runs: number;
  readonly cases: Readonly<Record<string, { readonly packages: number; readonly ways: Readonly<Record<CliWay, CliWayFigures>> }>>;
}

function command(way: CliWay, c: CliCase): [string, string[]] {
  const args = [c.dir, '--registry', c.registry];
  switch (way) {
    case 'npm run generate':
      return ['npm', ['run', '--silent', 'generate', '--', ...args]];
    case 'tsx':
      return [join(ROOT, 'node_modules', '.bin', 'tsx'), ['worker/node/cli.ts', ...args]];
    case 'node dist/cli.mjs':
      return [process.execPath, [CLI_BUNDLE, ...args]];
    case 'node -e 0':
      return [process.execPath, ['-e', '0']];
  }
}

/** CPU ms of all waited-for child processes so far (cutime + cstime), or undefined without /proc. */
function childrenCpuMs(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the parenthesised command name start at field 3; cutime and cstime are 16 and 17,
  // in USER_HZ ticks, which Linux fixes at 100 per second for /proc.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** Wall and CPU time of one process, and its stdout. */
function timeProcess(file: string, args: string[]): Promise<{ ms: number; cpuMs: number | undefined; stdout: string }> {
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    const child = spawn(file, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const cpuAfter = childrenCpuMs();
      const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
      if (code !== 0) reject(new Error(`${file} ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString()}`));
      else resolve({ ms, cpuMs, stdout: Buffer.concat(out).toString() });
    });
  });
}

function mean(xs: readonly (number | undefined)[]): number | undefined {
  let sum = 0;
  for (const x of xs) {
    if (x === undefined) return undefined;
    sum += x;
  }
  return sum / xs.length;
}

/**
 * `runs` timed runs of every way on every case, after one untimed round (file cache, tsx's cache).
 * Rounds go through all ways in turn, so a change in machine load touches every way alike.
 */
export async function cliFigures(cases: readonly CliCase[], runs: number, progress: (s: string) => void): Promise<CliFigures> {
  progress('bundling dist/cli.mjs');
  await bundleCli();
  const out: Record<string, { packages: number; ways: Record<CliWay, CliWayFigures> }> = {};
  for (const c of cases) {
    progress(`command line, whole process: ${c.name}`);
    const expected = readFileSync(join(c.dir, 'expected', 'Cargo.nix'), 'utf8');
    const wall = new Map<CliWay, number[]>(CLI_WAYS.map((w) => [w, []]));
    const cpu = new Map<CliWay, (number | undefined)[]>(CLI_WAYS.map((w) => [w, []]));
    for (let round = 0; round <= runs; round++) {
      for (const way of CLI_WAYS) {
        const r = await timeProcess(...command(way, c));
        if (way !== 'node -e 0' && r.stdout !== expected) throw new Error(`${way} on ${c.name}: output differs from expected/Cargo.nix`);
        if (round === 0) continue;
        wall.get(way)!.push(r.ms);
        cpu.get(way)!.push(r.cpuMs);
      }
    }
    const ways = Object.fromEntries(CLI_WAYS.map((w) => [w, { wall: summarise(wall.get(w)!), cpuMean: mean(cpu.get(w)!) }]));
    out[c.name] = { packages: packagesListed(expected).size, ways: ways as Record<CliWay, CliWayFigures> };
  }
  return { runs, cases: out };
}
