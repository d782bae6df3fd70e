// A path on disk as Nix sees it when it hashes it: regular files (and their owner-executable bit),
// symlinks (not followed) and folders, nothing else. Two ways: `readTree` builds a FileTree (tests,
// small trees), `narHashPath` streams the archive straight from disk into the hasher, so a tree of
// any size costs one read buffer. Both read synchronously: a CLI run has nothing to overlap with.
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { GeneratorError } from '../core/errors.ts';
import type { FileTree } from '../hash/file-tree.ts';
import { nixHash, wasmSha256, type HasherFactory, type NixHash } from '../hash/nar-hash.ts';
import { compareBytes, NarEncoder, NarError } from '../hash/nar.ts';
import { fsError } from './folder.ts';

const READ_CHUNK = 1 << 20;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

type Kind = 'regular' | 'symlink' | 'directory';

function kindOf(path: string, st: Stats): Kind {
  if (st.isFile()) return 'regular';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isDirectory()) return 'directory';
  throw new GeneratorError('not a file, folder or symlink (Nix archives hold nothing else)', { file: path });
}

function stat(path: string, root: boolean): Stats {
  try {
    return lstatSync(path);
  } catch (e) {
    throw fsError(path, root ? 'folder' : 'file', e);
  }
}

/** Entry names as bytes, in Nix's order (byte order; a name need not be UTF-8 on disk). */
function entryNames(path: string): Buffer[] {
  let names: Buffer[];
  try {
    names = readdirSync(path, { encoding: 'buffer' });
  } catch (e) {
    throw fsError(path, 'folder', e);
  }
  return names.sort(compareBytes);
}

function readLink(path: string): Buffer {
  try {
    return readlinkSync(path, { encoding: 'buffer' });
  } catch (e) {
    throw fsError(path, 'file', e);
  }
}

// Nix takes the owner's execute bit alone as "executable".
const executable = (st: Stats) => (st.mode & 0o100) !== 0;

function text(bytes: Uint8Array, path: string, what: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new GeneratorError(`${what} is not UTF-8`, { file: path });
  }
}

/** The FileTree at `path` (a folder, file or symlink). Names must be UTF-8, as FileTree keys are strings. */
export function readTree(path: string): FileTree {
  return readNode(path, true);
}

function readNode(path: string, root: boolean): FileTree {
  const st = stat(path, root);
  switch (kindOf(path, st)) {
    case 'regular': {
      let contents: Uint8Array;
      try {
        // A plain Uint8Array, not a Buffer: a FileTree crosses to workers and into deep equality checks.
        const buf = readFileSync(path);
        contents = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
      } catch (e) {
        throw fsError(path, 'file', e);
      }
      return { type: 'regular', executable: executable(st), contents };
    }
    case 'symlink':
      return { type: 'symlink', target: text(readLink(path), path, 'the link target') };
    case 'directory': {
      const entries = new Map<string, FileTree>();
      for (const name of entryNames(path)) {
        const key = text(name, join(path, name.toString()), 'the name');
        entries.set(key, readNode(join(path, key), false));
      }
      return { type: 'directory', entries };
    }
  }
}

/** What `nix hash path <path>` prints, streamed from disk. */
export async function narHashPath(path: string, createHasher: HasherFactory = wasmSha256): Promise<NixHash> {
  const hasher = await createHasher();
  const enc = new NarEncoder((chunk) => hasher.update(chunk));
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  try {
    streamNode(enc, Buffer.from(path), true, buf);
    enc.finish();
  } catch (e) {
    // A file changing under the walk is reported where it happened by streamNode; anything else is ours.
    if (e instanceof NarError) throw new GeneratorError(e.message, { file: path });
    throw e;
  }
  return nixHash(hasher.digest());
}

// Paths as bytes end to end, so names that are not UTF-8 hash as Nix hashes them.
function streamNode(enc: NarEncoder, path: Buffer, root: boolean, buf: Buffer): void {
  const shown = path.toString();
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (e) {
    throw fsError(shown, root ? 'folder' : 'file', e);
  }
  switch (kindOf(shown, st)) {
    case 'regular':
      streamFile(enc, path, shown, st, buf);
      return;
    case 'symlink':
      try {
        enc.symlink(readlinkSync(path, { encoding: 'buffer' }));
      } catch (e) {
        throw fsError(shown, 'file', e);
      }
      return;
    case 'directory': {
      enc.beginDirectory();
      let names: Buffer[];
      try {
        names = readdirSync(path, { encoding: 'buffer' });
      } catch (e) {
        throw fsError(shown, 'folder', e);
      }
      for (const name of names.sort(compareBytes)) {
        enc.beginEntry(name, name.toString());
        streamNode(enc, Buffer.concat([path, SLASH, name]), false, buf);
        enc.endEntry();
      }
      enc.endDirectory();
    }
  }
}

const SLASH = Buffer.from('/');

function streamFile(enc: NarEncoder, path: Buffer, shown: string, st: Stats, buf: Buffer): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw fsError(shown, 'file', e);
  }
  try {
    enc.beginRegular(executable(st), st.size);
    // Reads stop at the size lstat gave (one syscall fewer per small file); a file that shrank
    // meanwhile ends early and endRegular says so.
    for (let left = st.size; left > 0;) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, left), null);
      if (n === 0) break;
      enc.contents(buf.subarray(0, n));
      left -= n;
    }
    enc.endRegular();
  } catch (e) {
    if (e instanceof NarError) throw new GeneratorError(e.message, { file: shown });
    if (e instanceof GeneratorError) throw e;
    throw fsError(shown, 'file', e);
  } finally {
    closeSync(fd);
  }
}
