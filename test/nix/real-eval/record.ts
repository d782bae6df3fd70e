// Turns a run.sh output folder into record rows (the ```tsv real-eval-record
// block of test/nix/REAL-EVAL.md, which test/unit/flake-catalogue.test.ts reads).
// Each row comes from the run's generated flake.nix (ref, Rust version, targets)
// and real-eval's inputs.txt (commits locked, distinct nixpkgs) and results.tsv
// (outputs instantiated, first error).
//   tsx record.ts OUT                  write OUT/record.tsv
//   tsx record.ts OUT --compare MD     also print each row that differs from MD's record; exit 1 if any
//   tsx record.ts OUT --update MD      also put the rows into MD's record (replacing rows of the same
//                                      run, dropping rows of runs plan.ts no longer plans)
// REAL_EVAL_CACHE (as run.sh was given it) is written `$REAL_EVAL_CACHE` in error texts, so a row
// does not depend on the cache folder or on which parallel loop ran it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { plannedRuns } from './plan.ts';

const COLUMNS = ['run', 'case', 'system', 'ref', 'cargo2nix', 'rust', 'rust-overlay', 'nixpkgs', 'targets', 'outputs', 'result'];
/** A line of gen.ts's plan.tsv: run name, folder, system, fixture case. */
type PlanLine = [string, string, string, string];

const BLOCK = /(```tsv real-eval-record\n)([\s\S]*?)(```)/;

function readOptional(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One record row for a finished run of plan.tsv; OUT holds flakes/DIR and results/DIR(.txt). */
function recordRow(out: string, [name, dir, system, caseName]: PlanLine, cacheBase: string): string {
  const flake = readFileSync(join(out, 'flakes', dir, 'flake.nix'), 'utf8');
  const ref = /github:cargo2nix\/cargo2nix\/([^"]+)"/.exec(flake)?.[1] ?? '-';
  const rust = /rustVersion = "([^"]+)"/.exec(flake)?.[1] ?? '-';
  const targets = [...new Set([...flake.matchAll(/\btarget = "([^"]+)"/g)].map((m) => m[1]!))].sort();
  const results = join(out, 'results', dir);
  const inputs = readOptional(join(results, 'inputs.txt')) ?? '';
  const cargo2nix = /cargo2nix -> \S+ @ ([0-9a-f]+)/.exec(inputs)?.[1] ?? '-';
  const overlay = /rust-overlay -> github:oxalica\/rust-overlay\/([0-9a-f]{40})/.exec(inputs)?.[1]?.slice(0, 12) ?? '-';
  const nixpkgs = new Set([...inputs.matchAll(/nixpkgs -> github:\w+\/nixpkgs\/([0-9a-f]{40})/g)].map((m) => m[1])).size;
  const cache = new RegExp(`${escapeRegExp(cacheBase)}(-\\d+)?(?=/)`, 'g');
  const clean = (error: string) => error.replaceAll('error: ', '').replace(cache, '$REAL_EVAL_CACHE').trim();
  let outputs: string;
  let result: string;
  const tsv = readOptional(join(results, 'results.tsv'));
  if (tsv !== undefined) {
    // results.tsv columns: kind, name, status, drv, closure_drvs, crate_drvs, unique_crates, lock_packages, error
    const lines = tsv
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'));
    const fails = lines.filter((l) => l[2] !== 'ok');
    outputs = `${lines.length - fails.length}/${lines.length}`;
    result = fails.length === 0 ? 'ok' : `FAIL ${fails.map((l) => `${l[0]} ${l[1]}`).join(', ')}: ${clean(fails[0]![8] ?? '')}`;
  } else {
    // real-eval stopped before listing outputs (an input that cannot be locked, a flake that does not evaluate).
    const log = readOptional(join(out, 'results', `${dir}.txt`)) ?? '';
    outputs = '0/0';
    result = `FAIL outputs: ${clean(log.split('\n').find((l) => l.includes('error')) ?? 'no outputs')}`;
  }
  return [name, caseName, system, ref, cargo2nix, rust, overlay, String(nixpkgs), targets.join(',') || '-', outputs, result].join('\t');
}

function recordOf(md: string): string[] {
  const block = BLOCK.exec(md);
  if (!block) throw new Error('no ```tsv real-eval-record block');
  return block[2]!.trimEnd().split('\n').slice(1);
}

const nameOf = (row: string) => row.split('\t', 1)[0]!;

function main(): number {
  const [out, mode, md] = process.argv.slice(2);
  if (!out || (mode !== undefined && (!['--compare', '--update'].includes(mode) || !md))) {
    throw new Error('usage: record.ts OUT [--compare REAL-EVAL.md | --update REAL-EVAL.md]');
  }
  const cacheBase = process.env.REAL_EVAL_CACHE ?? '/tmp/real-eval-cache';
  const rows = readFileSync(join(out, 'plan.tsv'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => l.split('\t') as PlanLine)
    .filter(([, dir]) => existsSync(join(out, 'results', `${dir}.txt`)))
    .map((line) => recordRow(out, line, cacheBase));
  writeFileSync(join(out, 'record.tsv'), [COLUMNS.join('\t'), ...rows].join('\n') + '\n');
  const ok = rows.filter((r) => r.endsWith('\tok')).length;
  console.log(`${rows.length} rows in ${join(out, 'record.tsv')}: ${ok} ok, ${rows.length - ok} not ok`);
  if (!md) return 0;

  const text = readFileSync(md, 'utf8');
  const old = new Map(recordOf(text).map((r) => [nameOf(r), r]));
  if (mode === '--compare') {
    let differ = 0;
    for (const row of rows) {
      const was = old.get(nameOf(row));
      if (was === row) continue;
      differ++;
      console.log(`${nameOf(row)}\n  record: ${was ?? '(no row)'}\n  now:    ${row}`);
    }
    console.log(`${rows.length - differ} of ${rows.length} rows as in ${md}`);
    return differ === 0 ? 0 : 1;
  }
  const fresh = new Map(rows.map((r) => [nameOf(r), r]));
  const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));
  const merged = plannedRuns(fixtures).map((r) => fresh.get(r.name) ?? old.get(r.name));
  const missing = plannedRuns(fixtures).filter((_, i) => merged[i] === undefined);
  if (missing.length > 0) throw new Error(`no row yet for ${missing.map((r) => r.name).join(', ')}: run them first`);
  writeFileSync(
    md,
    text.replace(BLOCK, (_, open: string, _body, close: string) => `${open}${[COLUMNS.join('\t'), ...merged].join('\n')}\n${close}`),
  );
  console.log(`${md}: ${fresh.size} rows from this run, ${merged.length - fresh.size} kept`);
  return 0;
}

process.exitCode = main();
