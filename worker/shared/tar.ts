// A streaming tar reader, just enough for `.crate` files: walk the headers of
// an archive as its bytes arrive and hand back one file, so a caller can stop
// downloading as soon as it has what it wants. Understands ustar (with the
// `prefix` field), GNU long names (`L`) and pax extended headers (`x`: `path`,
// `size`); everything else is skipped by its size. Malformed or truncated
// input always ends in a TarFormatError: every loop iteration consumes at
// least one 512-byte block or reaches the end of the input, so no input hangs.
import { GeneratorError } from '../core/errors.ts';

export class TarFormatError extends GeneratorError {
  constructor(message: string) {
    super(message);
    this.name = 'TarFormatError';
  }
}

/** Where the archive's bytes come from; `undefined` means the input has ended. */
export interface ByteSource {
  read(): Promise<Uint8Array | undefined>;
}

export interface TarEntry {
  /** The entry's path after applying GNU long names, pax `path` and the ustar prefix. */
  readonly path: string;
  /** The tar type flag, `'0'` for a regular file (a NUL flag is reported as `'0'`). */
  readonly type: string;
  /** Bytes of content that follow the header. */
  readonly size: number;
}

export interface TarLimits {
  /** Largest GNU long name or pax header accepted, so a hostile archive cannot make us buffer gigabytes. */
  readonly maxMetaBytes?: number;
  /** Largest file `readFile` returns. */
  readonly maxFileBytes?: number;
}

const BLOCK = 512;
const DEFAULT_MAX_META = 1 << 20;
const DEFAULT_MAX_FILE = 16 << 20;
// Types whose size field does not announce data blocks (links, devices,
// directories, FIFOs); Go's archive/tar and GNU tar skip nothing for them.
const HEADER_ONLY_TYPES = new Set(['1', '2', '3', '4', '5', '6']);
const REGULAR_TYPES = new Set(['0', '7']);

export function readerSource(reader: ReadableStreamDefaultReader<Uint8Array>): ByteSource {
  return {
    async read() {
      const r = await reader.read();
      return r.done ? undefined : r.value;
    },
  };
}

/** A ByteSource over bytes already in memory, cut into chunks of `chunkSize` (tests feed odd sizes). */
export function bytesSource(bytes: Uint8Array, chunkSize = 64 * 1024): ByteSource {
  let at = 0;
  const step = Math.max(1, chunkSize);
  return {
    read() {
      if (at >= bytes.length) return Promise.resolve(undefined);
      const chunk = bytes.subarray(at, at + step);
      at += chunk.length;
      return Promise.resolve(chunk);
    },
  };
}

/** A queue of incoming chunks that can be read exactly or skipped without copying. */
class Buffered {
  private chunks: Uint8Array[] = [];
  private offset = 0;
  private available = 0;
  private ended = false;
  /** Bytes consumed so far, for error messages. */
  position = 0;

  constructor(private readonly source: ByteSource) {}

  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    const chunk = await this.source.read();
    if (chunk === undefined) {
      this.ended = true;
      return false;
    }
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.available += chunk.length;
    }
    return true;
  }

  /** Make `n` bytes available; the count actually available when the input ends first. */
  async fill(n: number): Promise<number> {
    while (this.available < n) {
      if (!(await this.pull())) break;
    }
    return Math.min(n, this.available);
  }

  /** Copy out `n` bytes that `fill` made available. */
  take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let written = 0;
    while (written < n) {
      const head = this.chunks[0]!;
      const count = Math.min(n - written, head.length - this.offset);
      out.set(head.subarray(this.offset, this.offset + count), written);
      written += count;
      this.consume(count);
    }
    return out;
  }

  private consume(count: number): void {
    this.offset += count;
    this.available -= count;
    this.position += count;
    if (this.offset === this.chunks[0]!.length) {
      this.chunks.shift();
      this.offset = 0;
    }
  }

  /** Discard `n` bytes, reading as needed; false when the input ends first. */
  async skip(n: number): Promise<boolean> {
    let left = n;
    while (left > 0) {
      if (this.available === 0 && !(await this.pull())) return false;
      while (left > 0 && this.chunks.length > 0) {
        const count = Math.min(left, this.chunks[0]!.length - this.offset);
        this.consume(count);
        left -= count;
      }
    }
    return true;
  }
}

