// Parsing, printing and ordering of `[target.<key>]` keys, following
// cargo-platform 0.2.0 (the version cargo2nix 0.12.0 links) so that the same
// manifests are accepted and rejected, and platforms sort as its BTreeSet does.

import type { Cfg, CfgExpr, CfgIdent, Platform } from '../core/cfg-types.ts';

export type CfgParseErrorKind =
  | 'unterminatedString'
  | 'unexpectedChar'
  | 'unexpectedToken'
  | 'incompleteExpr'
  | 'unterminatedExpression'
  | 'invalidTarget'
  // Not in cargo-platform: our own bound, see MAX_NESTING.
  | 'tooComplex';

export class CfgParseError extends Error {
  override readonly name = 'CfgParseError';

  constructor(
    /** The whole string given to `parsePlatform` / `parseCfgExpr`. */
    readonly input: string,
    readonly kind: CfgParseErrorKind,
    /** The text of cargo-platform's `ParseErrorKind` Display. */
    readonly detail: string,
    /** UTF-16 index into `input` where the problem was seen, if any. */
    readonly offset: number | undefined,
    // cargo reports the text inside `cfg(...)`, not the whole key.
    shownInput: string = input,
  ) {
    super(`failed to parse \`${shownInput}\` as a cfg expression: ${detail}`);
  }
}

// The Rust parser recurses per nesting level, and cargo2nix folds every
// all()/any() list into a left-leaning chain that it walks recursively, so an
// absurd key would overflow the stack here (and in the real tool). Real
// manifests stay far below these bounds; past them we fail cleanly instead.
const MAX_NESTING = 64;
const MAX_FOLD_DEPTH = 1024;

interface Failure {
  readonly kind: CfgParseErrorKind;
  readonly detail: string;
  /** Index into the text being tokenized. */
  readonly offset: number;
}

type Token =
  | { readonly t: '(' | ')' | ',' | '=' }
  | { readonly t: 'ident'; readonly raw: boolean; readonly name: string }
  | { readonly t: 'string'; readonly value: string };

interface Lexed {
  readonly token: Token;
  readonly start: number;
  readonly end: number;
}

type LexResult = Lexed | { readonly failure: Failure } | undefined;

