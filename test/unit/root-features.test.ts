// Root features → `rootFeatures' ? …` conditions, `dep:` and weak `?/`
// features, implicit optional-dependency features, and platform-gated
// optional dependencies. The expected blocks are derived by reasoning from
// cargo2nix 0.12.0's main.rs/template and cargo 0.86's dependency resolver
// (dep_cache.rs), not produced by the real tool. The inputs are the
// `root-features` scenario, which the Nix suite also evaluates.
import { describe, expect, it } from 'vitest';
import { CRATES_IO, crateBlock, generate, sum } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';

const { files: inputs, snapshot } = scenario('root-features');
const manifest = inputs['Cargo.toml']!;
const lockText = inputs['Cargo.lock']!;

describe('root feature activation', () => {
  it('gates member features, optional deps and their features by the member features that turn them on', async () => {
    const nix = await generate({ 'Cargo.toml': manifest, 'Cargo.lock': lockText }, snapshot);
    // `net` has no `dep:` reference, so it gets an implicit feature; `quick`
    // does not. `net?/serde` is weak: it does not turn on the `net` feature,
    // but the dependency resolver still activates the `net` dependency.
    expect(crateBlock(nix, 'app', '0.1.0')).toBe(`  "unknown".app."0.1.0" = overridableMkRustCrate (profileName: rec {
    name = "app";
    version = "0.1.0";
    registry = "unknown";
    src = fetchCrateLocal workspaceSrc;
    features = builtins.concatLists [
      (lib.optional (rootFeatures' ? "app/default") "default")
      (lib.optional (rootFeatures' ? "app/default" || rootFeatures' ? "app/fast") "fast")
      (lib.optional (rootFeatures' ? "app/net" || rootFeatures' ? "app/tls") "net")
      (lib.optional (rootFeatures' ? "app/posix") "posix")
      (lib.optional (rootFeatures' ? "app/serde") "serde")
      (lib.optional (rootFeatures' ? "app/tls") "tls")
      (lib.optional (rootFeatures' ? "app/posix" || rootFeatures' ? "app/unixy") "unixy")
    ];
    dependencies = {
      \${ if rootFeatures' ? "app/net" || rootFeatures' ? "app/serde" || rootFeatures' ? "app/tls" then "net" else null } = (rustPackages."${CRATES_IO}".net."2.0.1" { inherit profileName; }).out;
      \${ if rootFeatures' ? "app/default" || rootFeatures' ? "app/fast" || rootFeatures' ? "app/tls" then "quick" else null } = (rustPackages."${CRATES_IO}".quick."1.2.0" { inherit profileName; }).out;
      \${ if (rootFeatures' ? "app/posix" || rootFeatures' ? "app/unixy") && hostPlatform.isUnix then "unixy" else null } = (rustPackages."${CRATES_IO}".unixy."0.3.0" { inherit profileName; }).out;
    };
  });`);
    expect(nix).toContain(`  rootFeatures ? [
    "app/default"
  ],`);
  });

  it('gates a dependency crate’s features by the member features that reach it', async () => {
    const nix = await generate({ 'Cargo.toml': manifest, 'Cargo.lock': lockText }, snapshot);
    const any = `rootFeatures' ? "app/net" || rootFeatures' ? "app/serde" || rootFeatures' ? "app/tls"`;
    expect(crateBlock(nix, 'net', '2.0.1')).toBe(`  "${CRATES_IO}".net."2.0.1" = overridableMkRustCrate (profileName: rec {
    name = "net";
    version = "2.0.1";
    registry = "${CRATES_IO}";
    src = fetchCratesIo { inherit name version; sha256 = "${sum('a')}"; };
    features = builtins.concatLists [
      (lib.optional (${any}) "default")
      (lib.optional (rootFeatures' ? "app/serde") "serde")
      (lib.optional (${any}) "std")
      (lib.optional (rootFeatures' ? "app/tls") "tls")
    ];
  });`);
  });

  it('marks as always-on what is active with no member features at all', async () => {
    const required = manifest
      .replace('quick = { version = "1", optional = true }', 'quick = { version = "1" }')
      .replace('fast = ["dep:quick"]', 'fast = []')
      .replace(', "dep:quick"]', ']');
    const nix = await generate({ 'Cargo.toml': required, 'Cargo.lock': lockText }, snapshot);
    expect(nix).toContain(`      quick = (rustPackages."${CRATES_IO}".quick."1.2.0" { inherit profileName; }).out;`);
  });

  it('lists every member feature in the plan, including implicit ones', async () => {
    const { model } = await import('../support/engine.ts');
    const m = await model({ 'Cargo.toml': manifest, 'Cargo.lock': lockText }, snapshot);
    expect(m.members[0]!.features).toEqual(['default', 'fast', 'net', 'posix', 'serde', 'tls', 'unixy']);
  });
});
