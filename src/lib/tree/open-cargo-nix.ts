// Opening a crate's entry in the generated Cargo.nix: switch the outputs to that file and ask the
// output pane to scroll to the crate's attribute (output-reveal.svelte.ts).
import type { PlaygroundState } from '../playground.svelte.ts';
import { cargoNixEntryLine } from './cargo-nix-entry.ts';
import { outputReveal } from './output-reveal.svelte.ts';

export const CARGO_NIX_TAB = 'Cargo.nix';

/** False when the outputs have no Cargo.nix or it has no entry for the crate. */
export function openCargoNixEntry(pg: PlaygroundState, name: string, version: string | undefined): boolean {
  const file = pg.outputTabs.find((t) => t.key === CARGO_NIX_TAB)?.file;
  const line = file ? cargoNixEntryLine(file.text, name, version) : undefined;
  if (line === undefined) return false;
  outputReveal.request = { tab: CARGO_NIX_TAB, line };
  pg.outputTab = CARGO_NIX_TAB;
  return true;
}
