// The real-eval plan needs the mirrors to run, but its shape can be checked
// here: a refused variant whose edit no longer matches what the generator
// writes would make run.sh stop, and run names must be usable as store names.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RegistryDirSource } from '../../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../../worker/node/workspace-dir.ts';
import { resolveWorkspace } from '../../../worker/pipeline.ts';
import { renderFlakeNix } from '../../../worker/render/cargo2nix/flake-nix.ts';
import { applyEdit, plannedRuns, runDir } from './plan.ts';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const runs = plannedRuns(fixtures);

describe('real-eval plan', () => {
  it('names each run once, as a folder real-eval accepts', () => {
    expect(new Set(runs.map((r) => r.name)).size).toBe(runs.length);
    for (const r of runs) expect(runDir(r.name)).toMatch(/^[A-Za-z0-9+._?=-]+$/);
  });

  it('edits every refused variant out of a flake the generator writes', async () => {
    const refused = runs.filter((r) => r.edit);
    expect(refused.map((r) => r.name.startsWith('refused:'))).not.toContain(false);
    expect(refused.length).toBeGreaterThan(0);
    const model = await resolveWorkspace(await readWorkspaceDir(`${fixtures}crates-io/cases/hello-world`), {
      source: new RegistryDirSource(`${fixtures}crates-io/registry`),
    });
    for (const r of refused) {
      const flake = renderFlakeNix(model, r.options);
      expect(applyEdit(flake, r.edit!), r.name).not.toBe(flake);
    }
  });

  it('refuses an edit that matches nothing', () => {
    expect(() => applyEdit('{ }\n', { from: 'rustVersion = "1.83.0"', to: 'rustVersion = "1.99.0"' })).toThrow(/edit found no/);
    expect(() => applyEdit('{ }\n', { dropLinesWith: 'rustc.config = ' })).toThrow(/edit found no/);
  });
});
