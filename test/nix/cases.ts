// Every workspace the Nix suite evaluates: the golden fixtures (their
// expected Cargo.nix as cargo2nix wrote it, and ours) and the hand-written
// scenarios, each with the resolved model the TypeScript side plans from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveWorkspace } from '../../worker/pipeline.ts';
import { MemorySource } from '../../worker/metadata/memory-source.ts';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { renderCargoNix } from '../../worker/render/cargo2nix/cargo-nix.ts';
import { goldenCases } from '../support/golden.ts';
import { files } from '../support/engine.ts';
import { SCENARIOS } from '../support/scenarios.ts';

export interface NixCase {
  readonly label: string;
  readonly ws: ResolvedWorkspace;
  /** Our Cargo.nix. */
  readonly cargoNix: string;
  readonly cargoLock: string;
  /** For golden cases: the fixture's directory and cargo2nix's own Cargo.nix. */
  readonly golden?: { readonly dir: string; readonly expectedPath: string };
}

export async function nixCases(): Promise<NixCase[]> {
  const out: NixCase[] = [];
  for (const c of goldenCases()) {
    const ws = await resolveWorkspace(await readWorkspaceDir(c.dir), { source: new RegistryDirSource(c.registry) });
    out.push({
      label: `${c.set}/${c.name}`,
      ws,
      cargoNix: renderCargoNix(ws),
      cargoLock: readFileSync(join(c.dir, 'Cargo.lock'), 'utf8'),
      golden: { dir: c.dir, expectedPath: c.expected },
    });
  }
  for (const s of SCENARIOS) {
    const ws = await resolveWorkspace(files(s.files), { source: new MemorySource(s.snapshot) });
    out.push({ label: `scenario/${s.name}`, ws, cargoNix: renderCargoNix(ws), cargoLock: s.files['Cargo.lock']! });
  }
  return out;
}
