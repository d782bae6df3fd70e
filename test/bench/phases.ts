// The steps of `resolveWorkspace` + `renderCargoNix` (worker/pipeline.ts),
// called one by one through the generator's exports so each can be timed. It
// must produce the same Cargo.nix as `generateCargoNix`; the bench checks
// that on every input, so a change to the pipeline shows up as a failure here
// instead of as silently wrong phase figures.
import { buildModel, loadSummaries, parseInputs } from '../../worker/pipeline.ts';
import type { MetadataSource } from '../../worker/metadata/source.ts';
import { renderCargoNix } from '../../worker/render/cargo2nix/cargo-nix.ts';
import { LockGraph } from '../../worker/resolve/resolver.ts';
import type { WorkspaceFiles } from '../../worker/parse/workspace.ts';

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

  const inputs = parseInputs(files);
  mark('parse');
  // In memory here, so this is the index line → Summary conversion, not I/O.
  const summaries = await loadSummaries(inputs, { source });
  mark('metadata');
  const model = await buildModel(inputs, summaries);
  mark('plan');
  const nix = renderCargoNix(model);
  mark('render');
  return { nix, ms, graph: new LockGraph(inputs.lock, summaries) };
}
