// The line shapes of a Cargo.nix as cargo-nix.ts writes it, for the readers of such files: the
// lock diff (an older Cargo.nix read crate by crate), "why" links in the output editor and the
// Tree view's jump to a crate's entry. One place, so the readers and the writer cannot drift.
// cargo2nix writes every crate name bare and every registry, version and feature quoted.

/** `  "<registry>".<name>."<version>" = overridableMkRustCrate (profileName: rec {`, opening a crate's entry. */
export const CRATE_ENTRY = /^ {2}"([^"]*)"\.([A-Za-z0-9_-]+)\."([^"]+)" = overridableMkRustCrate \(profileName: rec \{$/;

/** The line that closes a crate's entry. */
export const CRATE_ENTRY_END = '  });';

/** `      [ "std" ]`: a feature always on (inside `features = builtins.concatLists [`). */
export const FEATURE_ALWAYS = /^ {6}\[ "((?:[^"\\]|\\.)*)" \]$/;

/** `      (lib.optional (<condition>) "std")`: a feature only some root features or platforms turn on. */
export const FEATURE_GATED = /^ {6}\(lib\.optional \((.+)\) "((?:[^"\\]|\\.)*)"\)$/;

export interface CrateEntry {
  readonly registry: string;
  readonly name: string;
  readonly version: string;
}

/** The crate whose entry a line opens, if it opens one. */
export function crateEntryOf(line: string): CrateEntry | undefined {
  const m = CRATE_ENTRY.exec(line);
  return m ? { registry: m[1]!, name: m[2]!, version: m[3]! } : undefined;
}