const utf8 = new TextDecoder('utf-8');

function cString(bytes: Uint8Array, start: number, length: number): string {
  const field = bytes.subarray(start, start + length);
  const nul = field.indexOf(0);
  return utf8.decode(nul < 0 ? field : field.subarray(0, nul));
}

/** A numeric header field: octal text, or GNU base-256 when the top bit of the first byte is set. */
function numeric(bytes: Uint8Array, start: number, length: number, what: string, at: number): number {
  const first = bytes[start]!;
  if (first & 0x80) {
    if (first === 0xff) throw new TarFormatError(`tar header at byte ${at}: negative ${what}`);
    let value = first & 0x7f;
    for (let i = start + 1; i < start + length; i++) {
      value = value * 256 + bytes[i]!;
      if (value > Number.MAX_SAFE_INTEGER) throw new TarFormatError(`tar header at byte ${at}: ${what} is too large`);
    }
    return value;
  }
  let i = start;
  const end = start + length;
  while (i < end && bytes[i] === 0x20) i++;
  let value = 0;
  let digits = 0;
  for (; i < end; i++) {
    const b = bytes[i]!;
    if (b === 0 || b === 0x20) break;
    if (b < 0x30 || b > 0x37) throw new TarFormatError(`tar header at byte ${at}: ${what} is not an octal number`);
    value = value * 8 + (b - 0x30);
    digits++;
  }
  for (; i < end; i++) {
    if (bytes[i] !== 0 && bytes[i] !== 0x20) throw new TarFormatError(`tar header at byte ${at}: ${what} is not an octal number`);
  }
  if (digits === 0 && what === 'checksum') throw new TarFormatError(`tar header at byte ${at}: empty checksum`);
  return value;
}

