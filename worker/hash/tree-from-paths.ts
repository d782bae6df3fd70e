// A FileTree from a flat list of paths (`src/lib.rs`), the form a git tree walk, an archive or a
// test fixture yields: folders are made as paths need them. Conflicting paths (a file where a
// folder is needed, the same path twice) are errors naming the path, never a silent overwrite.
import type { FileTree } from './file-tree.ts';

export type PathEntry =
  | { readonly path: string; readonly type: 'regular'; readonly executable: boolean; readonly contents: Uint8Array }
  | { readonly path: string; readonly type: 'symlink'; readonly target: string }
  | { readonly path: string; readonly type: 'directory' };

type MutableDir = Map<string, FileTree>;

export function fileTreeFromPaths(entries: Iterable<PathEntry>): FileTree {
  const root: MutableDir = new Map();
  const dirs = new Map<FileTree, MutableDir>();
  const folder = (dir: MutableDir, name: string, path: string): MutableDir => {
    const existing = dir.get(name);
    if (existing === undefined) {
      const entries: MutableDir = new Map();
      const node: FileTree = { type: 'directory', entries };
      dirs.set(node, entries);
      dir.set(name, node);
      return entries;
    }
    const known = dirs.get(existing);
    if (known === undefined) throw new Error(`\`${path}\` is a ${existing.type === 'symlink' ? 'symlink' : 'file'} and a folder`);
    return known;
  };
  for (const e of entries) {
    const parts = e.path.split('/');
    if (parts.some((p) => p === '')) throw new Error(`\`${e.path}\` is not a relative path without empty parts`);
    let dir = root;
    for (let i = 0; i < parts.length - 1; i++) dir = folder(dir, parts[i]!, parts.slice(0, i + 1).join('/'));
    const name = parts[parts.length - 1]!;
    if (e.type === 'directory') {
      folder(dir, name, e.path);
      continue;
    }
    if (dir.has(name)) throw new Error(`\`${e.path}\` appears twice`);
    dir.set(name, e.type === 'regular' ? { type: 'regular', executable: e.executable, contents: e.contents } : { type: 'symlink', target: e.target });
  }
  return { type: 'directory', entries: root };
}
