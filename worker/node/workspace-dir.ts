// Read a workspace folder from disk into the generator's file map: the root
// Cargo.lock and every Cargo.toml below the root (build output, VCS and
// dependency folders skipped).
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const SKIP = new Set(['target', 'node_modules', 'expected']);

export async function readWorkspaceDir(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIP.has(e.name)) await walk(join(dir, e.name));
      } else if (e.name === 'Cargo.toml' || (e.name === 'Cargo.lock' && dir === root)) {
        const rel = relative(root, join(dir, e.name)).split(sep).join('/');
        files.set(rel, await readFile(join(dir, e.name), 'utf8'));
      } else if (e.name.endsWith('.rs')) {
        // Only the presence of Rust sources matters (which targets exist), not their text.
        files.set(relative(root, join(dir, e.name)).split(sep).join('/'), '');
      }
    }
  };
  await walk(root);
  return files;
}
