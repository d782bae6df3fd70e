// The plan resolves each member feature on top of the no-features resolve
// instead of from scratch as cargo2nix does. That shortcut must never change
// the result: compare both strategies on every golden case and on many
// seeded synthetic workspaces.
import { describe, expect, it } from 'vitest';
import { parseLockfile } from '../../worker/lockfile.ts';
import { summaryFromRegistry } from '../../worker/metadata.ts';
import { MemorySource } from '../../worker/memory-source.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { normaliseManifest, readRawManifest } from '../../worker/manifest.ts';
import type { MetadataSource } from '../../worker/metadata.ts';
import { planWorkspace, type FeatureResolveStrategy } from '../../worker/plan.ts';
import { LockGraph } from '../../worker/resolve.ts';
import { summaryFromManifest } from '../../worker/generate.ts';
import type { Summary } from '../../worker/summary.ts';
import { hasBinary, loadWorkspace } from '../../worker/workspace.ts';
import { goldenCases } from '../support/golden.ts';
import { syntheticWorkspace } from '../bench/synthetic.ts';

async function plans(files: Map<string, string>, source: MetadataSource): Promise<Record<FeatureResolveStrategy, string>> {
  const ws = loadWorkspace(files);
  const lock = parseLockfile(files.get('Cargo.lock')!);
  const summaries = new Map<string, Summary>();
  for (const p of lock.packages) {
    if (p.id.source.kind === 'path') {
      const m = [...ws.localByDir.values()].find((x) => x.name === p.id.name && x.version === p.id.version);
      if (m) summaries.set(p.id.key, summaryFromManifest(p.id, m));
    } else if (p.id.source.kind === 'git') {
      summaries.set(p.id.key, summaryFromManifest(p.id, normaliseManifest(readRawManifest('git', await source.gitManifest(p.id)), undefined)));
    } else {
      summaries.set(p.id.key, summaryFromRegistry(p.id, await source.registryCrate(p.id)));
    }
  }
  const members = ws.members.map((m) => ({
    id: lock.packages.find((p) => p.id.source.kind === 'path' && p.id.name === m.name && p.id.version === m.version)!.id,
    rustVersion: m.rustVersion,
    hasBin: hasBinary(m, files),
  }));
  const graph = new LockGraph(lock, summaries);
  const out = (s: FeatureResolveStrategy) => JSON.stringify(planWorkspace(graph, members, s));
  return { incremental: out('incremental'), separate: out('separate') };
}

describe('feature resolve strategies agree', () => {
  for (const c of goldenCases()) {
    it(`golden ${c.set}/${c.name}`, async () => {
      const p = await plans(await readWorkspaceDir(c.dir), new RegistryDirSource(c.registry));
      expect(p.incremental === p.separate).toBe(true);
    });
  }

  it('synthetic workspaces, 24 seeds', async () => {
    for (let seed = 1; seed <= 24; seed++) {
      const w = syntheticWorkspace(60 + seed * 7, seed);
      const p = await plans(w.files, new MemorySource(w.snapshot));
      expect(p.incremental === p.separate, `seed ${seed}`).toBe(true);
    }
  });
});
