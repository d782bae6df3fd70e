// The Tree view's query (worker/browser/tree-query.ts): the options object read as the command line
// reads the same flags, the text equal to Debian's cargo's (the golden runs of test/fixtures/tree),
// cargo's refusals in its words, and the crate spans the page makes links of.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../worker/core/summary.ts';
import { InsightState, insightQueries } from '../../worker/browser/insight-api.ts';
import {
  noDedupeLineCount,
  SITE_ROOT_PATH,
  TreeSource,
  treeArgs,
  treeOptions,
  treeQuery,
  type TreeAnswer,
  type TreeRequest,
} from '../../worker/browser/tree-query.ts';
import { parseTreeArgs } from '../../worker/node/tree-args.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { buildModel, loadSummaries, parseInputs, type ParsedInputs } from '../../worker/pipeline.ts';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import { FIXTURES } from '../support/golden.ts';
import { expectedText, loadTreeWorkspace, treeManifest, type TreeRun } from '../golden/tree/tree-cases.ts';

const manifest = treeManifest();
const runOf = (args: readonly string[]): TreeRun => {
  const r = manifest.runs.find((x) => x.set === 'debian' && x.case === 'workspace' && JSON.stringify(x.args) === JSON.stringify(args));
  if (!r) throw new Error(`no golden run ${args.join(' ')}`);
  return r;
};

const HOST = ['--target', 'x86_64-unknown-linux-gnu'];
/** A request and the golden run of cargo with the same flags (in the order the reference was made). */
const CASES: readonly [TreeRequest, readonly string[]][] = [
  [{}, []],
  [{ edges: ['features'] }, ['-e', 'features']],
  [{ target: ['all'] }, ['--target', 'all']],
  [{ target: ['x86_64-pc-windows-msvc'], edges: ['features'] }, ['--target', 'x86_64-pc-windows-msvc', '-e', 'features']],
  [{ target: ['x86_64-unknown-linux-gnu'], edges: ['no-dev'] }, [...HOST, '-e', 'no-dev']],
  [{ target: ['x86_64-unknown-linux-gnu'], workspace: true }, [...HOST, '--workspace']],
  [{ target: ['x86_64-unknown-linux-gnu'], depth: 1 }, [...HOST, '--depth', '1']],
  [{ target: ['x86_64-unknown-linux-gnu'], prefix: 'depth', edges: ['features'] }, [...HOST, '--prefix', 'depth', '-e', 'features']],
  [{ target: ['x86_64-unknown-linux-gnu'], prefix: 'none' }, [...HOST, '--prefix', 'none']],
  [{ target: ['x86_64-unknown-linux-gnu'], charset: 'ascii' }, [...HOST, '--charset', 'ascii']],
  [{ target: ['x86_64-unknown-linux-gnu'], noDedupe: true }, [...HOST, '--no-dedupe']],
  [{ target: ['x86_64-unknown-linux-gnu'], duplicates: true }, [...HOST, '-d']],
  [{ target: ['x86_64-unknown-linux-gnu'], package: ['app'], features: ['extra'] }, [...HOST, '-p', 'app', '--features', 'extra']],
  [{ target: ['x86_64-unknown-linux-gnu'], allFeatures: true }, [...HOST, '--all-features']],
  [{ target: ['x86_64-unknown-linux-gnu'], noDefaultFeatures: true }, [...HOST, '--no-default-features']],
  [{ target: ['x86_64-unknown-linux-gnu'], invert: ['syn'], edges: ['features'] }, [...HOST, '-i', 'syn', '-e', 'features']],
  [{ target: ['x86_64-unknown-linux-gnu'], format: '{p} [{f}]' }, [...HOST, '-f', '{p} [{f}]']],
  // Glob patterns pick workspace members, as cargo's `-p 'a*'` does.
  [{ target: ['x86_64-unknown-linux-gnu'], package: ['[!a]*'] }, [...HOST, '-p', '[!a]*']],
  [{ target: ['x86_64-unknown-linux-gnu'], package: ['u*', 'app'] }, [...HOST, '-p', 'u*', '-p', 'app']],
];

let source: TreeSource;
let model: ResolvedWorkspace;
beforeAll(async () => {
  const run = runOf([]);
  const inputs: ParsedInputs = parseInputs(await readWorkspaceDir(join(FIXTURES, run.dir)));
  const summaries: Map<string, Summary> = await loadSummaries(inputs, { source: new RegistryDirSource(join(FIXTURES, run.registry)) });
  source = new TreeSource(inputs, summaries);
  model = await buildModel(inputs, summaries);
});

function ok(a: TreeAnswer): Extract<TreeAnswer, { ok: true }> {
  if (!a.ok) throw new Error(`tree failed: ${a.error.message}`);
  return a;
}

