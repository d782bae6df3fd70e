// Where a crate's attribute starts in cargo2nix's Cargo.nix: the line of
// `"<source>".<name>."<version>" = overridableMkRustCrate`, so the Tree view can open it.

/** 1-based line of the crate's entry, or undefined when the text has none (another backend, a crate Cargo.nix leaves out). */
export function cargoNixEntryLine(text: string, name: string, version: string | undefined): number | undefined {
  const needle = version === undefined ? `.${name}."` : `.${name}."${version}" = overridableMkRustCrate`;
  let line = 1;
  let from = 0;
  for (;;) {
    const end = text.indexOf('\n', from);
    const l = end < 0 ? text.slice(from) : text.slice(from, end);
    if (l.includes(needle) && l.includes('overridableMkRustCrate')) return line;
    if (end < 0) return undefined;
    from = end + 1;
    line++;
  }
}
