// NAR bytes and hashes held to Debian's real Nix (2.8) on folders this test builds in a temp dir:
// `nix-store --dump` for the archive, `nix hash path` for SRI, `nix-hash --type sha256 --base32`,
// and the `npm run nar-hash` command line. None of these need a store or the network.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileTree } from '../../worker/hash/file-tree.ts';
import { narHash } from '../../worker/hash/nar-hash.ts';
import { narBytes } from '../../worker/hash/nar.ts';
import { narHashPath, readTree } from '../../worker/node/read-tree.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const exec = promisify(execFile);
const NIX_ENV = { ...process.env, NIX_PATH: '' };

async function nixDump(path: string): Promise<Buffer> {
  const child = spawn('nix-store', ['--dump', path], { env: NIX_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  if (code !== 0) throw new Error(`nix-store --dump ${path} exited ${code}: ${err}`);
  return Buffer.concat(out);
}

async function nixSri(path: string): Promise<string> {
  return (await exec('nix', ['hash', 'path', '--extra-experimental-features', 'nix-command', path], { env: NIX_ENV })).stdout.trim();
}

async function nixBase32(path: string): Promise<string> {
  return (await exec('nix-hash', ['--type', 'sha256', '--base32', path], { env: NIX_ENV })).stdout.trim();
}

/** Writes `tree` at `path` (which must not exist). */
function materialise(path: string, tree: FileTree): void {
  switch (tree.type) {
    case 'regular':
      writeFileSync(path, tree.contents);
      chmodSync(path, tree.executable ? 0o755 : 0o644);
      return;
    case 'symlink':
      symlinkSync(tree.target, path);
      return;
    case 'directory':
      mkdirSync(path);
      for (const [name, node] of tree.entries) materialise(join(path, name), node);
  }
}

const work = mkdtempSync(join(tmpdir(), 'nar-nix-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every kind of node and name the issue lists, in one folder. */
function buildFixture(): string {
  const d = join(work, 'fixture');
  mkdirSync(join(d, 'nested', 'deeper', 'deepest'), { recursive: true });
  mkdirSync(join(d, 'empty-dir'));
  writeFileSync(join(d, 'nested', 'deeper', 'deepest', 'leaf.rs'), 'fn main() {}\n');
  writeFileSync(join(d, 'empty-file'), '');
  writeFileSync(join(d, 'run.sh'), '#!/bin/sh\necho hi\n');
  chmodSync(join(d, 'run.sh'), 0o755);
  writeFileSync(join(d, 'owner-only-exec'), 'x');
  chmodSync(join(d, 'owner-only-exec'), 0o700);
  writeFileSync(join(d, 'group-exec-only'), 'x');
  chmodSync(join(d, 'group-exec-only'), 0o654);
  symlinkSync('nested/deeper/deepest/leaf.rs', join(d, 'link-relative'));
  symlinkSync('../../does/not/exist', join(d, 'link-dangling'));
  symlinkSync('nested', join(d, 'link-to-dir'));
  for (const odd of [
    'ünïcödé.txt',
    '日本語',
    '\u{1F600}',
    '\uFF5E',
    'sp ace',
    'tab\tname',
    'new\nline',
    '-dash',
    '.hidden',
    'a\\b',
    'quote\'"',
    '%41',
  ]) {
    writeFileSync(join(d, odd), odd);
  }
  // Over 1 MiB, not a multiple of 8 (padding after a big file).
  writeFileSync(join(d, 'big.bin'), Buffer.from(Array.from({ length: (1 << 20) + 12_345 }, (_, i) => (i * 2654435761) >>> 24)));
  // Many names, where JS string order, byte order and case order disagree.
  const many = join(d, 'many');
  mkdirSync(many);
  const letters = ['a', 'B', 'b', 'Z', '_', '0', '9', '~', '.', '-', 'é', '\uE000', '\uFFFD', '\u{10000}', '\u{1F600}'];
  for (let i = 0; i < 400; i++) {
    let name = '';
    for (let k = i; name.length === 0 || k > 0; k = Math.floor(k / letters.length)) name += letters[k % letters.length];
    if (name === '.' || name === '..') continue;
    writeFileSync(join(many, `${name}${i % 3 === 0 ? '' : i}`), String(i));
  }
  return d;
}

describe('NAR against real Nix', () => {
  const fixture = buildFixture();

  it('our archive is byte for byte `nix-store --dump`', async () => {
    const want = await nixDump(fixture);
    const ours = Buffer.from(narBytes(readTree(fixture)));
    expect(ours.length).toBe(want.length);
    expect(ours.equals(want)).toBe(true);
  });

  it('SRI equals `nix hash path`, base32 equals `nix-hash --base32`, from a FileTree and streamed from disk', async () => {
    const [sri, base32] = await Promise.all([nixSri(fixture), nixBase32(fixture)]);
    expect(sri).toMatch(/^sha256-[A-Za-z0-9+/]{43}=$/);
    expect(await narHash(readTree(fixture))).toEqual({ sri, base32 });
    expect(await narHashPath(fixture)).toEqual({ sri, base32 });
  });

  it('a lone file, a lone symlink and a name that is not UTF-8 hash as Nix hashes them', async () => {
    const latin1 = join(work, 'latin1');
    mkdirSync(latin1);
    writeFileSync(Buffer.concat([Buffer.from(`${latin1}/`), Buffer.from([0x63, 0x61, 0x66, 0xe9])]), 'x');
    for (const p of [join(fixture, 'run.sh'), join(fixture, 'link-dangling'), latin1]) {
      expect((await narHashPath(p)).sri, p).toBe(await nixSri(p));
    }
  });

  it('`npm run --silent nar-hash` prints what Nix prints, and a one-line located error', async () => {
    const run = (args: string[]) =>
      exec('npm', ['run', '--silent', 'nar-hash', '--', ...args], { cwd: ROOT }).catch(
        (e: unknown) => e as Error & { stdout: string; stderr: string; code: number },
      );
    const ok = await run([fixture]);
    expect(ok.stdout).toBe(`${await nixSri(fixture)}\n`);
    expect((await run([fixture, '--base32'])).stdout).toBe(`${await nixBase32(fixture)}\n`);
    const missing = join(work, 'missing');
    const failed = await run([missing]);
    expect(failed).toMatchObject({ code: 1, stdout: '', stderr: `error: ${missing}: no such folder\n` });
  });

  it('random trees: our archive is `nix-store --dump`', async () => {
    const name = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 6 })
      .filter((n) => n !== '.' && n !== '..' && !n.includes('/') && !n.includes('\0'));
    const tree: fc.Arbitrary<FileTree> = fc.letrec<{ node: FileTree }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.record({ type: fc.constant('regular' as const), executable: fc.boolean(), contents: fc.uint8Array({ maxLength: 3000 }) }),
        fc.record({
          type: fc.constant('symlink' as const),
          target: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((t) => !t.includes('\0')),
        }),
        fc.dictionary(name, tie('node'), { maxKeys: 6 }).map((d): FileTree => ({ type: 'directory', entries: new Map(Object.entries(d)) })),
      ),
    })).node;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(tree, async (t) => {
        const path = join(work, `random-${run++}`);
        materialise(path, t);
        expect(Buffer.from(narBytes(t)).equals(await nixDump(path))).toBe(true);
      }),
      { numRuns: 8, endOnFailure: true },
    );
  });
});
