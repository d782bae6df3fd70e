// Workspace inheritance, member discovery by glob, lib names, proc-macro
// dev-dependencies, alternative and sparse registries, git sources pinned by
// tag, rev and (percent-encoded, lock v4) branch, and profiles. Expected text
// is derived by reasoning from cargo2nix 0.12.0's template.rs/Cargo.nix.tera
// and cargo 0.86's workspace/lock handling, not produced by the real tool.
// The inputs are the `workspace-sources` scenario, also evaluated by the Nix suite.
import { describe, expect, it } from 'vitest';
import { CRATES_IO, crateBlock, generate, lock, lockPackage, model, sum } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';

const rev = (c: string) => c.repeat(40).slice(0, 40);
const { files: inputs, snapshot } = scenario('workspace-sources');

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

describe('a root that is both a package and a workspace', () => {
  // cargo's find_members: listed members first (depth first through their path
  // dependencies), the root package last. Derived by reasoning from cargo 0.86.
  it('lists the root package after the listed members, in rootFeatures and workspace', async () => {
    const root = '[package]\nname = "rootpkg"\nversion = "1.0.0"\n\n[workspace]\nmembers = ["sub"]\n\n[dependencies]\nsub = { path = "sub" }\n';
    const sub = '[package]\nname = "sub"\nversion = "0.2.0"\n\n[lib]\nname = "sub"\n';
    const text = lock(3, lockPackage('rootpkg', '1.0.0', { deps: ['sub'] }), lockPackage('sub', '0.2.0'));
    const nix = await generate({ 'Cargo.toml': root, 'sub/Cargo.toml': sub, 'Cargo.lock': text }, { index: {} });
    expect(nix).toContain(`  rootFeatures ? [
    "sub/default"
    "rootpkg/default"
  ],`);
    expect(nix).toContain(`  workspace = {
    sub = rustPackages.unknown.sub."0.2.0";
    rootpkg = rustPackages.unknown.rootpkg."1.0.0";
  };`);
    const m = await model({ 'Cargo.toml': root, 'sub/Cargo.toml': sub, 'Cargo.lock': text }, { index: {} });
    expect(m.rootPackage).toBe('rootpkg');
  });
});
