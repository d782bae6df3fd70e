// Every golden `cargo tree` run (test/fixtures/tree/manifest.json, made with Debian's cargo 1.65)
// must come out of our engine byte for byte: stdout for the runs cargo answered, cargo's error text
// for the ones it refused. Plus the command line's contract on a few of them.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TreeWorkspace } from '../../../worker/views/cargo-tree.ts';
import { assertSameFile, FIXTURES } from '../../support/golden.ts';
import { caseDir, expectedText, loadTreeWorkspace, runTree, treeManifest, type TreeRun } from './tree-cases.ts';

const run = promisify(execFile);
const manifest = treeManifest();
const cases = [...new Set(manifest.runs.map((r) => `${r.set}/${r.case}`))];

describe('golden cargo tree', () => {
  it('has the reference runs', () => {
    expect(manifest.cargo).toBe('cargo 1.65.0');
    expect(cases.length).toBeGreaterThanOrEqual(6);
    expect(manifest.runs.length).toBeGreaterThanOrEqual(300);
  });

  for (const key of cases) {
    describe(key, () => {
      const [set, name] = key.split('/') as [string, string];
      let ws: TreeWorkspace;
      beforeAll(async () => {
        ws = await loadTreeWorkspace(set, name, manifest.workspaceRoot);
      });
      for (const r of manifest.runs.filter((x) => x.set === set && x.case === name)) {
        it(`cargo tree ${r.args.join(' ')}`, () => {
          const got = runTree(ws, r.args);
          assertSameFile(`tree/${r.file}`, got.text, expectedText(r));
          expect(got.exit === 0).toBe(r.exit === 0);
        });
      }
    });
  }
});

describe('npm run tree (command line)', () => {
  const cli = (args: readonly string[]) =>
    run('npx', ['tsx', 'worker/node/tree-cli.ts', ...args], { maxBuffer: 64 << 20 }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  const find = (pred: (r: TreeRun) => boolean) => {
    const r = manifest.runs.find(pred);
    if (!r) throw new Error('no such golden run');
    return r;
  };

  it('prints the golden tree, members with their absolute paths', async () => {
    const r = find((x) => x.case === 'workspace' && x.args.join(' ') === '--target x86_64-unknown-linux-gnu -e features');
    const dir = caseDir(r.set, r.case);
    const out = await cli([dir, '--registry', join(FIXTURES, r.set, 'registry'), ...r.args]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    assertSameFile(`tree/${r.file} (cli)`, out.stdout.split(`${dir}/`).join(`${manifest.workspaceRoot}/`), expectedText(r));
  });

  it("refuses an ambiguous spec with cargo's message and exit code", async () => {
    const r = find((x) => x.case === 'bigger-project' && x.args.join(' ') === '--target x86_64-unknown-linux-gnu -i bytes');
    const out = await cli([caseDir(r.set, r.case), '--registry', join(FIXTURES, r.set, 'registry'), '--root-path', '/ws', ...r.args]);
    expect(out.stdout).toBe('');
    expect(out.code).toBe(101);
    expect(out.stderr).toBe(expectedText(r));
  });

  it('a missing folder is a one-line located error', async () => {
    const out = await cli(['/nonexistent-workspace']);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe('error: /nonexistent-workspace: no such folder\n');
  });
});
