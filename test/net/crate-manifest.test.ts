// Lib facts from a packaged Cargo.toml, and reading that manifest out of a
// streamed `.crate` without pulling the rest of the archive.
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { GeneratorError } from '../../worker/core/errors.ts';
import { crateUrl, factsFromManifest, manifestFromCrateStream } from '../../worker/metadata/net/crate-manifest.ts';
import { RetryableError } from '../../worker/metadata/net/http.ts';
import { END_OF_ARCHIVE, manifestFor, synthesiseCrate, tarEntry } from '../support/fake-registry.ts';

describe('factsFromManifest', () => {
  const pkg = '[package]\nname = "my-crate"\nversion = "1.2.3"\n';

  it('without [lib]: a lib named after the package, `-` as `_`', () => {
    expect(factsFromManifest(pkg, 'my-crate', '1.2.3')).toEqual({ libName: 'my_crate', procMacro: false });
  });

  it('[lib] name and both proc-macro spellings', () => {
    expect(factsFromManifest(`${pkg}[lib]\nname = "kernel32"\n`, 'my-crate', '1.2.3')).toEqual({ libName: 'kernel32', procMacro: false });
    expect(factsFromManifest(`${pkg}[lib]\nproc-macro = true\n`, 'my-crate', '1.2.3')).toEqual({ libName: 'my_crate', procMacro: true });
    expect(factsFromManifest(`${pkg}[lib]\nproc_macro = true\npath = "src/lib.rs"\n`, 'my-crate', '1.2.3')).toEqual({
      libName: 'my_crate',
      procMacro: true,
    });
  });

  it('autolib = false without [lib]: no lib', () => {
    expect(factsFromManifest(`${pkg}autolib = false\n\n[[bin]]\nname = "x"\n`, 'my-crate', '1.2.3')).toEqual({ libName: null, procMacro: false });
  });

  it('targets listed explicitly but no autolib (cargo 1.78-1.82): still a lib, as a locked dependency has', () => {
    expect(factsFromManifest(`${pkg}autobins = false\n\n[[bin]]\nname = "x"\npath = "src/main.rs"\n`, 'my-crate', '1.2.3')).toEqual({
      libName: 'my_crate',
      procMacro: false,
    });
  });

  it('pre-2017 `[project]`', () => {
    expect(factsFromManifest('[project]\nname = "old"\nversion = "0.1.0"\n[lib]\nname = "old_lib"\n', 'old', '0.1.0')).toEqual({
      libName: 'old_lib',
      procMacro: false,
    });
  });

  it('errors name the crate', () => {
    const cases: [string, RegExp][] = [
      ['[package\n', /Cargo\.toml packaged in `my-crate@1\.2\.3` is not valid TOML/],
      ['[dependencies]\n', /has no `\[package\]`/],
      ['[package]\nname = "other"\n', /holds the manifest of `other`/],
      [`lib = 3\n${pkg}`, /`lib` .* is not a table/],
      [`${pkg}[lib]\nname = 3\n`, /`lib\.name` .* is not a string/],
    ];
    for (const [text, message] of cases) {
      let caught: unknown;
      try {
        factsFromManifest(text, 'my-crate', '1.2.3');
      } catch (e) {
        caught = e;
      }
      expect(caught, text).toBeInstanceOf(GeneratorError);
      expect((caught as GeneratorError).message).toMatch(message);
      expect((caught as GeneratorError).location.crate).toBe('my-crate@1.2.3');
    }
  });

  it('reads every spelling the fake registry writes', () => {
    for (const facts of [
      { libName: 'a_b', procMacro: false },
      { libName: 'other', procMacro: false },
      { libName: 'a_b', procMacro: true },
      { libName: null, procMacro: false },
    ]) {
      for (const version of ['1.0.0', '1.0.1', '1.0.2', '1.0.3']) {
        expect(factsFromManifest(manifestFor('a-b', version, facts), 'a-b', version)).toEqual(facts);
      }
    }
  });
});

it('crateUrl encodes build metadata', () => {
  expect(crateUrl('https://static.crates.io/crates/', 'foo', '1.0.0+abc')).toBe('https://static.crates.io/crates/foo/foo-1.0.0%2Babc.crate');
});

/**
 * A body that hands out `chunk`-sized pieces on demand and records how much was pulled and whether it
 * was cancelled. `turns(i)` is how many event-loop turns piece `i` takes to arrive (default one), to
 * play a network that is fast, slow or uneven.
 */
