// The activation analysis resolves each member feature on top of the no-features resolve
// instead of from scratch as cargo2nix does. That shortcut must never change
// the result: compare both strategies on every golden case and on many
// seeded synthetic workspaces.
import { describe, expect, it } from 'vitest';
import { loadSummaries, localDirs, memberInputs, parseInputs } from '../../worker/pipeline.ts';
import { MemorySource } from '../../worker/metadata/memory-source.ts';
import type { MetadataSource } from '../../worker/metadata/source.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { analyseActivation, type FeatureResolveStrategy } from '../../worker/resolve/activation.ts';
import { LockGraph } from '../../worker/resolve/resolver.ts';
import { goldenCases } from '../support/golden.ts';
import { syntheticWorkspace } from '../bench/synthetic.ts';

async function analyses(files: Map<string, string>, source: MetadataSource): Promise<Record<FeatureResolveStrategy, string>> {
  const inputs = parseInputs(files);
  const graph = new LockGraph(inputs.lock, await loadSummaries(inputs, { source }));
  const members = memberInputs(inputs);
  const dirs = localDirs(inputs);
  const out = (s: FeatureResolveStrategy) => JSON.stringify(analyseActivation(graph, members, dirs, s));
  return { incremental: out('incremental'), separate: out('separate') };
}

describe('feature resolve strategies agree', () => {
  for (const c of goldenCases()) {
    it(`golden ${c.set}/${c.name}`, async () => {
      const p = await analyses(await readWorkspaceDir(c.dir), new RegistryDirSource(c.registry));
      expect(p.incremental === p.separate).toBe(true);
    });
  }

  it('synthetic workspaces, 24 seeds', async () => {
    for (let seed = 1; seed <= 24; seed++) {
      const w = syntheticWorkspace(60 + seed * 7, seed);
      const p = await analyses(w.files, new MemorySource(w.snapshot));
      expect(p.incremental === p.separate, `seed ${seed}`).toBe(true);
    }
  });
});
