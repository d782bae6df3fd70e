// The NAR encoder without Nix installed: Nix's own path-hash vectors (tests/hash.sh hashes a
// folder with one file `hello` with MD5 over its NAR), byte order of names, the encoder's refusals,
// and the streamed hash equal to hashing the whole archive. test/nix/nar.test.ts holds the same
// code to real Nix on trees on disk.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, symlinkSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { GeneratorError } from '../../worker/core/errors.ts';
import type { FileTree } from '../../worker/hash/file-tree.ts';
import { narHash, wasmSha256, type HasherFactory } from '../../worker/hash/nar-hash.ts';
import { NarEncoder, narBytes, sortedEntries, writeNar } from '../../worker/hash/nar.ts';
import { narHashPath, readTree } from '../../worker/node/read-tree.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const file = (s: string | Uint8Array, executable = false): FileTree => ({
  type: 'regular',
  executable,
  contents: typeof s === 'string' ? bytes(s) : s,
});
const dir = (entries: Record<string, FileTree>): FileTree => ({ type: 'directory', entries: new Map(Object.entries(entries)) });
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

const nodeSha256: HasherFactory = () => {
  const h = createHash('sha256');
  return Promise.resolve({ update: (c) => void h.update(c), digest: () => new Uint8Array(h.digest()) });
};

/** Nix's token: u64 LE length, bytes, zero padding to 8. */
function str(s: string | Uint8Array): Buffer {
  const b = Buffer.from(typeof s === 'string' ? bytes(s) : s);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(b.length));
  return Buffer.concat([len, b, Buffer.alloc((8 - (b.length % 8)) % 8)]);
}

describe("Nix's path-hash vectors", () => {
  it('a folder with `hello` = "Hello World\\n"', () => {
    expect(md5(narBytes(dir({ hello: file('Hello World\n') })))).toBe('ea9b55537dd4c7e104515b2ccfaf4100');
  });
  it('the same file executable', () => {
    expect(md5(narBytes(dir({ hello: file('Hello World\n', true) })))).toBe('20f3ffe011d4cfa7d72bfabef7882836');
  });
  it('`hello` a symlink to x', () => {
    expect(md5(narBytes(dir({ hello: { type: 'symlink', target: 'x' } })))).toBe('f78b733a68f5edbdf9413899339eaa4a');
  });
});

describe('NAR layout', () => {
  it('spells a lone file token by token, padding included', () => {
    const want = Buffer.concat(['nix-archive-1', '(', 'type', 'regular', 'contents', 'abcdefghi', ')'].map(str));
    expect(Buffer.from(narBytes(file('abcdefghi')))).toEqual(want);
  });

  it('sorts names by UTF-8 bytes, not by JS string order', () => {
    // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts after U+1F600 (F0 9F 98 80) in UTF-16 but before it in UTF-8.
    const names = ['\u{1F600}', '\uFF5E', 'a', 'B', '_', 'é'];
    expect([...names].sort()).toEqual(['B', '_', 'a', 'é', '\u{1F600}', '\uFF5E']);
    const tree = new Map(names.map((n) => [n, file(n)] as const));
    expect(sortedEntries(tree).map((e) => e.shown)).toEqual(['B', '_', 'a', 'é', '\uFF5E', '\u{1F600}']);
  });

  it('refuses names Nix cannot unpack', () => {
    for (const bad of ['', '.', '..', 'a/b', 'nul\0']) {
      expect(() => narBytes(dir({ [bad]: file('x') }))).toThrow(/cannot be a name in a Nix archive/);
    }
  });

  it('refuses entries out of order, and files whose size changes while read', () => {
    const enc = new NarEncoder(() => {});
    enc.beginDirectory();
    enc.beginEntry(bytes('b'), 'b');
    enc.regular(false, bytes(''));
    enc.endEntry();
    expect(() => enc.beginEntry(bytes('a'), 'a')).toThrow(/`a` is out of order or repeated/);
    const grows = new NarEncoder(() => {});
    grows.beginRegular(false, 2);
    expect(() => grows.contents(bytes('abc'))).toThrow(/grew/);
    const shrinks = new NarEncoder(() => {});
    shrinks.beginRegular(false, 4);
    shrinks.contents(bytes('abc'));
    expect(() => shrinks.endRegular()).toThrow(/shrank/);
    expect(() => new NarEncoder(() => {}).finish()).not.toThrow();
  });
});

