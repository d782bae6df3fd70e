// cargo2nix quotes Nix strings with Rust's `{:?}`, so any text it emits that
// way must go through the same escaping to match byte for byte.

// `<str as Debug>::fmt` escapes every grapheme-extending char (not only a
// leading one, unlike `str::escape_debug`) and every char core's
// `is_printable` rejects. That table is generated from the general categories
// Cc Cf Cs Co Cn Zl Zp Zs, with the ASCII space as the one exception. The JS
// engine's Unicode tables may be a version apart from the Rust toolchain's, so
// only code points assigned in between could differ.
const NEEDS_UNICODE_ESCAPE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}\p{Grapheme_Extend}]$/u;

const SHORT_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\0', '\\0'],
  ['\t', '\\t'],
  ['\r', '\\r'],
  ['\n', '\\n'],
  ['\\', '\\\\'],
  ['"', '\\"'],
]);

/** `format!("{:?}", s)` for a Rust `&str`: quoted and escaped as Rust does. */
export function rustDebugString(s: string): string {
  let out = '"';
  // for..of walks code points, matching Rust's per-char escaping.
  for (const ch of s) {
    const short = SHORT_ESCAPES.get(ch);
    if (short !== undefined) {
      out += short;
    } else if (ch !== ' ' && NEEDS_UNICODE_ESCAPE.test(ch)) {
      out += `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;
    } else {
      out += ch;
    }
  }
  return out + '"';
}

// `str::escape_debug` differs from `{:?}` in one respect: only a grapheme
// extender at the very start is escaped (so it cannot combine with the quote
// the caller puts before it); elsewhere it stays as it is.
const UNPRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;
const GRAPHEME_EXTEND = /^\p{Grapheme_Extend}$/u;

/**
 * Rust's `str::escape_debug` (no quotes added): `\0 \t \r \n \\ \' \"` as
 * backslash escapes, unprintable characters as `\u{hex}`, and a
 * grapheme-extending character escaped only when it starts the string.
 */
export function rustEscapeDebug(s: string): string {
  let out = '';
  let first = true;
  for (const ch of s) {
    out += escapeDebugChar(ch, first);
    first = false;
  }
  return out;
}

function escapeDebugChar(ch: string, first: boolean): string {
  if (ch === "'") return "\\'";
  const short = SHORT_ESCAPES.get(ch);
  if (short !== undefined) return short;
  const c = ch.codePointAt(0)!;
  if (c >= 0x20 && c < 0x7f) return ch;
  if ((first && GRAPHEME_EXTEND.test(ch)) || UNPRINTABLE.test(ch)) return `\\u{${c.toString(16)}}`;
  return ch;
}
