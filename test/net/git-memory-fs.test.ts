// The in-memory file system isomorphic-git keeps a fetched repository in:
// the Node-style error codes isomorphic-git branches on, directory listing,
// symlinks, and copies on write.
import { describe, expect, it } from 'vitest';
import { createMemoryFs, FsError } from '../../worker/metadata/git/memory-fs.ts';

async function code(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (e instanceof FsError ? e.code : `not an FsError: ${String(e)}`),
  );
}

describe('memory fs', () => {
  it('writes, reads (bytes or utf8), lists and stats', async () => {
    const fs = createMemoryFs().promises;
    await fs.mkdir('/a');
    const bytes = new Uint8Array([104, 105]);
    await fs.writeFile('/a/f', bytes);
    bytes[0] = 0;
    expect(await fs.readFile('/a/f', { encoding: 'utf8' })).toBe('hi');
    expect(await fs.readFile('/a/f')).toEqual(new Uint8Array([104, 105]));
    await fs.writeFile('/a/g', 'text');
    expect((await fs.readdir('/a')).sort()).toEqual(['f', 'g']);
    expect(await fs.readdir('/')).toEqual(['a']);
    const stat = await fs.stat('/a/g');
    expect([stat.isFile(), stat.isDirectory(), stat.size]).toEqual([true, false, 4]);
    expect((await fs.stat('/a')).isDirectory()).toBe(true);
  });

  it('fails with the codes isomorphic-git tests for', async () => {
    const fs = createMemoryFs().promises;
    await fs.mkdir('/d');
    await fs.writeFile('/d/f', 'x');
    expect(await code(fs.readFile('/missing'))).toBe('ENOENT');
    expect(await code(fs.stat('/missing'))).toBe('ENOENT');
    expect(await code(fs.mkdir('/d'))).toBe('EEXIST');
    expect(await code(fs.mkdir('/no/parent'))).toBe('ENOENT');
    expect(await code(fs.writeFile('/d/f/under-a-file', 'x'))).toBe('ENOTDIR');
    expect(await code(fs.rmdir('/d'))).toBe('ENOTEMPTY');
    expect(await code(fs.readdir('/d/f'))).toBe('ENOTDIR');
    expect(await code(fs.readFile('/d'))).toBe('EISDIR');
    // isomorphic-git tells a promise fs from a callback one by calling readFile() with no arguments.
    expect(await code(fs.readFile(undefined as unknown as string))).toBe('ENOENT');
    await fs.unlink('/d/f');
    await fs.rmdir('/d');
    expect(await fs.readdir('/')).toEqual([]);
  });

  it('keeps symlinks: lstat sees the link, stat and readFile follow it', async () => {
    const fs = createMemoryFs().promises;
    await fs.mkdir('/d');
    await fs.writeFile('/d/target', 'content');
    await fs.symlink('target', '/d/link');
    expect(await fs.readlink('/d/link')).toBe('target');
    expect((await fs.lstat('/d/link')).isSymbolicLink()).toBe(true);
    expect((await fs.stat('/d/link')).isFile()).toBe(true);
    expect(await fs.readFile('/d/link', 'utf8')).toBe('content');
    expect(await code(fs.symlink('x', '/d/link'))).toBe('EEXIST');
  });

  it('isomorphic-git sees a promise fs only through an enumerable `promises`', () => {
    const fs = createMemoryFs();
    expect(Object.getOwnPropertyDescriptor(fs, 'promises')?.enumerable).toBe(true);
  });
});