describe('tree query', () => {
  for (const [request, args] of CASES) {
    it(`${JSON.stringify(request)} prints what cargo tree ${args.join(' ')} printed`, () => {
      const command = parseTreeArgs(['.', ...args]);
      if (command === 'help') throw new Error('help');
      expect(treeOptions(request)).toEqual(command.options);
      expect(parseTreeArgs(['.', ...treeArgs(request)])).toEqual(command);
      const answer = ok(treeQuery(source, request));
      expect(answer.text).toBe(expectedText(runOf(args)));
    });
  }

  it('names every crate of a printed node, at its columns', () => {
    for (const [request] of CASES) {
      const answer = ok(treeQuery(source, request));
      const lines = answer.text.split('\n');
      for (const s of answer.spans) {
        const shown = lines[s.line]!.slice(s.start, s.end);
        expect(shown).toBe(s.version !== undefined && !lines[s.line]!.slice(s.end).startsWith(' feature') ? `${s.name} v${s.version}` : s.name);
      }
      // Every line but the section headings and the blank lines between roots names a crate (with `{p}` first).
      if (request.format === undefined) {
        const nodeLines = lines.flatMap((l, i) => (l !== '' && !/^[\s│|]*\[[a-z-]+\]$/.test(l) ? [i] : []));
        expect(answer.spans.map((s) => s.line)).toEqual(nodeLines);
      }
    }
  });

  it('a feature node links its crate, with the version when the crate comes in one version', () => {
    const answer = ok(treeQuery(source, { edges: ['features'] }));
    const feature = answer.spans.find((s) => answer.text.split('\n')[s.line]!.slice(s.end).startsWith(' feature "'));
    expect(feature).toBeDefined();
    expect(feature!.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("gives cargo's refusals in its words, and a bad request as such", () => {
    const nosuch = treeQuery(source, { target: ['x86_64-unknown-linux-gnu'], package: ['nosuch'] });
    expect(nosuch.ok).toBe(false);
    if (nosuch.ok) return;
    expect(nosuch.cargo).toBe(true);
    expect(`error: ${nosuch.error.message}\n`).toBe(expectedText(runOf([...HOST, '-p', 'nosuch'])));
    const edges = treeQuery(source, { target: ['x86_64-unknown-linux-gnu'], edges: ['normal,no-dev'] });
    expect(!edges.ok && `error: ${edges.error.message}\n`).toBe(expectedText(runOf([...HOST, '-e', 'normal,no-dev'])));
    // A pattern that matches no member, and an unknown feature with cargo's suggestions.
    const pattern = treeQuery(source, { target: ['x86_64-unknown-linux-gnu'], package: ['zz*', 'q?'] });
    expect(!pattern.ok && pattern.cargo && `error: ${pattern.error.message}\n`).toBe(expectedText(runOf([...HOST, '-p', 'zz*', '-p', 'q?'])));
    const typo = treeQuery(source, { target: ['x86_64-unknown-linux-gnu'], package: ['util'], features: ['utl/lo'] });
    expect(!typo.ok && typo.cargo && `error: ${typo.error.message}\n`).toBe(expectedText(runOf([...HOST, '-p', 'util', '--features', 'utl/lo'])));
    const depth = treeQuery(source, { depth: -1 });
    expect(depth.ok).toBe(false);
    expect(!depth.ok && depth.cargo).toBe(false);
  });

  it('prints the workspace root as the reference files do, and answers through the insight queries', () => {
    expect(SITE_ROOT_PATH).toBe(manifest.workspaceRoot);
    const state = new InsightState();
    const queries = insightQueries(state);
    expect(queries.tree({})).toBeUndefined();
    state.set(model, undefined, source);
    expect(queries.tree({})).toEqual(treeQuery(source, {}));
    // A failed run leaves no tree behind, and a run without the tree's inputs gives none.
    state.set(undefined, undefined, source);
    expect(queries.tree({})).toBeUndefined();
    state.set(model);
    expect(queries.tree({})).toBeUndefined();
  });
});

describe('--no-dedupe size guard', () => {
  const heading = (l: string) => /^[\s│|]*\[[a-z-]+\]$/.test(l);
  const runs = manifest.runs.filter((r) => r.exit === 0 && r.args.includes('--no-dedupe'));

  it('counts the lines cargo printed for every golden --no-dedupe run (headings aside)', async () => {
    expect(runs.length).toBeGreaterThanOrEqual(15);
    for (const run of runs) {
      const ws = await loadTreeWorkspace(run, SITE_ROOT_PATH);
      const command = parseTreeArgs(['.', ...run.args]);
      if (command === 'help') throw new Error('help');
      const lines = expectedText(run).slice(0, -1).split('\n');
      expect(noDedupeLineCount(ws, command.options), `${run.case} ${run.args.join(' ')}`).toBe(lines.filter((l) => !heading(l)).length);
    }
  });

  it('refuses a tree of millions of lines with a clear message, and prints it with a depth', async () => {
    const run = manifest.runs.find((r) => r.case === 'bigger-project' && r.args.includes('--no-dedupe'))!;
    const inputs = parseInputs(await readWorkspaceDir(join(FIXTURES, run.dir)));
    const big = new TreeSource(inputs, await loadSummaries(inputs, { source: new RegistryDirSource(join(FIXTURES, run.registry)) }));
    // 1.3 million lines: the guard answers at once instead of a worker busy for minutes.
    const refused = treeQuery(big, { noDedupe: true, edges: ['features'], target: ['all'] });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.message).toMatch(/^with --no-dedupe this tree has more than 200,000 lines .*set a depth/);
    expect(ok(treeQuery(big, { target: ['x86_64-unknown-linux-gnu'], noDedupe: true, depth: 3 })).text).toBe(expectedText(run));
  });
});
