// fileTreeFromPaths: a flat path list (a git tree walk, an archive) as the nested FileTree the NAR
// encoder reads, with conflicting paths refused by name.
import { describe, expect, it } from 'vitest';
import { fileTreeFromPaths } from '../../worker/hash/tree-from-paths.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('fileTreeFromPaths', () => {
  it('nests files, symlinks and empty folders by path', () => {
    const tree = fileTreeFromPaths([
      { path: 'Cargo.toml', type: 'regular', executable: false, contents: bytes('[package]') },
      { path: 'src/bin/run.sh', type: 'regular', executable: true, contents: bytes('#!/bin/sh') },
      { path: 'src/lib.rs', type: 'symlink', target: '../lib.rs' },
      { path: 'empty/inner', type: 'directory' },
      { path: 'src', type: 'directory' },
    ]);
    expect(tree).toEqual({
      type: 'directory',
      entries: new Map<string, unknown>([
        ['Cargo.toml', { type: 'regular', executable: false, contents: bytes('[package]') }],
        [
          'src',
          {
            type: 'directory',
            entries: new Map<string, unknown>([
              ['bin', { type: 'directory', entries: new Map([['run.sh', { type: 'regular', executable: true, contents: bytes('#!/bin/sh') }]]) }],
              ['lib.rs', { type: 'symlink', target: '../lib.rs' }],
            ]),
          },
        ],
        ['empty', { type: 'directory', entries: new Map([['inner', { type: 'directory', entries: new Map() }]]) }],
      ]),
    });
  });

  it('refuses a path twice, a file used as a folder and empty path parts', () => {
    const file = (path: string) => ({ path, type: 'regular' as const, executable: false, contents: bytes('') });
    expect(() => fileTreeFromPaths([file('a/b'), file('a/b')])).toThrow('`a/b` appears twice');
    expect(() => fileTreeFromPaths([file('a'), file('a/b')])).toThrow('`a` is a file and a folder');
    expect(() =>
      fileTreeFromPaths([
        { path: 'l', type: 'symlink', target: 'x' },
        { path: 'l/c', type: 'directory' },
      ]),
    ).toThrow('`l` is a symlink and a folder');
    expect(() => fileTreeFromPaths([file('a//b')])).toThrow('`a//b` is not a relative path');
    expect(() => fileTreeFromPaths([file('/abs')])).toThrow('`/abs` is not a relative path');
    expect(() => fileTreeFromPaths([{ path: 'd', type: 'directory' }, file('d')])).toThrow('`d` appears twice');
  });
});
