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
  const lines: number[] = [];
  const wanted = `[[${header}]]`;
  let line = 1;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      if (text.slice(start, i).trim() === wanted) lines.push(line);
      line++;
      start = i + 1;
    }
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