function isIdentStart(c: string | undefined): boolean {
  return c !== undefined && (c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

function isIdentRest(c: string | undefined): boolean {
  return isIdentStart(c) || (c !== undefined && c >= '0' && c <= '9');
}

function charAtCodePoint(s: string, i: number): string {
  return String.fromCodePoint(s.codePointAt(i) ?? 0);
}

function unexpectedChar(s: string, i: number): Failure {
  return {
    kind: 'unexpectedChar',
    detail: `unexpected character \`${charAtCodePoint(s, i)}\` in cfg, expected parens, ` + 'a comma, an identifier, or a string',
    offset: i,
  };
}

function incomplete(expected: string, offset: number): Failure {
  return {
    kind: 'incompleteExpr',
    detail: `expected ${expected}, but cfg expression ended`,
    offset,
  };
}

// Stateless, so peeking is just lexing again from the same position, which is
// what cloning the Rust tokenizer amounts to.
function lex(s: string, from: number): LexResult {
  let i = from;
  // Only the ASCII space counts as whitespace; tabs and newlines are errors.
  while (s[i] === ' ') i++;
  if (i >= s.length) return undefined;
  const c = s[i];
  if (c === '(' || c === ')' || c === ',' || c === '=') {
    return { token: { t: c }, start: i, end: i + 1 };
  }
  if (c === '"') {
    // No escape sequences: the string simply ends at the next quote.
    const close = s.indexOf('"', i + 1);
    if (close < 0) {
      return { failure: { kind: 'unterminatedString', detail: 'unterminated string in cfg', offset: i } };
    }
    return { token: { t: 'string', value: s.slice(i + 1, close) }, start: i, end: close + 1 };
  }
  if (isIdentStart(c)) {
    let nameStart = i;
    let raw = false;
    if (c === 'r' && s[i + 1] === '#') {
      nameStart = i + 2;
      if (nameStart >= s.length) return { failure: incomplete('identifier', nameStart) };
      if (!isIdentStart(s[nameStart])) return { failure: unexpectedChar(s, nameStart) };
      raw = true;
    }
    let end = nameStart + 1;
    while (isIdentRest(s[end])) end++;
    return { token: { t: 'ident', raw, name: s.slice(nameStart, end) }, start: i, end };
  }
  return { failure: unexpectedChar(s, i) };
}

function classify(t: Token): string {
  switch (t.t) {
    case 'ident':
      return 'an identifier';
    case 'string':
      return 'a string';
    default:
      return `\`${t.t}\``;
  }
}

function unexpectedToken(expected: string, found: Lexed): Failure {
  return {
    kind: 'unexpectedToken',
    detail: `expected ${expected}, found ${classify(found.token)}`,
    offset: found.start,
  };
}

class Fail {
  constructor(readonly failure: Failure) {}
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly s: string) {}

  private peek(): LexResult {
    return lex(this.s, this.pos);
  }

  private next(): Lexed | undefined {
    const r = this.peek();
    if (r === undefined) return undefined;
    if ('failure' in r) throw new Fail(r.failure);
    this.pos = r.end;
    return r;
  }

  // A lexing error while peeking is not reported here: the caller goes on and
  // either meets it again or (at top level) reports the leftover text instead.
  private tryEat(t: '(' | ')' | ',' | '='): boolean {
    const r = this.peek();
    if (r === undefined || 'failure' in r || r.token.t !== t) return false;
    this.pos = r.end;
    return true;
  }

  private eat(t: '(' | ')' | ',' | '='): void {
    const r = this.next();
    if (r === undefined) throw new Fail(incomplete(`\`${t}\``, this.s.length));
    if (r.token.t !== t) throw new Fail(unexpectedToken(`\`${t}\``, r));
  }

  expr(): CfgExpr {
    const r = this.peek();
    if (r === undefined) throw new Fail(incomplete('start of a cfg expression', this.s.length));
    if ('failure' in r) throw new Fail(r.failure);
    const tok = r.token;
    // Raw `r#all` / `r#not` are plain names, not operators.
    if (tok.t === 'ident' && !tok.raw && (tok.name === 'all' || tok.name === 'any' || tok.name === 'not')) {
      if (++this.depth > MAX_NESTING) {
        throw new Fail({ kind: 'tooComplex', detail: 'cfg expression is nested too deeply', offset: r.start });
      }
      this.pos = r.end;
      this.eat('(');
      let e: CfgExpr;
      if (tok.name === 'not') {
        e = { kind: 'not', expr: this.expr() };
        this.eat(')');
      } else {
        const exprs: CfgExpr[] = [];
        while (!this.tryEat(')')) {
          exprs.push(this.expr());
          if (!this.tryEat(',')) {
            this.eat(')');
            break;
          }
        }
        e = tok.name === 'all' ? { kind: 'all', exprs } : { kind: 'any', exprs };
      }
      this.depth--;
      return e;
    }
    return { kind: 'value', cfg: this.cfg() };
  }

  private cfg(): Cfg {
    const r = this.next();
    if (r === undefined) throw new Fail(incomplete('identifier', this.s.length));
    if (r.token.t !== 'ident') throw new Fail(unexpectedToken('identifier', r));
    const ident: CfgIdent = { name: r.token.name, raw: r.token.raw };
    if (!this.tryEat('=')) return { kind: 'name', name: ident };
    const v = this.next();
    if (v === undefined) throw new Fail(incomplete('a string', this.s.length));
    if (v.token.t !== 'string') throw new Fail(unexpectedToken('a string', v));
    return { kind: 'keyPair', key: ident, value: v.token.value };
  }

  /** Where unparsed, non-space input starts, if there is any. */
  rest(): number | undefined {
    let i = this.pos;
    while (this.s[i] === ' ') i++;
    return i < this.s.length ? i : undefined;
  }
}

// How deep cargo2nix's BoolExpr for `e` gets: each all()/any() item adds one
// level to the left fold it becomes.
function foldDepth(e: CfgExpr): number {
  switch (e.kind) {
    case 'not':
      return 1 + foldDepth(e.expr);
    case 'all':
    case 'any':
      return e.exprs.reduce((m, x) => Math.max(m, foldDepth(x)), 0) + e.exprs.length;
    case 'value':
      return 2;
  }
}

/**
 * Parses `text` as cargo-platform's `CfgExpr::from_str`. Errors are reported
 * against `input`, in which `text` starts at `base`.
 */
function parseInner(text: string, input: string, base: number): CfgExpr {
  const fail = (f: Failure): CfgParseError => new CfgParseError(input, f.kind, f.detail, base + f.offset, text);
  const p = new Parser(text);
  let e: CfgExpr;
  try {
    e = p.expr();
  } catch (x) {
    if (x instanceof Fail) throw fail(x.failure);
    throw x;
  }
  const rest = p.rest();
  if (rest !== undefined) {
    throw fail({
      kind: 'unterminatedExpression',
      detail: `unexpected content \`${text.slice(rest)}\` found after cfg expression`,
      offset: rest,
    });
  }
  if (foldDepth(e) > MAX_FOLD_DEPTH) {
    throw fail({ kind: 'tooComplex', detail: 'cfg expression has too many terms', offset: 0 });
  }
  return e;
}

/** cargo-platform's `CfgExpr::from_str`. */
export function parseCfgExpr(s: string): CfgExpr {
  return parseInner(s, s, 0);
}

// Rust's `char::is_alphanumeric`: Alphabetic, or a number category.
const ALPHANUMERIC = /^[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]$/u;

function validateNamedPlatform(name: string): void {
  let i = 0;
  for (const c of name) {
    if (!(c === '_' || c === '-' || c === '.' || ALPHANUMERIC.test(c))) {
      const paren = name.indexOf('(');
      if (paren >= 0) {
        throw new CfgParseError(
          name,
          'invalidTarget',
          'invalid target specifier: unexpected `(` character, cfg expressions must start with `cfg(`',
          paren,
        );
      }
      throw new CfgParseError(name, 'invalidTarget', `invalid target specifier: unexpected character ${c} in target name`, i);
    }
    i += c.length;
  }
}

/**
 * Platforms already parsed, per key. A lock's crates repeat the same few dozen `cfg(...)` keys
 * hundreds of times; the parsed values are read-only, so one copy serves every dependency.
 */
const platforms = new Map<string, Platform>();

/** cargo-platform's `Platform::from_str`: a `cfg(...)` key or a target name. */
export function parsePlatform(s: string): Platform {
  let p = platforms.get(s);
  if (p === undefined) {
    p = parsePlatformText(s); // a key that fails throws every time and is not kept
    platforms.set(s, p);
  }
  return p;
}

function parsePlatformText(s: string): Platform {
  // Only an exact `cfg(` prefix together with a `)` suffix selects the cfg
  // form; anything else (e.g. `cfg (unix)`) must pass as a target name.
  if (s.length >= 5 && s.startsWith('cfg(') && s.endsWith(')')) {
    return { kind: 'cfg', expr: parseInner(s.slice(4, -1), s, 4) };
  }
  validateNamedPlatform(s);
  return { kind: 'name', triple: s };
}

function displayIdent(i: CfgIdent): string {
  return i.raw ? `r#${i.name}` : i.name;
}

/** cargo-platform's `Display for Cfg` (values are printed without escaping). */
export function displayCfg(c: Cfg): string {
  return c.kind === 'name' ? displayIdent(c.name) : `${displayIdent(c.key)} = "${c.value}"`;
}

/** cargo-platform's `Display for CfgExpr`. */
export function displayCfgExpr(e: CfgExpr): string {
  switch (e.kind) {
    case 'not':
      return `not(${displayCfgExpr(e.expr)})`;
    case 'all':
      return `all(${e.exprs.map(displayCfgExpr).join(', ')})`;
    case 'any':
      return `any(${e.exprs.map(displayCfgExpr).join(', ')})`;
    case 'value':
      return displayCfg(e.cfg);
  }
}

/** cargo-platform's `Display for Platform`. */
export function displayPlatform(p: Platform): string {
  return p.kind === 'name' ? p.triple : `cfg(${displayCfgExpr(p.expr)})`;
}

/**
 * Rust's `Ord for String`: byte order of UTF-8, which is code point order.
 * UTF-16 code unit order differs only where a surrogate meets U+E000..U+FFFF.
 */
export function compareRustStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Lift surrogates above the rest of the BMP so supplementary code points
    // sort after U+FFFF, as their UTF-8 lead bytes do.
    if (x >= 0xd800 && x <= 0xdfff) x += 0x2000;
    else if (x >= 0xe000) x -= 0x800;
    if (y >= 0xd800 && y <= 0xdfff) y += 0x2000;
    else if (y >= 0xe000) y -= 0x800;
    return x < y ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}

