// Map offsets in source text to 1-based line/column, and find where TOML keys
// sit, so errors found after parsing can still point into the file.

export interface Position {
  readonly line: number;
  readonly column: number;
}

export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Lines (1-based) on which a given array-of-tables header such as
 * `[[package]]` starts, in document order. Cargo.lock is machine-written, so
 * a header is always alone on its line.
 */
export function arrayTableHeaderLines(text: string, header: string): number[] {
  // Jumps from one occurrence of the header to the next with indexOf instead of visiting every
  // character: a lock of a few hundred packages is tens of thousands of characters, and a
  // per-character loop runs in V8's interpreter on a command line's one cold pass.
  const lines: number[] = [];
  const wanted = `[[${header}]]`;
  let line = 1;
  let counted = 0; // newlines before this offset are in `line`
  for (let at = text.indexOf(wanted); at >= 0; at = text.indexOf(wanted, at + wanted.length)) {
    const start = text.lastIndexOf('\n', at) + 1;
    const newline = text.indexOf('\n', at);
    if (text.slice(start, newline < 0 ? text.length : newline).trim() !== wanted) continue;
    for (let i = text.indexOf('\n', counted); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) line++;
    counted = start;
    lines.push(line);
  }
  return lines;
}

/**
 * Best-effort location of a key inside a TOML document: the first line that
 * assigns `key` (bare or quoted) at or after line `fromLine`, optionally
 * limited to the section that starts there. Used only to aim error messages.
 */
export function findKeyLine(text: string, key: string, fromLine = 1, sameSection = false): Position | undefined {
  const lines = text.split('\n');
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^\\s*(?:${escaped}|"${escaped}"|'${escaped}')\\s*(?:=|\\.)`);
  for (let i = fromLine - 1; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (sameSection && i > fromLine - 1 && /^\s*\[/.test(l)) return undefined;
    const m = re.exec(l);
    if (m) return { line: i + 1, column: l.length - l.trimStart().length + 1 };
  }
  return undefined;
}

/** Line of a `[section]` header (e.g. `dependencies`, `target.'cfg(unix)'.dependencies`). */
export function findSectionLine(text: string, predicate: (header: string) => boolean): number | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*\[([^[\]]+)\]\s*(?:#.*)?$/.exec(lines[i] ?? '');
    if (m && predicate(m[1]!.trim())) return i + 1;
  }
  return undefined;
}
