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

export interface CliFigures {
  readonly runs: number;
  /** Case name → way → wall-clock ms from spawn to exit. */
  readonly cases: Readonly<Record<string, { readonly packages: number; readonly ways: Readonly<Record<CliWay, Stats>> }>>;
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

/** Wall time of one process, and its stdout. */
function timeProcess(file: string, args: string[]): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`${file} ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString()}`));
      else resolve({ ms, stdout: Buffer.concat(out).toString() });
    });
  });
}

/**
 * `runs` timed runs of every way on every case, after one untimed round (file cache, tsx's cache).
 * Rounds go through all ways in turn, so a change in machine load touches every way alike.
 */
export async function cliFigures(cases: readonly CliCase[], runs: number, progress: (s: string) => void): Promise<CliFigures> {
  progress('bundling dist/cli.mjs');
  await bundleCli();
  const out: Record<string, { packages: number; ways: Record<CliWay, Stats> }> = {};
  for (const c of cases) {
    progress(`command line, whole process: ${c.name}`);
    const expected = readFileSync(join(c.dir, 'expected', 'Cargo.nix'), 'utf8');
    const samples = Object.fromEntries(CLI_WAYS.map((w) => [w, [] as number[]])) as Record<CliWay, number[]>;
    for (let round = 0; round <= runs; round++) {
      for (const way of CLI_WAYS) {
        const { ms, stdout } = await timeProcess(...command(way, c));
        if (way !== 'node -e 0' && stdout !== expected) throw new Error(`${way} on ${c.name}: output differs from expected/Cargo.nix`);
        if (round > 0) samples[way].push(ms);
      }
    }
    out[c.name] = {
      packages: packagesListed(expected).size,
      ways: Object.fromEntries(CLI_WAYS.map((w) => [w, summarise(samples[w])])) as Record<CliWay, Stats>,
    };
  }
  return { runs, cases: out };
}
