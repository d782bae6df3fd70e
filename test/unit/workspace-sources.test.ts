// Workspace inheritance, member discovery by glob, lib names, proc-macro
// dev-dependencies, alternative and sparse registries, git sources pinned by
// tag, rev and (percent-encoded, lock v4) branch, and profiles. Expected text
// is derived by reasoning from cargo2nix 0.12.0's template.rs/Cargo.nix.tera
// and cargo 0.86's workspace/lock handling, not produced by the real tool.
import { describe, expect, it } from 'vitest';
import { CRATES_IO, crateBlock, dep, entry, generate, index, lock, lockPackage, model, sum } from '../support/engine.ts';

const root = `[workspace]
members = ["crates/*"]
resolver = "2"

[workspace.package]
version = "0.5.0"
rust-version = "1.70"

[workspace.dependencies]
shared = { path = "crates/shared", features = ["extra"] }
quick = { version = "1", default-features = false }

[profile.release]
lto = "thin"

[profile.release.package.quick]
opt-level = 3

[profile.dev]
debug = 1
`;

const cli = `[package]
name = "cli"
version.workspace = true
rust-version.workspace = true

[dependencies]
shared = { workspace = true, features = ["more"] }
quick = { workspace = true, features = ["fast"] }
corp = { version = "0.1", registry = "corp" }
sparsey = { version = "3", registry = "sparse-corp" }
tagged = { git = "https://example.com/tagged.git", tag = "v1.0.0" }
pinned = { git = "https://example.com/pinned", rev = "0123abc" }
branchy = { git = "https://example.com/branchy", branch = "release/1.x" }

[dev-dependencies]
derive-helper = "1"
`;

const shared = `[package]
name = "shared"
version.workspace = true

[lib]
name = "shared-core"

[features]
extra = []
more = []
`;

const rev = (c: string) => c.repeat(40).slice(0, 40);

const lockText = lock(
  4,
  lockPackage('branchy', '0.2.0', { source: `git+https://example.com/branchy?branch=release%2F1.x#${rev('c')}` }),
  lockPackage('cli', '0.5.0', { deps: ['branchy', 'corp', 'derive-helper', 'pinned', 'quick', 'shared', 'sparsey', 'tagged'] }),
  lockPackage('corp', '0.1.4', { source: 'registry+https://corp.example.com/index', checksum: sum('1') }),
  lockPackage('derive-helper', '1.0.0', { source: CRATES_IO, checksum: sum('2') }),
  lockPackage('pinned', '0.1.0', { source: `git+https://example.com/pinned?rev=0123abc#0123abc${rev('d').slice(7)}` }),
  lockPackage('quick', '1.2.0', { source: CRATES_IO, checksum: sum('3') }),
  lockPackage('shared', '0.5.0'),
  lockPackage('sparsey', '3.1.0', { source: 'sparse+https://sparse.corp.example.com/', checksum: sum('4') }),
  lockPackage('tagged', '1.0.0', { source: `git+https://example.com/tagged.git?tag=v1.0.0#${rev('e')}` }),
);

const gitManifest = (name: string, version: string) => `[package]\nname = "${name}"\nversion = "${version}"\n`;

const snapshot = {
  index: index(
    entry('corp', '0.1.4'),
    entry('derive-helper', '1.0.0', [dep('quick', '^1', { kind: 'dev' })]),
    entry('quick', '1.2.0', [], { default: ['fast'], fast: [] }),
    entry('sparsey', '3.1.0'),
  ),
  facts: { 'derive-helper@1.0.0': { libName: 'derive_helper', procMacro: true } },
  git: {
    'tagged@1.0.0': gitManifest('tagged', '1.0.0'),
    'pinned@0.1.0': gitManifest('pinned', '0.1.0'),
    'branchy@0.2.0': gitManifest('branchy', '0.2.0'),
  },
};

const inputs = { 'Cargo.toml': root, 'crates/cli/Cargo.toml': cli, 'crates/shared/Cargo.toml': shared, 'Cargo.lock': lockText };

