// NAR, Nix's archive format, which `nix hash path` hashes. Every token is a string: a u64
// little-endian length, the bytes, then zeros up to a multiple of 8. A file system object is
// `(` `type` followed by one of
//   `regular` [`executable` ``] `contents` <bytes>
//   `symlink` `target` <target>
//   `directory` then per entry, sorted by name as bytes: `entry` `(` `name` <name> `node` <object> `)`
// and a closing `)`; the archive is `nix-archive-1` and the root object. Nothing else is recorded
// (no times, owners or permission bits beyond the executable flag).
//
// The encoder writes into a sink in pieces, never holding the whole archive: small tokens gather in
// one staging buffer, file contents pass straight through, so hashing a tree costs its files plus
// 64 KiB. The sink must use each chunk before it returns (the staging buffer is reused).
import type { FileTree } from './file-tree.ts';

/** Receives the archive in order; a chunk may be overwritten after the call returns. */
export type NarSink = (chunk: Uint8Array) => void;

const STAGING = 64 * 1024;
/** Contents at least this long skip the staging copy. */
const DIRECT = STAGING;

const utf8 = new TextEncoder();
const TOKENS = new Map<string, Uint8Array>();
function token(s: string): Uint8Array {
  let t = TOKENS.get(s);
  if (t === undefined) TOKENS.set(s, (t = utf8.encode(s)));
  return t;
}

export class NarError extends Error {}

/** Nix refuses these names when it unpacks an archive; a tree holding one cannot be a store path. */
export function checkEntryName(name: Uint8Array, shown: string): void {
  const invalid =
    name.length === 0 ||
    (name.length === 1 && name[0] === 0x2e) ||
    (name.length === 2 && name[0] === 0x2e && name[1] === 0x2e) ||
    name.includes(0x2f) ||
    name.includes(0);
  if (invalid) throw new NarError(`\`${shown}\` cannot be a name in a Nix archive (empty, \`.\`, \`..\`, or holding \`/\` or NUL)`);
}

/** Byte order of UTF-8 names, the order Nix sorts directory entries in. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * The archive's tokens, in the order a walk emits them. Callers (a FileTree, a folder on disk) must
 * give directory entries already sorted by `compareBytes`; the encoder checks the order so that a
 * wrong walk fails instead of hashing to a value Nix never computes.
 */
export class NarEncoder {
  private readonly buf = new Uint8Array(STAGING);
  private readonly view = new DataView(this.buf.buffer);
  private used = 0;
  private readonly lastName: (Uint8Array | null)[] = [];
  private remaining = -1;
  private size = 0;

  constructor(private readonly sink: NarSink) {
    this.str(token('nix-archive-1'));
  }

  regular(executable: boolean, contents: Uint8Array): void {
    this.beginRegular(executable, contents.length);
    this.contents(contents);
    this.endRegular();
  }

  /** A regular file whose `size` bytes follow through `contents()` calls, then `endRegular()`. */
  beginRegular(executable: boolean, size: number): void {
    this.str(token('('), token('type'), token('regular'));
    if (executable) this.str(token('executable'), token(''));
    this.str(token('contents'));
    this.u64(size);
    this.size = size;
    this.remaining = size;
  }

  contents(chunk: Uint8Array): void {
    if (chunk.length > this.remaining) throw new NarError('a file grew while it was being read');
    this.remaining -= chunk.length;
    if (chunk.length >= DIRECT) {
      this.flush();
      this.sink(chunk);
    } else this.raw(chunk);
  }

  endRegular(): void {
    if (this.remaining !== 0) throw new NarError('a file shrank while it was being read');
    this.remaining = -1;
    this.pad(this.size);
    this.str(token(')'));
  }

  symlink(target: Uint8Array): void {
    this.str(token('('), token('type'), token('symlink'), token('target'), target, token(')'));
  }

  beginDirectory(): void {
    this.str(token('('), token('type'), token('directory'));
    this.lastName.push(null);
  }