const arbTree: fc.Arbitrary<FileTree> = fc.letrec<{ node: FileTree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ type: fc.constant('regular' as const), executable: fc.boolean(), contents: fc.uint8Array({ maxLength: 70_000 }) }),
    fc.record({ type: fc.constant('symlink' as const), target: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }) }),
    fc
      .dictionary(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }).filter((n) => n !== '.' && n !== '..' && !n.includes('/') && !n.includes('\0')),
        tie('node'),
        { maxKeys: 5 },
      )
      .map((d): FileTree => ({ type: 'directory', entries: new Map(Object.entries(d)) })),
  ),
})).node;

describe('streamed hashing', () => {
  it('the streamed SHA-256 (hash-wasm) equals SHA-256 of the whole archive, however the sink is fed', async () => {
    await fc.assert(
      fc.asyncProperty(arbTree, async (tree) => {
        const whole = createHash('sha256').update(narBytes(tree)).digest('base64');
        expect((await narHash(tree)).sri).toBe(`sha256-${whole}`);
        expect((await narHash(tree, nodeSha256)).sri).toBe(`sha256-${whole}`);
      }),
      { numRuns: 40 },
    );
  });

  it('chunks are consumed in place: a sink that copies sees the same bytes as narBytes', () => {
    const big = new Uint8Array(200_000).map((_, i) => i * 7);
    const tree = dir({ a: file('x'), big: file(big, true), z: file('tail') });
    const seen: Buffer[] = [];
    let largest = 0;
    writeNar(tree, (c) => {
      seen.push(Buffer.from(c));
      largest = Math.max(largest, c.length);
    });
    expect(Buffer.concat(seen)).toEqual(Buffer.from(narBytes(tree)));
    // The big file went through whole, not copied into the 64 KiB staging buffer.
    expect(largest).toBe(big.length);
  });

  it('hash-wasm and Node agree on a digest (the wasm factory is the default)', async () => {
    const h = await wasmSha256();
    h.update(bytes('abc'));
    expect(Buffer.from(h.digest()).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('folders on disk', () => {
  const root = mkdtempSync(join(tmpdir(), 'nar-unit-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('readTree and the disk stream give the same hash, the executable bit from the owner bit alone', async () => {
    const d = join(root, 'tree');
    mkdirSync(join(d, 'sub', 'empty'), { recursive: true });
    writeFileSync(join(d, 'sub', 'run'), '#!/bin/sh\n');
    chmodSync(join(d, 'sub', 'run'), 0o744);
    writeFileSync(join(d, 'group-exec'), 'x');
    chmodSync(join(d, 'group-exec'), 0o654);
    symlinkSync('../nowhere', join(d, 'sub', 'dangling'));
    const tree = readTree(d);
    expect(tree).toEqual(
      dir({
        'group-exec': file('x'),
        sub: dir({ dangling: { type: 'symlink', target: '../nowhere' }, empty: dir({}), run: file('#!/bin/sh\n', true) }),
      }),
    );
    expect((await narHashPath(d)).sri).toBe((await narHash(tree)).sri);
  });

  it('names that are not UTF-8 stream from disk; readTree (string names) says where it stopped', async () => {
    const d = join(root, 'latin1');
    mkdirSync(d);
    writeFileSync(Buffer.concat([Buffer.from(d + '/'), Buffer.from([0x63, 0x61, 0x66, 0xe9])]), 'x');
    expect(() => readTree(d)).toThrow(GeneratorError);
    expect(() => readTree(d)).toThrow(/the name is not UTF-8/);
    const want = Buffer.concat(
      ['nix-archive-1', '(', 'type', 'directory', 'entry', '(', 'name']
        .map((s) => str(s))
        .concat(
          [str(Buffer.from([0x63, 0x61, 0x66, 0xe9]))],
          ['node', '(', 'type', 'regular', 'contents', 'x', ')', ')', ')'].map((s) => str(s)),
        ),
    );
    expect((await narHashPath(d, nodeSha256)).sri).toBe(`sha256-${createHash('sha256').update(want).digest('base64')}`);
  });

  it('a FIFO (nothing a Nix archive can hold) is a located error, not a hang', async () => {
    const d = join(root, 'fifo');
    mkdirSync(d);
    execFileSync('mkfifo', [join(d, 'pipe')]);
    const error = await narHashPath(d).catch((e: unknown) => e);
    expect((error as GeneratorError).format()).toBe(`${join(d, 'pipe')}: not a file, folder or symlink (Nix archives hold nothing else)`);
    expect(() => readTree(d)).toThrow('not a file, folder or symlink');
  });

  it('a missing path is a located error', async () => {
    const missing = join(root, 'missing');
    const error = await narHashPath(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeneratorError);
    expect((error as GeneratorError).format()).toBe(`${missing}: no such folder`);
    expect(() => readTree(missing)).toThrow(GeneratorError);
  });
});