function compareBool(a: boolean, b: boolean): number {
  return a === b ? 0 : a ? 1 : -1;
}

// `Ident` derives Ord (name, then raw) although its PartialEq ignores `raw`,
// so `foo` and `r#foo` are distinct, ordered keys in a BTreeSet.
function compareIdent(a: CfgIdent, b: CfgIdent): number {
  return compareRustStrings(a.name, b.name) || compareBool(a.raw, b.raw);
}

const CFG_RANK = { name: 0, keyPair: 1 } as const;

/** Derived `Ord for Cfg`: `Name` before `KeyPair`, then fields in order. */
export function compareCfg(a: Cfg, b: Cfg): number {
  if (a.kind !== b.kind) return CFG_RANK[a.kind] - CFG_RANK[b.kind];
  if (a.kind === 'name' && b.kind === 'name') return compareIdent(a.name, b.name);
  if (a.kind === 'keyPair' && b.kind === 'keyPair') {
    return compareIdent(a.key, b.key) || compareRustStrings(a.value, b.value);
  }
  return 0;
}

function compareExprLists(a: readonly CfgExpr[], b: readonly CfgExpr[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareCfgExpr(a[i] as CfgExpr, b[i] as CfgExpr);
    if (c !== 0) return c;
  }
  return Math.sign(a.length - b.length);
}

const EXPR_RANK = { not: 0, all: 1, any: 2, value: 3 } as const;

/** Derived `Ord for CfgExpr`: variants in declaration order Not, All, Any, Value. */
export function compareCfgExpr(a: CfgExpr, b: CfgExpr): number {
  if (a.kind !== b.kind) return Math.sign(EXPR_RANK[a.kind] - EXPR_RANK[b.kind]);
  switch (a.kind) {
    case 'not':
      return compareCfgExpr(a.expr, (b as typeof a).expr);
    case 'all':
    case 'any':
      return compareExprLists(a.exprs, (b as typeof a).exprs);
    case 'value':
      return compareCfg(a.cfg, (b as typeof a).cfg);
  }
}

/** Derived `Ord for Platform`: every `Name` before every `Cfg`. */
export function comparePlatform(a: Platform, b: Platform): number {
  if (a.kind === 'name') return b.kind === 'name' ? compareRustStrings(a.triple, b.triple) : -1;
  return b.kind === 'cfg' ? compareCfgExpr(a.expr, b.expr) : 1;
}
