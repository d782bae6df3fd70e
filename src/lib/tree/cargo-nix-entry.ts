// Where a crate's attribute starts in cargo2nix's Cargo.nix: the line of
// `"<source>".<name>."<version>" = overridableMkRustCrate`, so the Tree view can open it.
import { crateEntryOf } from '../../../worker/render/cargo2nix/cargo-nix-shapes.ts';

/** 1-based line of the crate's entry, or undefined when the text has none (another backend, a crate Cargo.nix leaves out). */
export function cargoNixEntryLine(text: string, name: string, version: string | undefined): number | undefined {
  const index = text.split('\n').findIndex((line) => {
    const entry = crateEntryOf(line);
    return entry !== undefined && entry.name === name && (version === undefined || entry.version === version);
  });
  return index < 0 ? undefined : index + 1;
}
