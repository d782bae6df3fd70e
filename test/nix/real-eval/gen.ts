// Writes one folder per planned run (plan.ts) for real-eval.sh: a copy of the
// fixture case (minus `expected/`) plus every file the site's renderers write
// for it (renderAll, the same call the web worker makes), and OUT/plan.tsv
// listing name, folder, system and case for run.sh and record.ts.
//   tsx test/nix/real-eval/gen.ts OUT [NAME_REGEX]
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedWorkspace } from '../../../worker/model/model.ts';
import { RegistryDirSource } from '../../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../../worker/node/workspace-dir.ts';
import { resolveWorkspace } from '../../../worker/pipeline.ts';
import { RENDERERS, renderAll } from '../../../worker/render/index.ts';
import { applyEdit, plannedRuns, runDir, type PlannedRun } from './plan.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

const models = new Map<string, Promise<ResolvedWorkspace>>();
function model(c: string): Promise<ResolvedWorkspace> {
  let m = models.get(c);
  if (!m) {
    const [set, name] = c.split('/') as [string, string];
    m = readWorkspaceDir(join(FIXTURES, set, 'cases', name)).then((files) =>
      resolveWorkspace(files, { source: new RegistryDirSource(join(FIXTURES, set, 'registry')) }),
    );
    models.set(c, m);
  }
  return m;
}

async function writeRun(run: PlannedRun, dir: string): Promise<void> {
  const [set, name] = run.case.split('/') as [string, string];
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(FIXTURES, set, 'cases', name), dir, { recursive: true, filter: (src) => !src.split('/').includes('expected') });
  // cargo2nix's files only: every backend writes its own flake.nix, and real-eval checks cargo2nix's.
  for (const output of renderAll(
    await model(run.case),
    { flake: run.options },
    RENDERERS.filter((r) => r.backend === 'cargo2nix'),
  )) {
    if (!output.ok) throw new Error(`${run.name}: ${output.label}: ${output.error.message}`);
    for (const file of output.files) {
      const path = join(dir, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.text);
    }
  }
  if (run.edit) writeFileSync(join(dir, 'flake.nix'), applyEdit(readFileSync(join(dir, 'flake.nix'), 'utf8'), run.edit));
}

const [out, filter] = process.argv.slice(2);
if (!out) throw new Error('usage: gen.ts OUT [NAME_REGEX]');
const pick = new RegExp(filter ?? '');
const runs = plannedRuns(FIXTURES).filter((r) => pick.test(r.name));
if (runs.length === 0) throw new Error(`no planned run matches /${filter}/`);
const lines: string[] = [];
for (const run of runs) {
  await writeRun(run, join(out, 'flakes', runDir(run.name)));
  lines.push([run.name, runDir(run.name), run.system, run.case].join('\t'));
}
writeFileSync(join(out, 'plan.tsv'), lines.join('\n') + '\n');
console.log(`${runs.length} flakes in ${join(out, 'flakes')}`);
