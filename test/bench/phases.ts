// The steps of `resolveWorkspace` + `renderCargoNix` (worker/generate.ts),
// called one by one through the generator's exports so each can be timed. It
// must produce the same Cargo.nix as `generateCargoNix`; the bench checks
// that on every input, so a change to the pipeline shows up as a failure here
// instead of as silently wrong phase figures.
import { sha256 } from 'hash-wasm';
import { summaryFromManifest } from '../../worker/generate.ts';
import { parseLockfile } from '../../worker/lockfile.ts';
import type { MetadataSource } from '../../worker/metadata.ts';
import { summaryFromRegistry } from '../../worker/metadata.ts';
import type { Manifest } from '../../worker/manifest.ts';
import { planWorkspace, type MemberInput } from '../../worker/plan.ts';
import { extractProfilesFromToml } from '../../worker/profiles.ts';
import { renderCargoNix } from '../../worker/render-cargo-nix.ts';
import { LockGraph } from '../../worker/resolve.ts';
import type { Summary } from '../../worker/summary.ts';
import { hasBinary, loadWorkspace, type WorkspaceFiles } from '../../worker/workspace.ts';

export const PHASES = ['parse', 'metadata', 'plan', 'render'] as const;
export type Phase = (typeof PHASES)[number];

export interface PhasedRun {
  readonly nix: string;
  /** Milliseconds per phase. */
  readonly ms: Readonly<Record<Phase, number>>;
  readonly graph: LockGraph;
}

export async function phasedRun(files: WorkspaceFiles, source: MetadataSource): Promise<PhasedRun> {
  const ms = {} as Record<Phase, number>;
  let t = performance.now();
  const mark = (phase: Phase) => {
    const now = performance.now();
    ms[phase] = now - t;
    t = now;
  };

  // parse: manifests, workspace members, the lock.
  const ws = loadWorkspace(files);
  const lockText = files.get('Cargo.lock')!;
  const lock = parseLockfile(lockText);
  mark('parse');

  // metadata: summaries from the source (in memory here, so this is the
  // index-line → Summary conversion, not I/O).
  const localByName = new Map<string, Manifest>();
  for (const m of ws.localByDir.values()) localByName.set(`${m.name} ${m.version}`, m);
  const summaries = new Map<string, Summary>();
  for (const p of lock.packages) {
    if (p.id.source.kind === 'path') {
      const m = localByName.get(`${p.id.name} ${p.id.version}`);
      if (m) summaries.set(p.id.key, summaryFromManifest(p.id, m));
    } else if (p.id.source.kind === 'git') {
      throw new Error('phasedRun does not handle git packages; the bench inputs have none');
    } else {
      summaries.set(p.id.key, summaryFromRegistry(p.id, await source.registryCrate(p.id)));
    }
  }
  mark('metadata');

  // plan: cargo's resolver replayed per member feature, and the model.
  const members: MemberInput[] = ws.members.map((m) => {
    const found = lock.packages.find((p) => p.id.source.kind === 'path' && p.id.name === m.name && p.id.version === m.version);
    if (!found) throw new Error(`member ${m.name} is not in the lock`);
    return { id: found.id, rustVersion: m.rustVersion, hasBin: hasBinary(m, files) };
  });
  const graph = new LockGraph(lock, summaries);
  const plan = planWorkspace(graph, members);
  const lockHash = await sha256(new TextEncoder().encode(lockText));
  const rootMember = ws.members.find((m) => m.dir === '');
  const model = {
    members: plan.members,
    crates: plan.crates,
    lockHash,
    profiles: extractProfilesFromToml(ws.root.text),
    ...(rootMember ? { rootPackage: rootMember.name } : {}),
  };
  mark('plan');

  const nix = renderCargoNix(model);
  mark('render');
  return { nix, ms, graph };
}
