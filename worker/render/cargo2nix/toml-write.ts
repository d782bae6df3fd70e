// A TOML writer that reproduces `toml::to_string(&toml::value::Table)` as built into
// cargo2nix 0.12.0: the `toml` crate 0.8.20 (no `preserve_order`) serialising through
// toml_edit 0.22.24. cargo2nix embeds that text verbatim in Cargo.nix, so every choice
// below (ordering, quoting, string style, number spelling, blank lines) has to match the
// Rust crates, not merely produce equivalent TOML.

/** Thrown for JS values that have no TOML counterpart (undefined, null, functions...). */
export class TomlWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TomlWriteError';
  }
}

export interface TomlWriteOptions {
  /**
   * How to read JS `number`s. smol-toml hands out integers as plain numbers unless it is
   * asked for `integersAsBigInt`, and then `3` and `3.0` are indistinguishable.
   * - `'auto'` (default): a whole number within the safe-integer range (and not -0) is an
   *   integer, anything else a float. Right for Cargo profiles, which hold integers.
   * - `'float'`: every `number` is a float; use this when integers arrive as `bigint`.
   */
  numbers?: 'auto' | 'float';
}

type Node =
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'int'; readonly v: bigint }
  | { readonly t: 'float'; readonly v: number }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'datetime'; readonly v: string }
  | { readonly t: 'array'; readonly v: readonly Node[] }
  | { readonly t: 'table'; readonly v: readonly (readonly [string, Node])[] };

type TableNode = Extract<Node, { t: 'table' }>;

/**
 * Orders strings as Rust's `BTreeMap<String, _>` does: by UTF-8 bytes, i.e. by code point.
 * Plain JS comparison goes by UTF-16 units, which puts astral characters (surrogates)
 * before U+E000..U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/**
 * `toml::to_string` of a table: the text cargo2nix puts in `builtins.fromTOML "..."`
 * before its own escaping. `table` is a plain object as smol-toml returns it.
 */
export function tomlToString(table: object, options: TomlWriteOptions = {}): string {
  const root = toNode(table, options.numbers ?? 'auto', []);
  if (root.t !== 'table') throw new TomlWriteError('the document root must be a table');
  return renderDocument(root);
}

/** A TOML table as a JS object (not an array, date or class instance). */
export function isPlainTable(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  // smol-toml builds tables with a null prototype; hand-written objects use Object's.
  return proto === null || proto === Object.prototype;
}

function toNode(value: unknown, numbers: 'auto' | 'float', path: readonly string[]): Node {
  switch (typeof value) {
    case 'string':
      return { t: 'str', v: value };
    case 'boolean':
      return { t: 'bool', v: value };
    case 'bigint':
      if (value < -(2n ** 63n) || value >= 2n ** 63n) {
        throw new TomlWriteError(`integer out of i64 range at ${describe(path)}`);
      }
      return { t: 'int', v: value };
    case 'number':
      if (numbers === 'auto' && Number.isSafeInteger(value) && !Object.is(value, -0)) {
        return { t: 'int', v: BigInt(value) };
      }
      return { t: 'float', v: value };
    default:
      break;
  }
  if (value instanceof Date) return { t: 'datetime', v: datetimeRepr(value, path) };
  if (Array.isArray(value)) {
    return { t: 'array', v: value.map((item, i) => toNode(item, numbers, [...path, String(i)])) };
  }
  if (isPlainTable(value)) {
    // Our table entries are always kept in BTreeMap order; the serializer's regrouping of
    // nested tables happens at render time.
    const keys = Object.keys(value).sort(compareUtf8);
    return {
      t: 'table',
      v: keys.map((k) => [k, toNode(value[k], numbers, [...path, k])] as const),
    };
  }
  throw new TomlWriteError(`cannot represent ${value === null ? 'null' : typeof value} in TOML at ${describe(path)}`);
}

function describe(path: readonly string[]): string {
  return path.length === 0 ? 'the root' : `\`${path.join('.')}\``;
}

// ---------------------------------------------------------------------------------------
// Document layout

