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
