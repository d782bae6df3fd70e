// Read a workspace folder from disk into the generator's file map: the root
// Cargo.lock and every Cargo.toml below the root (build output, VCS and
// dependency folders skipped). Synchronous reads, like registry-dir.ts: a few small local files, and
// a command-line run should not wait on the thread pool for each.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fsError, requireFolder } from './folder.ts';

const SKIP = new Set(['target', 'node_modules', 'expected']);

/** Throws a located GeneratorError (`<path>: no such folder`) when the root or anything below it cannot be read. */
export async function readWorkspaceDir(root: string): Promise<Map<string, string>> {
  requireFolder(root);
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      throw fsError(dir, 'folder', e);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIP.has(e.name)) walk(path);
      } else if (e.name === 'Cargo.toml' || (e.name === 'Cargo.lock' && dir === root)) {
        const rel = relative(root, path).split(sep).join('/');
        try {
          files.set(rel, readFileSync(path, 'utf8'));
        } catch (err) {
          throw fsError(path, 'file', err);
        }
      } else if (e.name.endsWith('.rs')) {
        // Only the presence of Rust sources matters (which targets exist), not their text.
        files.set(relative(root, path).split(sep).join('/'), '');
      }
    }
  };
  walk(root);
  return files;
}
