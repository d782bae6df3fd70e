// The synthetic workspaces the bench times must be valid generator input:
// generation succeeds, every locked package is in the Cargo.nix, and the lock
// is exactly what cargo's resolver activates (no edge the resolve skips, none
// it needs missing), so the bench measures realistic work, not an error path.
import { describe, expect, it } from 'vitest';
import { generateCargoNix } from '../../worker/pipeline.ts';
import { MemorySource } from '../../worker/metadata/memory-source.ts';
import { parseLockfile } from '../../worker/parse/lockfile.ts';
import { displayPackageId } from '../../worker/core/package-id.ts';
import { resolve } from '../../worker/resolve/resolver.ts';
import { phasedRun } from './phases.ts';
import { MEMBER, syntheticWorkspace } from './synthetic.ts';

const N = 200;

function listedPackages(nix: string): string[] {
  return [...nix.matchAll(/^ {2}"[^"]+"\.(\S+)\."([^"]+)" = overridableMkRustCrate/gm)].map((m) => `${m[1]}@${m[2]}`);
}

describe(`synthetic workspace, N=${N}`, () => {
  const ws = syntheticWorkspace(N);

  it('generates a Cargo.nix listing every locked package once', async () => {
    const nix = await generateCargoNix(ws.files, { source: new MemorySource(ws.snapshot) });
    const listed = listedPackages(nix);
    expect(ws.packages).toHaveLength(N);
    expect(listed).toHaveLength(N);
    expect(new Set(listed)).toEqual(new Set(ws.packages));
    // Member features gate optional parts, and target tables become platform conditions.
    expect(nix).toContain(`rootFeatures' ? "${MEMBER.name}/`);
    expect(nix).toContain('hostPlatform.isUnix');
  });

  it('locks exactly the edges the all-features resolve activates', async () => {
    const { graph } = await phasedRun(ws.files, new MemorySource(ws.snapshot));
    const member = graph.lock.packages.find((p) => p.id.name === MEMBER.name)!;
    const all = resolve(graph, [{ id: member.id, allFeatures: true, features: [], usesDefaultFeatures: true }], true);
    expect(all.packages.size).toBe(N);
    for (const p of graph.lock.packages) {
      const locked = p.dependencies.map((d) => d.key).sort();
      const activated = [...(all.edges.get(p.id.key)?.keys() ?? [])].sort();
      expect(activated, displayPackageId(p.id)).toEqual(locked);
    }
  });

  it('has the shapes real locks have', () => {
    const s = ws.stats;
    for (const k of ['optional', 'build', 'dev', 'target', 'renamed', 'twoMajors', 'procMacros'] as const) expect(s[k], k).toBeGreaterThan(0);
    expect(s.memberFeatures).toBeGreaterThanOrEqual(8);
    const lock = parseLockfile(ws.files.get('Cargo.lock')!);
    const counts = lock.packages.map((p) => p.dependencies.length).filter((_, i) => lock.packages[i]!.id.name !== MEMBER.name);
    expect(Math.max(...counts)).toBeLessThanOrEqual(10);
    expect(lock.packages.find((p) => p.id.name === MEMBER.name)!.dependencies.length).toBeGreaterThanOrEqual(30);
  });

  it('is deterministic for a seed, and the seed matters', () => {
    const again = syntheticWorkspace(N);
    expect(again.files).toEqual(ws.files);
    expect(again.snapshot).toEqual(ws.snapshot);
    expect(syntheticWorkspace(N, 7).files.get('Cargo.lock')).not.toBe(ws.files.get('Cargo.lock'));
  });

  it('renders the same Cargo.nix through the bench’s phase-by-phase pipeline', async () => {
    const source = new MemorySource(ws.snapshot);
    const [whole, phased] = await Promise.all([generateCargoNix(ws.files, { source }), phasedRun(ws.files, source)]);
    expect(phased.nix).toBe(whole);
  });
});
