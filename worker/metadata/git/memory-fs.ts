// The smallest file system isomorphic-git can keep a repository in: its
// promise API (readFile, writeFile, mkdir, rmdir, unlink, stat, lstat,
// readdir, readlink, symlink), held in a Map, so a fetch needs neither a disk
// (Node) nor IndexedDB (browser). Errors carry the Node-style `code`s
// isomorphic-git tests for (ENOENT, EEXIST, ENOTDIR, ENOTEMPTY).

type Node =
  | { readonly kind: 'file'; data: Uint8Array; readonly ino: number }
  | { readonly kind: 'dir'; readonly ino: number }
  | { readonly kind: 'symlink'; readonly target: string; readonly ino: number };

export class FsError extends Error {
  constructor(
    readonly code: 'ENOENT' | 'EEXIST' | 'ENOTDIR' | 'ENOTEMPTY' | 'EISDIR',
    path: string,
  ) {
    super(`${code}: ${path}`);
  }
}

export interface MemoryStat {
  readonly type: 'file' | 'dir' | 'symlink';
  readonly mode: number;
  readonly size: number;
  readonly ino: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly uid: number;
  readonly gid: number;
  readonly dev: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

class MemoryPromises {
  private readonly nodes = new Map<string, Node>([['/', { kind: 'dir', ino: 1 }]]);
  private nextIno = 2;

  private get(path: string): Node {
    const node = this.nodes.get(normalise(path));
    if (!node) throw new FsError('ENOENT', path);
    return node;
  }

  private requireParentDir(path: string): void {
    const parent = this.nodes.get(parentOf(path));
    if (!parent) throw new FsError('ENOENT', path);
    if (parent.kind !== 'dir') throw new FsError('ENOTDIR', path);
  }

  async readFile(path: string, options?: { encoding?: string } | string): Promise<Uint8Array | string> {
    if (typeof path !== 'string') throw new FsError('ENOENT', String(path));
    const node = this.get(path);
    if (node.kind === 'dir') throw new FsError('EISDIR', path);
    if (node.kind === 'symlink') return this.readFile(normalise(`${parentOf(normalise(path))}/${node.target}`), options);
    const encoding = typeof options === 'string' ? options : options?.encoding;
    return encoding === 'utf8' ? decoder.decode(node.data) : node.data;
  }

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    const p = normalise(path);
    this.requireParentDir(p);
    const existing = this.nodes.get(p);
    if (existing?.kind === 'dir') throw new FsError('EISDIR', path);
    // Copied: callers may reuse their buffer after the write.
    const bytes = typeof data === 'string' ? encoder.encode(data) : new Uint8Array(data);
    this.nodes.set(p, { kind: 'file', data: bytes, ino: existing?.ino ?? this.nextIno++ });
  }

  async mkdir(path: string): Promise<void> {
    const p = normalise(path);
    if (this.nodes.has(p)) throw new FsError('EEXIST', path);
    this.requireParentDir(p);
    this.nodes.set(p, { kind: 'dir', ino: this.nextIno++ });
  }

  async rmdir(path: string): Promise<void> {
    const p = normalise(path);
    if (this.get(p).kind !== 'dir') throw new FsError('ENOTDIR', path);
    if (this.childrenOf(p).length > 0) throw new FsError('ENOTEMPTY', path);
    this.nodes.delete(p);
  }

  async unlink(path: string): Promise<void> {
    const p = normalise(path);
    if (this.get(p).kind === 'dir') throw new FsError('EISDIR', path);
    this.nodes.delete(p);
  }

  async readdir(path: string): Promise<string[]> {
    const p = normalise(path);
    if (this.get(p).kind !== 'dir') throw new FsError('ENOTDIR', path);
    return this.childrenOf(p);
  }

  async lstat(path: string): Promise<MemoryStat> {
    return statOf(this.get(path));
  }

  async stat(path: string): Promise<MemoryStat> {
    const node = this.get(path);
    if (node.kind === 'symlink') return this.stat(normalise(`${parentOf(normalise(path))}/${node.target}`));
    return statOf(node);
  }

  async readlink(path: string): Promise<string> {
    const node = this.get(path);
    if (node.kind !== 'symlink') throw new FsError('ENOENT', path);
    return node.target;
  }

  async symlink(target: string, path: string): Promise<void> {
    const p = normalise(path);
    if (this.nodes.has(p)) throw new FsError('EEXIST', path);
    this.requireParentDir(p);
    this.nodes.set(p, { kind: 'symlink', target, ino: this.nextIno++ });
  }

  private childrenOf(dir: string): string[] {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const out: string[] = [];
    for (const key of this.nodes.keys()) {
      if (key !== dir && key.startsWith(prefix) && !key.slice(prefix.length).includes('/')) out.push(key.slice(prefix.length));
    }
    return out;
  }
}

function statOf(node: Node): MemoryStat {
  const mode = node.kind === 'dir' ? 0o40755 : node.kind === 'symlink' ? 0o120000 : 0o100644;
  return {
    type: node.kind,
    mode,
    size: node.kind === 'file' ? node.data.byteLength : 0,
    ino: node.ino,
    mtimeMs: 0,
    ctimeMs: 0,
    uid: 1,
    gid: 1,
    dev: 1,
    isFile: () => node.kind === 'file',
    isDirectory: () => node.kind === 'dir',
    isSymbolicLink: () => node.kind === 'symlink',
  };
}

/** A fresh, empty in-memory file system in the shape isomorphic-git's `fs` option takes. */
export function createMemoryFs(): { readonly promises: MemoryPromises } {
  // isomorphic-git only uses `promises` when it is an enumerable own property.
  return { promises: new MemoryPromises() };
}
