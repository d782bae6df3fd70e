// The packages a Cargo.nix defines (`name@version`), read from its `overridableMkRustCrate` lines:
// the bench's check that a run produced the whole output, and its count of a case's size.
export function packagesListed(nix: string): Set<string> {
  return new Set([...nix.matchAll(/^ {2}"[^"]+"\.(\S+)\."([^"]+)" = overridableMkRustCrate/gm)].map((m) => `${m[1]}@${m[2]}`));
}
