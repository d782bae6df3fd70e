// Linking a declared dependency to its locked package.
import { describe, expect, it } from 'vitest';
import { CRATES_IO, crateBlock, entry, generate, index, lock, lockPackage, sum } from '../support/engine.ts';

describe('dependency → locked package', () => {
  it('picks the highest locked version when a requirement matches several (by semver, not text)', async () => {
    const manifest = '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nwide = ">=0.9"\n';
    const text = lock(
      3,
      lockPackage('app', '0.1.0', { deps: ['wide 0.9.0', 'wide 0.10.0'] }),
      lockPackage('wide', '0.9.0', { source: CRATES_IO, checksum: sum('1') }),
      lockPackage('wide', '0.10.0', { source: CRATES_IO, checksum: sum('2') }),
    );
    const nix = await generate({ 'Cargo.toml': manifest, 'Cargo.lock': text }, { index: index(entry('wide', '0.9.0'), entry('wide', '0.10.0')) });
    expect(crateBlock(nix, 'app', '0.1.0')).toContain(`wide = (rustPackages."${CRATES_IO}".wide."0.10.0" { inherit profileName; }).out;`);
  });

  it('accepts a [patch]ed source: a crates.io requirement locked to a git package', async () => {
    const manifest =
      '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\npatched = "1"\n\n[patch.crates-io]\npatched = { git = "https://example.com/patched" }\n';
    const rev = 'a'.repeat(40);
    const text = lock(
      3,
      lockPackage('app', '0.1.0', { deps: ['patched'] }),
      lockPackage('patched', '1.0.1', { source: `git+https://example.com/patched#${rev}` }),
    );
    const nix = await generate(
      { 'Cargo.toml': manifest, 'Cargo.lock': text },
      { index: {}, git: { 'patched@1.0.1': '[package]\nname = "patched"\nversion = "1.0.1"\n' } },
    );
    expect(crateBlock(nix, 'app', '0.1.0')).toContain(
      'patched = (rustPackages."git+https://example.com/patched".patched."1.0.1" { inherit profileName; }).out;',
    );
  });
});