function meteredBody(bytes: Uint8Array, chunk = 8 * 1024, turns: (i: number) => number = () => 1) {
  const state = { pulled: 0, cancelled: false };
  let arrivals = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (let t = turns(arrivals++); t > 0; t--) await new Promise((resolve) => setImmediate(resolve));
        if (state.pulled >= bytes.length) {
          controller.close();
          return;
        }
        const piece = bytes.slice(state.pulled, state.pulled + chunk);
        state.pulled += piece.length;
        controller.enqueue(piece);
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, state };
}

describe('manifestFromCrateStream', () => {
  it('reads the normalized manifest past decoys, then cancels the download', async () => {
    const manifest = manifestFor('serde_derive', '1.0.100', { libName: 'serde_derive', procMacro: true });
    const crate = synthesiseCrate('serde_derive', '1.0.100', manifest, 16 << 20);
    const { body, state } = meteredBody(new Uint8Array(crate), 1024);
    let counted = 0;
    expect(await manifestFromCrateStream(body, 'serde_derive', '1.0.100', { onBytes: (n) => (counted += n) })).toBe(manifest);
    await vi.waitFor(() => expect(state.cancelled).toBe(true));
    // Only the chunks that hold the archive up to the manifest: a few KiB of a 16 MiB file, every one of them counted.
    expect(state.pulled).toBeLessThan(16 << 10);
    expect(counted).toBe(state.pulled);
  });

  it('reads exactly as much however the chunks are timed (fast, slow or uneven network)', async () => {
    const manifest = manifestFor('serde_derive', '1.0.100', { libName: 'serde_derive', procMacro: true });
    const crate = new Uint8Array(synthesiseCrate('serde_derive', '1.0.100', manifest, 4 << 20));
    const pulled: number[] = [];
    for (const turns of [() => 0, () => 1, () => 7, (i: number) => (i * 7919) % 5]) {
      const { body, state } = meteredBody(crate, 1024, turns);
      expect(await manifestFromCrateStream(body, 'serde_derive', '1.0.100')).toBe(manifest);
      await vi.waitFor(() => expect(state.cancelled).toBe(true));
      pulled.push(state.pulled);
    }
    expect(new Set(pulled).size).toBe(1);
  });

  it('a tar without the manifest is an error naming the crate', async () => {
    const crate = gzipSync(
      Buffer.concat([tarEntry('x-1.0.0/Cargo.toml.orig', '[package]\n'), tarEntry('x-1.0.0/sub/Cargo.toml', '[package]\n'), END_OF_ARCHIVE]),
    );
    const host = 'static.crates.io';
    const e = await manifestFromCrateStream(meteredBody(new Uint8Array(crate)).body, 'x', '1.0.0', { host }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(GeneratorError);
    expect(e).toMatchObject({
      message: 'the package file of `x@1.0.0` from static.crates.io has no `x-1.0.0/Cargo.toml`: the crate is damaged on the registry',
      location: { crate: 'x@1.0.0' },
    });
  });

  it('a damaged tar is an error naming the crate', async () => {
    const crate = gzipSync(Buffer.alloc(2048, 7));
    const e = await manifestFromCrateStream(meteredBody(new Uint8Array(crate)).body, 'x', '1.0.0', { host: 'static.crates.io' }).catch(
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(GeneratorError);
    expect((e as GeneratorError).message).toMatch(/^the package file of `x@1\.0\.0` from static\.crates\.io is damaged \(not a tar archive/);
    expect((e as GeneratorError).location.crate).toBe('x@1.0.0');
  });

  it('an HTML page instead of gzip says what is likely in the way', async () => {
    const page = new TextEncoder().encode('<!doctype html><title>Sign in to the Wi-Fi</title>');
    const e = await manifestFromCrateStream(meteredBody(page, 1).body, 'x', '1.0.0').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(GeneratorError);
    expect((e as GeneratorError).message).toMatch(/`x@1\.0\.0` is not a \.crate \(gzip\) file: is a proxy or login page in the way/);
  });

  it('a gzip stream cut short or garbled is retryable, not a GeneratorError', async () => {
    const crate = synthesiseCrate('x', '1.0.0', manifestFor('x', '1.0.0', undefined), 0);
    const cut = new Uint8Array(crate.subarray(0, 200));
    const e = await manifestFromCrateStream(meteredBody(cut).body, 'x', '1.0.0').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(RetryableError);
    expect((e as Error).message).toMatch(/^the gzip stream is damaged or cut short/);

    const garbled = new Uint8Array(crate);
    garbled.fill(0xff, 10, 40);
    const g = await manifestFromCrateStream(meteredBody(garbled).body, 'x', '1.0.0').catch((err: unknown) => err);
    expect(g).toBeInstanceOf(RetryableError);
  });
});
