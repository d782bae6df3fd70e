// Writes renderers' files under an output folder, refusing paths that would land outside it.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import type { OutputFile } from '../render/renderer.ts';
import { fsError } from './folder.ts';

export async function writeOutputFiles(dir: string, files: readonly OutputFile[]): Promise<void> {
  for (const f of files) {
    const rel = normalize(f.path);
    if (isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) throw new Error(`output path \`${f.path}\` is outside the output folder`);
    const path = join(dir, rel);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.text);
    } catch (e) {
      throw fsError(path, 'file', e);
    }
  }
}