const isTableNode = (n: Node): n is TableNode => n.t === 'table';

/** Arrays made only of tables become `[[header]]` sections; an empty array stays `[]`. */
function isArrayOfTables(n: Node): n is Extract<Node, { t: 'array' }> {
  return n.t === 'array' && n.v.length > 0 && n.v.every(isTableNode);
}

/**
 * toml's `Serialize for Value` writes a nested table's entries in three passes — plain
 * values (including arrays without any table), then arrays holding a table, then tables —
 * and toml_edit keeps that insertion order. The document root is a `Map`, whose impl
 * writes entries in plain key order, so it is not regrouped.
 */
function serializedOrder(table: TableNode, regroup: boolean): readonly (readonly [string, Node])[] {
  if (!regroup) return table.v;
  const plain: (readonly [string, Node])[] = [];
  const withTables: (readonly [string, Node])[] = [];
  const tables: (readonly [string, Node])[] = [];
  for (const entry of table.v) {
    const node = entry[1];
    if (node.t === 'table') tables.push(entry);
    else if (node.t === 'array' && node.v.some(isTableNode)) withTables.push(entry);
    else plain.push(entry);
  }
  return [...plain, ...withTables, ...tables];
}

function renderDocument(root: TableNode): string {
  let out = '';
  // toml_edit separates sections with a blank line, except before the very first thing
  // it prints.
  let nothingPrintedYet = true;

  const header = (path: readonly string[], open: string, close: string): void => {
    out += (nothingPrintedYet ? '' : '\n') + open + path.map(keyRepr).join('.') + close + '\n';
    nothingPrintedYet = false;
  };

  const visit = (table: TableNode, path: readonly string[], inArray: boolean, regroup: boolean): void => {
    const entries = serializedOrder(table, regroup);
    const values = entries.filter(([, n]) => n.t !== 'table' && !isArrayOfTables(n));
    if (path.length === 0) {
      if (values.length > 0) nothingPrintedYet = false;
    } else if (inArray) {
      header(path, '[[', ']]');
    } else if (entries.length === 0 || values.length > 0) {
      // toml marks every non-empty table implicit, and toml_edit hides implicit tables
      // with no key/values of their own; an empty table keeps its header since it may mean
      // something.
      header(path, '[', ']');
    }
    for (const [key, node] of values) out += keyRepr(key) + ' = ' + inlineRepr(node) + '\n';
    for (const [key, node] of entries) {
      if (node.t === 'table') {
        visit(node, [...path, key], false, true);
      } else if (isArrayOfTables(node)) {
        for (const element of node.v) visit(element as TableNode, [...path, key], true, true);
      }
    }
  };

  visit(root, [], false, false);
  return out;
}

function inlineRepr(node: Node): string {
  switch (node.t) {
    case 'str':
      return stringRepr(node.v);
    case 'int':
      return node.v.toString();
    case 'float':
      return floatRepr(node.v);
    case 'bool':
      return node.v ? 'true' : 'false';
    case 'datetime':
      return node.v;
    case 'array':
      return '[' + node.v.map(inlineRepr).join(', ') + ']';
    case 'table': {
      // Inside an array nothing is promoted to a section, so tables stay inline.
      const entries = serializedOrder(node, true);
      if (entries.length === 0) return '{}';
      return '{ ' + entries.map(([k, v]) => keyRepr(k) + ' = ' + inlineRepr(v)).join(', ') + ' }';
    }
  }
}

// ---------------------------------------------------------------------------------------
// Keys and strings

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** A key as toml_edit spells it when it has no source formatting to reuse. */
export function keyRepr(key: string): string {
  if (BARE_KEY.test(key)) return key;
  return keyNeedsLiteral(key) ? `'${key}'` : basicString(key, false);
}

/**
 * toml_edit quotes a key literally only when that avoids escapes and every character is
 * allowed in a literal string. Its character test checks chars against byte ranges, so
 * "non-ASCII" there only covers U+0080..U+00FF; anything above forces a basic string.
 */
