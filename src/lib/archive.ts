// Reading a dropped project: a .zip (fflate) or a .tar.gz (the browser's
// DecompressionStream and the generator's tar reader), keeping only text of the files
// selectProjectFiles wants.
import { unzipSync, strFromU8 } from 'fflate';
import { bytesSource, readerSource, TarReader, type ByteSource } from '../../worker/shared/tar.ts';

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

const decoder = new TextDecoder();

/** Walk a tar stream with the generator's tar reader (ustar, GNU long names, pax). */
async function readTarSource(source: ByteSource): Promise<ArchiveEntry[]> {
  const out: ArchiveEntry[] = [];
  const tar = new TarReader(source);
  for (let e = await tar.next(); e !== undefined; e = await tar.next()) {
    if (e.type !== '0' && e.type !== '7') continue;
    if (WANTED.test(e.path)) {
      const text = decoder.decode(await tar.readFile());
      out.push({ path: e.path, text: () => text });
    } else {
      out.push({ path: e.path, text: () => '' });
    }
  }
  return out;
}

export function readTar(bytes: Uint8Array): Promise<ArchiveEntry[]> {
  return readTarSource(bytesSource(bytes));
}

function gunzipStream(bytes: Uint8Array): ByteSource {
  return readerSource(new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip')).getReader());
}

export async function readArchive(name: string, bytes: Uint8Array): Promise<ArchiveEntry[]> {
  if (/\.zip$/i.test(name)) return readZip(bytes);
  if (/\.(tar\.gz|tgz)$/i.test(name)) return readTarSource(gunzipStream(bytes));
  if (/\.tar$/i.test(name)) return readTar(bytes);
  throw new Error(`\`${name}\` is not a .zip, .tar.gz or .tar archive`);
}
