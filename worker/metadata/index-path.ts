// Where a crate's entries live in a registry index (sparse or on disk).

/** `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcdef`: cargo's index layout, lowercased. */
export function indexPath(name: string): string {
  const n = name.toLowerCase();
  switch (n.length) {
    case 0:
      throw new Error('empty crate name');
    case 1:
      return `1/${n}`;
    case 2:
      return `2/${n}`;
    case 3:
      return `3/${n.slice(0, 1)}/${n}`;
    default:
      return `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
  }
}

/** Parse an index file (one JSON object per line) into entries, skipping blank lines. */
export function parseIndexFile(text: string, crate: string): unknown[] {
  const out: unknown[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line));
    } catch {
      throw new Error(`index file of \`${crate}\`, line ${i + 1}: not valid JSON`);
    }
  });
  return out;
}

/**
 * The entry of one version in an index file, or undefined. Only lines that mention the version as a
 * JSON string are parsed: a local copy of crates.io's index holds every version a crate ever had
 * (hundreds of lines for popular crates) and a lock needs one of them. When no such line is that
 * version (say, one written with escapes), the whole file is read as parseIndexFile reads it.
 */
export function indexEntryFor(text: string, crate: string, version: string): unknown {
  const needle = JSON.stringify(version);
  for (let at = text.indexOf(needle); at >= 0;) {
    const start = text.lastIndexOf('\n', at) + 1;
    const newline = text.indexOf('\n', at);
    const end = newline < 0 ? text.length : newline;
    let entry: unknown;
    try {
      entry = JSON.parse(text.slice(start, end));
    } catch {
      break; // the full read below names the line
    }
    if (isVersion(entry, version)) return entry;
    at = newline < 0 ? -1 : text.indexOf(needle, end);
  }
  return parseIndexFile(text, crate).find((e) => isVersion(e, version));
}

function isVersion(entry: unknown, version: string): boolean {
  return typeof entry === 'object' && entry !== null && (entry as { vers?: unknown }).vers === version;
}