function keyNeedsLiteral(key: string): boolean {
  if (!key.includes('"') && !key.includes('\\')) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const ok = c === 0x09 || (c >= 0x20 && c <= 0x26) || (c >= 0x28 && c <= 0x7e) || (c >= 0x80 && c <= 0xff);
    if (!ok) return false;
  }
  return true;
}

type StringStyle = 'oneline' | 'onelineTriple' | 'multiline';

/**
 * A string value as toml_edit's default repr writes it: literal ('...' / '''...''') when
 * the text has `"` or `\` and a literal can hold it, otherwise basic; triple-quoted with
 * a leading newline whenever the text has a newline.
 */
export function stringRepr(value: string): string {
  const { style, literal } = inferStringStyle(value);
  if (literal) {
    if (style === 'multiline') return `'''\n${value}'''`;
    if (style === 'onelineTriple') return `'''${value}'''`;
    return `'${value}'`;
  }
  return basicString(value, style === 'multiline');
}

function inferStringStyle(value: string): { style: StringStyle; literal: boolean } {
  let multiline = false;
  let longestQuoteRun = 0;
  let quoteRun = 0;
  let wantsLiteral = false;
  let literalPossible = true;

  for (const ch of value) {
    if (!literalPossible) {
      if (ch === '\n') multiline = true;
      continue;
    }
    if (ch === "'") {
      quoteRun++;
      // ''' would close a multi-line literal early.
      if (quoteRun >= 3) literalPossible = false;
    } else {
      longestQuoteRun = Math.max(longestQuoteRun, quoteRun);
      quoteRun = 0;
    }
    const c = ch.codePointAt(0)!;
    if (ch === '\t') {
      // allowed raw in literals
    } else if (ch === '"' || ch === '\\') {
      wantsLiteral = true;
    } else if (ch === '\n') {
      multiline = true;
    } else if (c <= 0x1f || c === 0x7f) {
      // Control characters need escapes, which literals lack.
      literalPossible = false;
    }
  }
  // A literal cannot end in the quote character that delimits it.
  if (quoteRun > 0 && value.endsWith("'")) literalPossible = false;
  if (!wantsLiteral) literalPossible = false;

  if (!literalPossible) return { style: multiline ? 'multiline' : 'oneline', literal: false };
  longestQuoteRun = Math.max(longestQuoteRun, quoteRun);
  if (!multiline && longestQuoteRun >= 1) return { style: 'onelineTriple', literal: true };
  return { style: multiline ? 'multiline' : 'oneline', literal: true };
}

function basicString(value: string, multiline: boolean): string {
  let out = multiline ? '"""\n' : '"';
  for (const ch of value) {
    switch (ch) {
      case '\b':
        out += '\\b';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\n':
        out += multiline ? '\n' : '\\n';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\r':
        out += '\\r';
        break;
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      default: {
        const c = ch.codePointAt(0)!;
        if (c <= 0x1f || c === 0x7f) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
        else out += ch;
      }
    }
  }
  return out + (multiline ? '"""' : '"');
}

// ---------------------------------------------------------------------------------------
// Numbers and datetimes

/** A float as toml_edit writes an f64: Rust's `Display`, plus `.0` for whole numbers. */
export function floatRepr(f: number): string {
  // serde's f64 path drops the sign of NaN before toml_edit sees it.
  if (Number.isNaN(f)) return 'nan';
  if (f === Infinity) return 'inf';
  if (f === -Infinity) return '-inf';
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
  const text = rustDisplayF64(f);
  return Number.isInteger(f) ? text + '.0' : text;
}

/**
 * Rust's `{}` for a finite non-zero f64: the shortest digits that round-trip, laid out
 * positionally, never in exponent form.
 */
function rustDisplayF64(f: number): string {
  const sign = f < 0 ? '-' : '';
  const { digits, exponent } = rustShortestDigits(Math.abs(f));
  if (exponent < 0) return sign + '0.' + '0'.repeat(-exponent - 1) + digits;
  const whole = exponent + 1;
  if (digits.length <= whole) return sign + digits + '0'.repeat(whole - digits.length);
  return sign + digits.slice(0, whole) + '.' + digits.slice(whole);
}

