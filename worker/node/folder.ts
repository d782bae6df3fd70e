// File-system failures as the command line's located errors (`<path>: no such folder`) instead of
// Node's `ENOENT: no such file or directory, scandir '…'`.
import { statSync } from 'node:fs';
import { GeneratorError } from '../core/errors.ts';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such',
  ENOTDIR: 'no such',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'name too long',
};

function errnoCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** `e` (from fs) as a GeneratorError located at `path`; `what` is "folder" or "file". */
export function fsError(path: string, what: 'folder' | 'file', e: unknown): GeneratorError {
  const code = errnoCode(e);
  const reason = code === undefined ? undefined : REASONS[code];
  if (reason === 'no such') return new GeneratorError(`no such ${what}`, { file: path });
  const detail = reason ?? code ?? (e instanceof Error ? e.message : String(e));
  return new GeneratorError(`cannot read ${what} (${detail})`, { file: path });
}

/** Throws a located error unless `path` is a folder. */
export function requireFolder(path: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw fsError(path, 'folder', e);
  }
  if (!isDir) throw new GeneratorError('not a folder', { file: path });
}