describe('workspace and sources', () => {
  it('finds members by glob, in cargo order, inheriting version and rust-version', async () => {
    const m = await model(inputs, snapshot);
    expect(m.members.map((x) => `${x.name}@${x.version}`)).toEqual(['cli@0.5.0', 'shared@0.5.0']);
    expect(m.members[0]!.rustVersion).toBe('1.70');
  });

  it('renders the member with every source kind, lib names and proc-macro dev-dependencies', async () => {
    const nix = await generate(inputs, snapshot);
    expect(crateBlock(nix, 'cli', '0.5.0')).toBe(`  "unknown".cli."0.5.0" = overridableMkRustCrate (profileName: rec {
    name = "cli";
    version = "0.5.0";
    registry = "unknown";
    src = fetchCrateLocal workspaceSrc;
    dependencies = {
      branchy = (rustPackages."git+https://example.com/branchy".branchy."0.2.0" { inherit profileName; }).out;
      corp = (rustPackages."registry+https://corp.example.com/index".corp."0.1.4" { inherit profileName; }).out;
      pinned = (rustPackages."git+https://example.com/pinned".pinned."0.1.0" { inherit profileName; }).out;
      quick = (rustPackages."${CRATES_IO}".quick."1.2.0" { inherit profileName; }).out;
      shared_core = (rustPackages."unknown".shared."0.5.0" { inherit profileName; }).out;
      sparsey = (rustPackages."sparse+https://sparse.corp.example.com/".sparsey."3.1.0" { inherit profileName; }).out;
      tagged = (rustPackages."git+https://example.com/tagged.git".tagged."1.0.0" { inherit profileName; }).out;
    };
    devDependencies = {
      derive_helper = (buildRustPackages."${CRATES_IO}".derive-helper."1.0.0" { profileName = "__noProfile"; }).out;
    };
  });`);
  });

  it('merges inherited dependency features and keeps the workspace default-features', async () => {
    const nix = await generate(inputs, snapshot);
    expect(crateBlock(nix, 'quick', '1.2.0')).toContain(`    features = builtins.concatLists [
      [ "fast" ]
    ];`);
    expect(crateBlock(nix, 'shared', '0.5.0')).toContain(`    features = builtins.concatLists [
      [ "extra" ]
      [ "more" ]
    ];`);
  });

  it('writes git sources with a ref only for branches, decoding lock v4 escapes', async () => {
    const nix = await generate(inputs, snapshot);
    expect(crateBlock(nix, 'branchy', '0.2.0')).toContain(`    src = fetchCrateGit {
      url = "https://example.com/branchy";
      name = "branchy";
      version = "0.2.0";
      rev = "${rev('c')}";
      ref = "release/1.x";};`);
    expect(crateBlock(nix, 'tagged', '1.0.0')).toContain(`      rev = "${rev('e')}";};`);
    expect(crateBlock(nix, 'pinned', '0.1.0')).toContain(`      rev = "0123abc${rev('d').slice(7)}";};`);
  });

  it('fetches alternative and sparse registry crates with fetchCratesIo, as cargo2nix 0.12.0 does', async () => {
    const nix = await generate(inputs, snapshot);
    expect(crateBlock(nix, 'corp', '0.1.4')).toContain(`    registry = "registry+https://corp.example.com/index";
    src = fetchCratesIo { inherit name version; sha256 = "${sum('1')}"; };`);
    expect(crateBlock(nix, 'sparsey', '3.1.0')).toContain(`    registry = "sparse+https://sparse.corp.example.com/";`);
  });

  it('embeds every profile table of the root manifest', async () => {
    const nix = await generate(inputs, snapshot);
    expect(nix).toContain(`  profilesByName = {
    dev = builtins.fromTOML "debug = 1\\n";
    release = builtins.fromTOML "lto = \\"thin\\"\\n\\n[package.quick]\\nopt-level = 3\\n";
  };`);
  });
});