/**
 * Shortest round-tripping digits of a positive finite double, with the value being
 * `0.d1d2... × 10^(exponent + 1)`. JS and Rust agree on the digit count and on picking
 * the candidate nearest the exact binary value; they differ only when the exact value
 * lies precisely halfway between two shortest candidates (e.g. 1047477655313674.25):
 * V8 may return the lower one, Rust's Grisu/Dragon rounds the last digit up.
 */
function rustShortestDigits(x: number): { digits: string; exponent: number } {
  const [mantissa = '', exponentText = '0'] = x.toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const scale = exponent - (digits.length - 1);
  const lower = BigInt(digits);
  if (!isExactlyHalfAbove(x, lower, scale)) return { digits, exponent };
  const upper = (lower + 1n).toString();
  if (Number(`${upper}e${scale}`) !== x) return { digits, exponent };
  const trimmed = upper.replace(/0+$/, '');
  return { digits: trimmed, exponent: scale + upper.length - 1 };
}

/** Whether x == (n + 1/2) × 10^scale exactly, compared in integers. */
function isExactlyHalfAbove(x: number, n: bigint, scale: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let significand = bits & ((1n << 52n) - 1n);
  if (biased !== 0) significand |= 1n << 52n;
  const binaryExponent = (biased === 0 ? 1 : biased) - 1075;
  // 2·x versus (2n + 1)·10^scale, with every negative power moved to the other side.
  let left = 2n * significand;
  let right = 2n * n + 1n;
  if (binaryExponent >= 0) left <<= BigInt(binaryExponent);
  else right <<= BigInt(-binaryExponent);
  if (scale >= 0) right *= 10n ** BigInt(scale);
  else left *= 10n ** BigInt(-scale);
  return left === right;
}

interface TomlDateLike {
  isDate(): boolean;
  isTime(): boolean;
  isLocal(): boolean;
  isValid(): boolean;
}

function isTomlDateLike(d: Date): d is Date & TomlDateLike {
  const probe = d as Partial<Record<keyof TomlDateLike, unknown>>;
  return typeof probe.isDate === 'function' && typeof probe.isTime === 'function' && typeof probe.isLocal === 'function';
}

/**
 * A datetime as toml_datetime displays it: `T` separator, seconds always present,
 * fraction only when non-zero and without trailing zeros, offset `Z` or `±HH:MM` (with
 * `-00:00` reading back as `+00:00`). smol-toml's TomlDate keeps milliseconds only, so
 * finer fractions cannot be reproduced.
 */
function datetimeRepr(d: Date, path: readonly string[]): string {
  if (Number.isNaN(d.getTime()) || (isTomlDateLike(d) && !d.isValid())) {
    throw new TomlWriteError(`invalid datetime at ${describe(path)}`);
  }
  const iso = d.toISOString();
  if (!isTomlDateLike(d)) return trimFraction(iso.slice(0, -1)) + 'Z';
  if (d.isDate()) return iso;
  if (d.isTime() || d.isLocal()) return trimFraction(iso);
  const m = /^(.*?)(Z|z|[+-]\d{2}:\d{2})$/.exec(iso);
  if (!m) throw new TomlWriteError(`unrecognised datetime ${iso} at ${describe(path)}`);
  return trimFraction(m[1]!) + offsetRepr(m[2]!);
}

function trimFraction(text: string): string {
  const dot = text.lastIndexOf('.');
  if (dot < 0) return text;
  const fraction = text.slice(dot + 1).replace(/0+$/, '');
  return fraction === '' ? text.slice(0, dot) : text.slice(0, dot + 1) + fraction;
}

function offsetRepr(offset: string): string {
  if (offset === 'Z' || offset === 'z') return 'Z';
  const minutes = (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const abs = Math.abs(minutes);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (minutes < 0 ? '-' : '+') + pad(Math.floor(abs / 60)) + ':' + pad(abs % 60);
}
