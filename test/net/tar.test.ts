// The streaming tar reader: archives written by GNU tar itself in each
// format, the header kinds one at a time, odd chunkings, limits, and the
// promise that no input — truncated, corrupted or random — hangs it or makes
// it throw anything but a GeneratorError.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeneratorError } from '../../worker/core/errors.ts';
import { bytesSource, findTarFile, parsePaxRecords, TarFormatError, TarReader, type ByteSource, type TarEntry } from '../../worker/shared/tar.ts';
import { END_OF_ARCHIVE, tarEntry } from '../support/fake-registry.ts';

async function entries(bytes: Uint8Array, chunk = 4096): Promise<(TarEntry & { text?: string })[]> {
  const tar = new TarReader(bytesSource(bytes, chunk));
  const out: (TarEntry & { text?: string })[] = [];
  for (let e = await tar.next(); e; e = await tar.next()) {
    out.push(e.type === '0' ? { ...e, text: new TextDecoder().decode(await tar.readFile()) } : e);
  }
  return out;
}

function archive(...members: Buffer[]): Uint8Array {
  return new Uint8Array(Buffer.concat([...members, END_OF_ARCHIVE]));
}

/** Settles or fails the test: a reader that stops pulling without settling would otherwise pass silently. */
function withinDeadline<T>(p: Promise<T>, ms = 2000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`tar reader did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

const LONG = `crate-1.0.0/src/${'a_rather_long_directory_name/'.repeat(5)}file.rs`;

describe('archives written by GNU tar', () => {
  let dir: string;
  const files: Record<string, string> = {
    'crate-1.0.0/Cargo.toml': '[package]\nname = "crate"\n',
    [LONG]: 'long\n',
    [`crate-1.0.0/tests/${'ü'.repeat(60)}.rs`]: 'unicode\n',
    'crate-1.0.0/empty.txt': '',
    'crate-1.0.0/exactly-512.bin': 'x'.repeat(512),
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tar-test-'));
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const format of ['gnu', 'pax', 'ustar', 'oldgnu', 'posix'] as const) {
    it(`reads --format=${format}`, async () => {
      // Plain ustar cannot hold a file name over 100 bytes (the unicode one); only the others go in.
      const wanted = Object.keys(files).filter((p) => format !== 'ustar' || !p.includes('ü'));
      const bytes = execFileSync('tar', [`--format=${format}`, '--sort=name', '-C', dir, '-cf', '-', ...wanted.sort()]);
      for (const chunk of [1, 511, 512, 4096, 1 << 20]) {
        const got = await entries(new Uint8Array(bytes), chunk);
        expect(Object.fromEntries(got.filter((e) => e.type === '0').map((e) => [e.path, e.text]))).toEqual(
          Object.fromEntries(wanted.map((p) => [p, files[p]])),
        );
      }
    });
  }
});

describe('header kinds', () => {
  it('ustar prefix + name', async () => {
    const got = await entries(archive(tarEntry(LONG, 'body')));
    expect(got).toEqual([{ path: LONG, type: '0', size: 4, text: 'body' }]);
  });

  it('GNU long name applies to the next entry only', async () => {
    const got = await entries(archive(tarEntry(`${LONG}.gnu`, 'one', 'gnu'), tarEntry('short', 'two')));
    expect(got.map((e) => [e.path, e.text])).toEqual([
      [`${LONG}.gnu`, 'one'],
      ['short', 'two'],
    ]);
  });

  it('pax path (unicode) applies to the next entry only', async () => {
    const path = `crate-1.0.0/${'ñ'.repeat(80)}/Cargo.toml`;
    const got = await entries(archive(tarEntry(path, 'pax', 'pax'), tarEntry('after', 'plain')));
    expect(got.map((e) => [e.path, e.text])).toEqual([
      [path, 'pax'],
      ['after', 'plain'],
    ]);
  });

  it('pax size overrides the header size', async () => {
    const record = '12 size=700\n';
    const pax = Buffer.concat([tarEntry('PaxHeaders/x', record, 'ustar', 'x').subarray(0, 1024)]);
    // The file header claims 0 bytes; the pax record says 700, and 700 bytes follow.
    const file = tarEntry('big', Buffer.alloc(700, 0x41));
    file.write('00000000000\0', 124, 'ascii');
    fixChecksum(file);
    const got = await entries(archive(pax, file));
    expect(got).toEqual([{ path: 'big', type: '0', size: 700, text: 'A'.repeat(700) }]);
  });

  it('base-256 sizes', async () => {
    const file = tarEntry('b256', 'xyz');
    file.fill(0, 124, 136);
    file[124] = 0x80;
    file[135] = 3;
    fixChecksum(file);
    expect(await entries(archive(file))).toEqual([{ path: 'b256', type: '0', size: 3, text: 'xyz' }]);
  });

  it('links and directories carry no data even if their size field says so', async () => {
    const link = tarEntry('link', '');
    link.write('2', 156, 'ascii');
    link.write('00000001000\0', 124, 'ascii');
    fixChecksum(link);
    const got = await entries(archive(tarEntry('dir/', '', 'ustar', '5'), link, tarEntry('file', 'data')));
    expect(got.map((e) => [e.path, e.type, e.size])).toEqual([
      ['dir/', '5', 0],
      ['link', '2', 0],
      ['file', '0', 4],
    ]);
  });

  it('findTarFile skips non-matching and non-regular entries, and stops reading once found', async () => {
    const bytes = archive(
      tarEntry('crate/Cargo.toml/', '', 'ustar', '5'),
      tarEntry('crate/Cargo.toml.orig', 'no'),
      tarEntry('crate/Cargo.toml', 'yes'),
      tarEntry('crate/huge', Buffer.alloc(1 << 20)),
    );
    let pulled = 0;
    const inner = bytesSource(bytes, 1024);
    const source: ByteSource = {
      async read() {
        const c = await inner.read();
        pulled += c?.length ?? 0;
        return c;
      },
    };
    const found = await findTarFile(source, (p) => p === 'crate/Cargo.toml');
    expect(new TextDecoder().decode(found!.data)).toBe('yes');
    expect(pulled).toBeLessThanOrEqual(4 * 1024);
  });

  it('findTarFile returns undefined when the archive does not hold the file', async () => {
    expect(await findTarFile(bytesSource(archive(tarEntry('a', 'b'))), (p) => p === 'c')).toBeUndefined();
  });
});

function fixChecksum(header: Buffer): void {
  header.write('        ', 148, 'ascii');
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += header[i]!;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
}

describe('malformed input is a TarFormatError', () => {
  const good = archive(
    tarEntry('crate/.cargo_vcs_info.json', '{}'),
    tarEntry(`${LONG}.x`, 'x', 'gnu'),
    tarEntry('crate/Cargo.toml', 'manifest'),
    tarEntry('crate/tail', 'tail'),
  );

  it('at every truncation point', async () => {
    const want = (p: string) => p === 'crate/Cargo.toml';
    for (let cut = 0; cut < good.length; cut += 37) {
      const result = await withinDeadline(
        findTarFile(bytesSource(good.subarray(0, cut), 100), want).then(
          (found) => ({ found }),
          (error: unknown) => ({ error }),
        ),
      );
      if ('error' in result) expect(result.error).toBeInstanceOf(TarFormatError);
      else expect(new TextDecoder().decode(result.found!.data)).toBe('manifest');
    }
  });

  it('without an end-of-archive marker', async () => {
    await expect(entries(new Uint8Array(tarEntry('a', 'b')))).rejects.toThrow(/without its end-of-archive marker/);
  });

  it('empty input', async () => {
    await expect(findTarFile(bytesSource(new Uint8Array()), () => true)).rejects.toBeInstanceOf(TarFormatError);
  });

  it('bad checksum', async () => {
    const bad = new Uint8Array(good);
    bad[0] = bad[0]! ^ 1;
    await expect(entries(bad)).rejects.toThrow(/bad header checksum at byte 0/);
  });

  it('non-octal size', async () => {
    const file = tarEntry('f', 'x');
    file.write('0000000009x\0', 124, 'ascii');
    fixChecksum(file);
    await expect(entries(archive(file))).rejects.toThrow(/size is not an octal number/);
  });

  it('oversized long names and files stop before buffering them', async () => {
    const long = tarEntry('f', 'x', 'gnu');
    long.write('77777777777\0', 124, 'ascii');
    fixChecksum(long);
    await expect(entries(new Uint8Array(long))).rejects.toThrow(/long name of 8589934591 bytes is larger/);
    const reader = new TarReader(bytesSource(archive(tarEntry('f', Buffer.alloc(5000)))), { maxFileBytes: 4096 });
    await reader.next();
    await expect(reader.readFile()).rejects.toThrow(/larger than the 4096 allowed/);
  });

  it('malformed pax records', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(parsePaxRecords(enc('11 path=ab\n9 size=5\n'))).toEqual(
      new Map([
        ['path', 'ab'],
        ['size', '5'],
      ]),
    );
    for (const bad of ['x path=a\n', '99 path=a\n', '3 a\n', '10 path=abc', '7 =abc\n', '2 \n']) {
      expect(() => parsePaxRecords(enc(bad)), bad).toThrow(TarFormatError);
    }
  });

  it('a bad pax size', async () => {
    const pax = tarEntry('PaxHeaders/x', '14 size=-1000\n', 'ustar', 'x');
    await expect(entries(archive(pax, tarEntry('f', '')))).rejects.toThrow(/bad pax size/);
  });
});

describe('fuzzing', () => {
  const settle = (bytes: Uint8Array, chunk: number) =>
    withinDeadline(
      findTarFile(bytesSource(bytes, chunk), (p) => p.endsWith('Cargo.toml'), { maxMetaBytes: 1 << 16, maxFileBytes: 1 << 16 }).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );

  it('arbitrary bytes never hang and only fail with GeneratorError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.integer({ min: 1, max: 700 }), async (bytes, chunk) => {
        const e = await settle(bytes, chunk);
        if (e !== undefined) expect(e).toBeInstanceOf(GeneratorError);
      }),
      { numRuns: 300 },
    );
  });

  it('corrupted real archives (checksums fixed, so the parser sees the damage) never hang and only fail with GeneratorError', async () => {
    const base = Buffer.from(
      archive(
        tarEntry('crate/x', 'x'.repeat(600)),
        tarEntry(`${LONG}.p`, 'p', 'pax'),
        tarEntry(`${LONG}.g`, 'g', 'gnu'),
        tarEntry('crate/Cargo.toml', 'm'),
      ),
    );
    const headerStarts: number[] = [];
    for (let at = 0; at + 512 <= base.length; at += 512) headerStarts.push(at);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(base.length - 1), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }),
        fc.nat(base.length),
        fc.integer({ min: 1, max: 1024 }),
        async (edits, cut, chunk) => {
          const bytes = Buffer.from(base);
          for (const { at, value } of edits) bytes[at] = value;
          for (const h of headerStarts) {
            const block = bytes.subarray(h, h + 512);
            if (!block.every((b) => b === 0)) fixChecksum(block);
          }
          const e = await settle(new Uint8Array(bytes.subarray(0, cut)), chunk);
          if (e !== undefined) expect(e).toBeInstanceOf(GeneratorError);
        },
      ),
      { numRuns: 500 },
    );
  });
});
