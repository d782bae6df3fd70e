// The Options panel's rules (src/lib/flake-choices.ts): it offers only
// the flake catalogue's combinations and pulls a choice back into them.
import { describe, expect, it } from 'vitest';
import { fitChoice, refChoices, rustChoices, targetChoices } from '../../src/lib/flake-choices.ts';
import { DEFAULT_CARGO2NIX_REF, offeredRefs, offeredRustVersions } from '../../worker/render/cargo2nix/flake-catalogue.ts';

describe('option choices', () => {
  it('offers the catalogue refs and no refused ones', () => {
    expect(refChoices().map((r) => r.value)).toEqual(offeredRefs().map((r) => r.ref));
    expect(refChoices().map((r) => r.value)).not.toContain('release-0.11');
  });

  it('offers "from rust-version" then the Rust versions of the ref', () => {
    expect(rustChoices('release-0.12')).toEqual(['', ...offeredRustVersions('release-0.12')]);
    expect(rustChoices('release-0.11')).toEqual(['']);
  });

  it('marks WASI unavailable before Rust 1.78, with the reason, and available from 1.78', () => {
    const wasi = (rustVersion: string) =>
      targetChoices({ cargo2nixRelease: 'release-0.12', rustVersion, targets: [] }).find((t) => t.target.triple === 'wasm32-wasip1')!;
    expect(wasi('1.75.0').unavailable).toBe('needs Rust 1.78.0 or newer');
    expect(wasi('1.78.0').unavailable).toBeUndefined();
    const musl = targetChoices({ cargo2nixRelease: 'release-0.12', rustVersion: '1.75.0', targets: [] }).find(
      (t) => t.target.triple === 'x86_64-unknown-linux-musl',
    )!;
    expect(musl.unavailable).toBeUndefined();
  });

  it('changes nothing in an offered choice', () => {
    expect(fitChoice({ cargo2nixRelease: 'main', rustVersion: '1.83.0', targets: ['wasm32-wasip1', 'x86_64-unknown-linux-musl'] })).toEqual({});
    expect(fitChoice({ cargo2nixRelease: 'release-0.12', rustVersion: '', targets: [] })).toEqual({});
  });

  it('pulls an unoffered choice back: unknown ref to the default, unknown Rust to "from rust-version", targets the Rust lacks dropped', () => {
    expect(fitChoice({ cargo2nixRelease: 'release-0.11', rustVersion: '1.83.0', targets: [] })).toEqual({ cargo2nixRelease: DEFAULT_CARGO2NIX_REF });
    expect(fitChoice({ cargo2nixRelease: 'release-0.12', rustVersion: '1.2.3', targets: [] })).toEqual({ rustVersion: '' });
    expect(fitChoice({ cargo2nixRelease: 'release-0.12', rustVersion: '1.75.0', targets: ['wasm32-wasip1', 'x86_64-unknown-linux-musl'] })).toEqual({
      targets: ['x86_64-unknown-linux-musl'],
    });
  });
});
