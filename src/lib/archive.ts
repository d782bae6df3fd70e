// Reading a dropped project: a .zip (fflate) or a .tar.gz (the browser's
// DecompressionStream and a small tar walk), keeping only text of the files
// selectProjectFiles wants.
import { unzipSync, strFromU8 } from 'fflate';

export interface ArchiveEntry {
  readonly path: string;
  readonly text: () => string;
}

const WANTED = /(^|\/)(Cargo\.toml|Cargo\.lock|main\.rs|lib\.rs)$|\/src\/bin\/[^/]+\.rs$/;

export function readZip(bytes: Uint8Array): ArchiveEntry[] {
  // Only decompress what could be kept, but list every name so the user hears what was ignored.
  const skipped: string[] = [];
  const files = unzipSync(bytes, {
    filter: (f) => {
      if (WANTED.test(f.name)) return true;
      if (!f.name.endsWith('/')) skipped.push(f.name);
      return false;
    },
  });
  const kept: ArchiveEntry[] = Object.entries(files).map(([path, data]) => ({ path, text: () => strFromU8(data) }));
  return [...kept, ...skipped.map((path) => ({ path, text: () => '' }))];
}

function cString(bytes: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(start, end));
}

/** Walk an uncompressed tar (ustar, GNU long names, pax `path`). */
export function readTar(bytes: Uint8Array): ArchiveEntry[] {
  const out: ArchiveEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= bytes.length) {
    const header = bytes.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    let name = cString(header, 0, 100);
    const prefix = cString(header, 345, 155);
    if (prefix) name = `${prefix}/${name}`;
    const size = parseInt(cString(header, 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) throw new Error('corrupt tar header');
    const type = String.fromCharCode(header[156] ?? 0);
    const dataStart = offset + 512;
    const data = bytes.subarray(dataStart, dataStart + size);
    if (data.length < size) throw new Error('truncated tar archive');
    if (type === 'L') longName = cString(data, 0, size);
    else if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(new TextDecoder().decode(data));
      if (m) longName = m[1];
    } else if (type === '0' || type === '\0') {
      const path = longName ?? name;
      longName = undefined;
      const copy = data;
      out.push({ path, text: () => (WANTED.test(path) ? new TextDecoder().decode(copy) : '') });
    } else longName = undefined;
    offset = dataStart + Math.ceil(size / 512) * 512;
  }
  return out;
}

export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function readArchive(name: string, bytes: Uint8Array): Promise<ArchiveEntry[]> {
  if (/\.zip$/i.test(name)) return readZip(bytes);
  if (/\.(tar\.gz|tgz)$/i.test(name)) return readTar(await gunzip(bytes));
  if (/\.tar$/i.test(name)) return readTar(bytes);
  throw new Error(`\`${name}\` is not a .zip, .tar.gz or .tar archive`);
}