function checksumMatches(header: Uint8Array, at: number): boolean {
  let stored: number;
  try {
    stored = numeric(header, 148, 8, 'checksum', at);
  } catch {
    return false;
  }
  // The checksum field counts as eight spaces; old tars summed signed bytes.
  let unsigned = 8 * 0x20;
  let signed = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) {
    if (i >= 148 && i < 156) continue;
    const b = header[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

function isZeroBlock(header: Uint8Array): boolean {
  for (let i = 0; i < BLOCK; i++) if (header[i] !== 0) return false;
  return true;
}

/** pax extended header records: `<length> <key>=<value>\n`, the length counting the whole record. */
export function parsePaxRecords(bytes: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < bytes.length) {
    // Some writers pad the data with NULs.
    if (bytes[pos] === 0) break;
    let len = 0;
    let i = pos;
    while (i < bytes.length && bytes[i]! >= 0x30 && bytes[i]! <= 0x39 && i - pos < 12) {
      len = len * 10 + (bytes[i]! - 0x30);
      i++;
    }
    if (i === pos || bytes[i] !== 0x20) throw new TarFormatError('malformed pax header: record without a length');
    if (len <= i - pos + 1 || pos + len > bytes.length || bytes[pos + len - 1] !== 0x0a) {
      throw new TarFormatError('malformed pax header: record length does not fit');
    }
    const record = utf8.decode(bytes.subarray(i + 1, pos + len - 1));
    const eq = record.indexOf('=');
    if (eq <= 0) throw new TarFormatError('malformed pax header: record without `key=value`');
    out.set(record.slice(0, eq), record.slice(eq + 1));
    pos += len;
  }
  return out;
}

function padded(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

export class TarReader {
  private readonly input: Buffered;
  private readonly maxMeta: number;
  private readonly maxFile: number;
  /** Content bytes of the current entry not yet read, plus its padding. */
  private pendingSize = 0;
  private pendingPadding = 0;
  private finished = false;

  constructor(source: ByteSource, limits: TarLimits = {}) {
    this.input = new Buffered(source);
    this.maxMeta = limits.maxMetaBytes ?? DEFAULT_MAX_META;
    this.maxFile = limits.maxFileBytes ?? DEFAULT_MAX_FILE;
  }

  private truncated(): never {
    throw new TarFormatError(`tar archive is truncated at byte ${this.input.position}`);
  }

  private async readExact(n: number): Promise<Uint8Array> {
    if ((await this.input.fill(n)) < n) this.truncated();
    return this.input.take(n);
  }

  private async skipExact(n: number): Promise<void> {
    if (!(await this.input.skip(n))) this.truncated();
  }

  private async finishEntry(): Promise<void> {
    await this.skipExact(this.pendingSize + this.pendingPadding);
    this.pendingSize = 0;
    this.pendingPadding = 0;
  }

  private async readMeta(size: number, what: string): Promise<Uint8Array> {
    if (size > this.maxMeta) throw new TarFormatError(`tar ${what} of ${size} bytes is larger than the ${this.maxMeta} allowed`);
    const data = await this.readExact(size);
    await this.skipExact(padded(size) - size);
    return data;
  }

  /** The next file-like entry, or undefined at the end-of-archive marker. Skips whatever of the current entry was not read. */
  async next(): Promise<TarEntry | undefined> {
    if (this.finished) return undefined;
    await this.finishEntry();
    let longName: string | undefined;
    let pax: Map<string, string> | undefined;
    for (;;) {
      const at = this.input.position;
      const got = await this.input.fill(BLOCK);
      if (got === 0) throw new TarFormatError(`tar archive ends at byte ${at} without its end-of-archive marker (truncated download?)`);
      if (got < BLOCK) this.truncated();
      const header = this.input.take(BLOCK);
      if (isZeroBlock(header)) {
        // One zero block is enough to know the archive is over; the second is not read so the caller can stop early.
        this.finished = true;
        return undefined;
      }
      if (!checksumMatches(header, at)) throw new TarFormatError(`not a tar archive: bad header checksum at byte ${at}`);
      const flag = header[156] === 0 ? '0' : String.fromCharCode(header[156]!);
      let size = numeric(header, 124, 12, 'size', at);
      if (flag === 'L') {
        longName = cString(await this.readMeta(size, 'long name'), 0, size);
        continue;
      }
      if (flag === 'x') {
        pax = parsePaxRecords(await this.readMeta(size, 'pax header'));
        continue;
      }
      if (flag === 'g' || flag === 'K') {
        // Global pax defaults and long link targets say nothing about the path or size of the file we look for.
        await this.readMeta(size, flag === 'g' ? 'global pax header' : 'long link name');
        continue;
      }
      let path = cString(header, 0, 100);
      const magic = cString(header, 257, 6);
      if (magic === 'ustar' && header[262] === 0) {
        // POSIX ustar only: GNU tar uses these bytes for times.
        const prefix = cString(header, 345, 155);
        if (prefix !== '') path = `${prefix}/${path}`;
      }
      if (longName !== undefined) path = longName;
      const paxPath = pax?.get('path');
      if (paxPath !== undefined) path = paxPath;
      const paxSize = pax?.get('size');
      if (paxSize !== undefined) {
        if (!/^[0-9]{1,16}$/.test(paxSize) || Number(paxSize) > Number.MAX_SAFE_INTEGER)
          throw new TarFormatError(`tar header at byte ${at}: bad pax size \`${paxSize}\``);
        size = Number(paxSize);
      }
      if (HEADER_ONLY_TYPES.has(flag)) size = 0;
      this.pendingSize = size;
      this.pendingPadding = padded(size) - size;
      return { path, type: flag, size };
    }
  }

  /** The whole content of the entry `next` just returned. */
  async readFile(): Promise<Uint8Array> {
    const size = this.pendingSize;
    if (size > this.maxFile) throw new TarFormatError(`tar entry of ${size} bytes is larger than the ${this.maxFile} allowed`);
    const data = await this.readExact(size);
    this.pendingSize = 0;
    return data;
  }
}

/** Walk the archive until a regular file whose path satisfies `want`; its content, or undefined when the archive has none. */
export async function findTarFile(
  source: ByteSource,
  want: (path: string) => boolean,
  limits?: TarLimits,
): Promise<{ path: string; data: Uint8Array } | undefined> {
  const tar = new TarReader(source, limits);
  for (;;) {
    const entry = await tar.next();
    if (entry === undefined) return undefined;
    if (REGULAR_TYPES.has(entry.type) && want(entry.path)) return { path: entry.path, data: await tar.readFile() };
  }
}
