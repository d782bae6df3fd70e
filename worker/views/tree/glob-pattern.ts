// The shell-style patterns `-p` and `--exclude` accept (`serde*`, `tokio-?`, `[!a]*`), read and
// matched as cargo 0.66 does through the `glob` crate 0.3: `?`, `*`, `**` (a whole path component
// only), `[abc]`, `[a-z]`, `[!…]`, case-sensitive, with that crate's syntax errors and positions.
import { SpecError } from './package-spec.ts';

/** cargo's `is_glob_pattern`: a selection holding one of these is a pattern, not a package spec. */
export function isGlobPattern(s: string): boolean {
  return /[*?[\]]/.test(s);
}

type CharClass = readonly ({ readonly from: string; readonly to: string } | string)[];

type Token =
  | { readonly kind: 'char'; readonly c: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'sequence' }
  | { readonly kind: 'recursive' }
  | { readonly kind: 'within' | 'except'; readonly set: CharClass };

export interface GlobPattern {
  readonly text: string;
  readonly tokens: readonly Token[];
}

const isSeparator = (c: string | undefined) => c === '/';

function syntaxError(pattern: string, pos: number, msg: string): SpecError {
  return new SpecError(`cannot build glob pattern from \`${pattern}\`\n\nCaused by:\n  Pattern syntax error near position ${pos}: ${msg}`);
}

/** A bracket's contents: `a-z` ranges (three chars with `-` in the middle), else single chars. */
function charClass(chars: readonly string[]): CharClass {
  const set: ({ from: string; to: string } | string)[] = [];
  for (let i = 0; i < chars.length;) {
    if (i + 3 <= chars.length && chars[i + 1] === '-') {
      set.push({ from: chars[i]!, to: chars[i + 2]! });
      i += 3;
    } else set.push(chars[i++]!);
  }
  return set;
}

/** Positions count chars (Unicode scalar values), as the glob crate's do. */
export function parseGlob(pattern: string): GlobPattern {
  const chars = [...pattern];
  const tokens: Token[] = [];
  const RECURSIVE = 'recursive wildcards must form a single path component';
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    if (c === '?') {
      tokens.push({ kind: 'any' });
      i++;
    } else if (c === '*') {
      const start = i;
      while (chars[i] === '*') i++;
      const count = i - start;
      if (count > 2) throw syntaxError(pattern, start + 2, 'wildcards are either regular `*` or recursive `**`');
      if (count === 1) {
        tokens.push({ kind: 'sequence' });
        continue;
      }
      // `**` must start the pattern or follow a separator, and end it or precede one (which it takes).
      if (!(i === 2 || isSeparator(chars[start - 1]))) throw syntaxError(pattern, start - 1, RECURSIVE);
      if (isSeparator(chars[i])) i++;
      else if (i !== chars.length) throw syntaxError(pattern, i, RECURSIVE);
      // The crate folds a repeated `**/**` only past the first token; kept as it does (the match is the same).
      if (!(tokens.length > 1 && tokens[tokens.length - 1]!.kind === 'recursive')) tokens.push({ kind: 'recursive' });
    } else if (c === '[') {
      // `[!…]` needs at least one char before its `]`, and so does `[…]`: `[]]` and `[!]]` match `]`.
      const negated = i + 4 <= chars.length && chars[i + 1] === '!';
      const plain = !negated && i + 3 <= chars.length && chars[i + 1] !== '!';
      const first = negated ? i + 2 : i + 1;
      const close = negated || plain ? chars.indexOf(']', first + 1) : -1;
      if (close < 0) throw syntaxError(pattern, i, 'invalid range pattern');
      tokens.push({ kind: negated ? 'except' : 'within', set: charClass(chars.slice(first, close)) });
      i = close + 1;
    } else {
      tokens.push({ kind: 'char', c });
      i++;
    }
  }
  return { text: pattern, tokens };
}

function inClass(set: CharClass, c: string): boolean {
  return set.some((s) => (typeof s === 'string' ? s === c : cmpChar(s.from, c) <= 0 && cmpChar(c, s.to) <= 0));
}

/** Compares by code point (Rust's `char` order), not UTF-16 units. */
function cmpChar(a: string, b: string): number {
  return a.codePointAt(0)! - b.codePointAt(0)!;
}

type Outcome = 'match' | 'sub-miss' | 'miss';

function matchFrom(tokens: readonly Token[], ti: number, s: readonly string[], si: number): Outcome {
  for (; ti < tokens.length; ti++) {
    const t = tokens[ti]!;
    if (t.kind === 'sequence' || t.kind === 'recursive') {
      const empty = matchFrom(tokens, ti + 1, s, si);
      if (empty !== 'sub-miss') return empty;
      while (si < s.length) {
        const c = s[si++]!;
        // `**` only resumes after a separator.
        if (t.kind === 'recursive' && !isSeparator(c)) continue;
        const rest = matchFrom(tokens, ti + 1, s, si);
        if (rest !== 'sub-miss') return rest;
      }
      // The text is used up: the remaining tokens are tried against nothing.
      continue;
    }
    const c = s[si++];
    if (c === undefined) return 'miss';
    const ok =
      t.kind === 'any'
        ? true
        : t.kind === 'char'
          ? t.c === c
          : t.kind === 'within' || t.kind === 'except'
            ? inClass(t.set, c) === (t.kind === 'within')
            : false;
    if (!ok) return 'sub-miss';
  }
  return si >= s.length ? 'match' : 'sub-miss';
}

export function globMatches(pattern: GlobPattern, name: string): boolean {
  return matchFrom(pattern.tokens, 0, [...name], 0) === 'match';
}