  /** Starts the entry `name`; its object follows, then `endEntry()`. */
  beginEntry(name: Uint8Array, shown: string): void {
    checkEntryName(name, shown);
    const last = this.lastName[this.lastName.length - 1];
    if (last === undefined) throw new NarError('an entry outside a directory');
    if (last !== null && compareBytes(last, name) >= 0) throw new NarError(`\`${shown}\` is out of order or repeated in its directory`);
    this.lastName[this.lastName.length - 1] = name;
    this.str(token('entry'), token('('), token('name'), name, token('node'));
  }

  endEntry(): void {
    this.str(token(')'));
  }

  endDirectory(): void {
    this.lastName.pop();
    this.str(token(')'));
  }

  /** Hands over what is staged; call once the root object is complete. */
  finish(): void {
    if (this.lastName.length !== 0 || this.remaining !== -1) throw new NarError('the archive ended inside an object');
    this.flush();
  }

  private str(...tokens: Uint8Array[]): void {
    for (const t of tokens) {
      this.u64(t.length);
      this.raw(t);
      this.pad(t.length);
    }
  }

  private u64(n: number): void {
    if (this.used + 8 > STAGING) this.flush();
    this.view.setUint32(this.used, n >>> 0, true);
    this.view.setUint32(this.used + 4, Math.floor(n / 2 ** 32), true);
    this.used += 8;
  }

  private pad(length: number): void {
    const zeros = (8 - (length % 8)) % 8;
    if (zeros === 0) return;
    if (this.used + zeros > STAGING) this.flush();
    for (let i = 0; i < zeros; i++) this.buf[this.used + i] = 0;
    this.used += zeros;
  }

  private raw(bytes: Uint8Array): void {
    const n = bytes.length;
    if (n <= STAGING - this.used) {
      // Tokens are a few bytes: a plain loop beats TypedArray.set's fixed cost there.
      if (n < 32) for (let i = 0; i < n; i++) this.buf[this.used + i] = bytes[i]!;
      else this.buf.set(bytes, this.used);
      this.used += n;
      return;
    }
    let at = 0;
    while (at < n) {
      if (this.used === STAGING) this.flush();
      const k = Math.min(n - at, STAGING - this.used);
      this.buf.set(bytes.subarray(at, at + k), this.used);
      this.used += k;
      at += k;
    }
  }

  private flush(): void {
    if (this.used === 0) return;
    this.sink(this.buf.subarray(0, this.used));
    this.used = 0;
  }
}

interface Named {
  readonly name: Uint8Array;
  readonly shown: string;
  readonly node: FileTree;
}

/** A directory's entries in Nix's order: by UTF-8 bytes, which is not JS string order past U+FFFF. */
export function sortedEntries(entries: ReadonlyMap<string, FileTree>): Named[] {
  const named: Named[] = [];
  let surrogates = false;
  for (const [shown, node] of entries) {
    named.push({ name: nameBytes(shown), shown, node });
    surrogates ||= SURROGATE.test(shown);
  }
  // Without surrogate pairs, UTF-16 order is code point order, which is UTF-8 byte order: the
  // engine's native string comparison gives Nix's order, and is much cheaper than comparing bytes.
  return surrogates ? named.sort((a, b) => compareBytes(a.name, b.name)) : named.sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** UTF-8 of a name; most names are ASCII, which needs no encoder call. */
function nameBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return utf8.encode(s);
    out[i] = c;
  }
  return out;
}

function encodeTree(enc: NarEncoder, tree: FileTree): void {
  switch (tree.type) {
    case 'regular':
      enc.regular(tree.executable, tree.contents);
      return;
    case 'symlink':
      enc.symlink(utf8.encode(tree.target));
      return;
    case 'directory':
      enc.beginDirectory();
      for (const e of sortedEntries(tree.entries)) {
        enc.beginEntry(e.name, e.shown);
        encodeTree(enc, e.node);
        enc.endEntry();
      }
      enc.endDirectory();
  }
}

/** Streams the NAR of `tree` into `sink`. */
export function writeNar(tree: FileTree, sink: NarSink): void {
  const enc = new NarEncoder(sink);
  encodeTree(enc, tree);
  enc.finish();
}

/** The whole archive as bytes (tests, small trees; hashing should stream through `writeNar`). */
export function narBytes(tree: FileTree): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  writeNar(tree, (chunk) => {
    parts.push(chunk.slice());
    size += chunk.length;
  });
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
