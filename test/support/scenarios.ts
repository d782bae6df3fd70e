// Hand-written workspaces shared by the unit tests and the Nix suite, which
// evaluates them beside the golden fixtures: the shapes the unit tests cover
// (root features, every source kind, v1 locks) plus a cfg matrix that hits
// every branch of the cfg → hostPlatform mapping and a workspace full of
// system-library crates for the flake's overrides.
import type { MetadataSnapshot } from '../../worker/metadata/memory-source.ts';
import type { IndexDependency, IndexEntry } from '../../worker/metadata/source.ts';
import { CRATES_IO, dep, entry, index, lock, lockPackage, sum } from './engine.ts';

export interface Scenario {
  readonly name: string;
  readonly files: Record<string, string>;
  readonly snapshot: MetadataSnapshot;
}

const rev = (c: string) => c.repeat(40).slice(0, 40);
const cratesIo = (name: string, version: string, c: string, deps: string[] = []) =>
  lockPackage(name, version, { source: CRATES_IO, checksum: sum(c), deps });

const rootFeatures: Scenario = {
  name: 'root-features',
  files: {
    'Cargo.toml': `[package]
name = "app"
version = "0.1.0"
edition = "2021"

[features]
default = ["fast"]
fast = ["dep:quick"]
tls = ["net/tls", "dep:quick"]
serde = ["net?/serde"]
posix = ["unixy"]

[dependencies]
quick = { version = "1", optional = true }
net = { version = "2", optional = true }

[target.'cfg(unix)'.dependencies]
unixy = { version = "0.3", optional = true }
`,
    'src/main.rs': 'fn main() {}\n',
    'Cargo.lock': lock(
      3,
      lockPackage('app', '0.1.0', { deps: ['net', 'quick', 'unixy'] }),
      cratesIo('net', '2.0.1', 'a'),
      cratesIo('quick', '1.2.0', 'b'),
      cratesIo('unixy', '0.3.0', 'c'),
    ),
  },
  snapshot: {
    index: index(entry('net', '2.0.1', [], { default: ['std'], std: [], tls: [], serde: [] }), entry('quick', '1.2.0'), entry('unixy', '0.3.0')),
  },
};

const gitManifest = (name: string, version: string) => `[package]\nname = "${name}"\nversion = "${version}"\n`;

const workspaceSources: Scenario = {
  name: 'workspace-sources',
  files: {
    'Cargo.toml': `[workspace]
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
`,
    'crates/cli/Cargo.toml': `[package]
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
`,
    'crates/cli/src/main.rs': 'fn main() {}\n',
    'crates/cli/src/bin/cli-helper.rs': 'fn main() {}\n',
    'crates/shared/Cargo.toml': `[package]
name = "shared"
version.workspace = true

[lib]
name = "shared-core"

[features]
extra = []
more = []
`,
    'Cargo.lock': lock(
      4,
      lockPackage('branchy', '0.2.0', { source: `git+https://example.com/branchy?branch=release%2F1.x#${rev('c')}` }),
      lockPackage('cli', '0.5.0', { deps: ['branchy', 'corp', 'derive-helper', 'pinned', 'quick', 'shared', 'sparsey', 'tagged'] }),
      lockPackage('corp', '0.1.4', { source: 'registry+https://corp.example.com/index', checksum: sum('1') }),
      cratesIo('derive-helper', '1.0.0', '2'),
      lockPackage('pinned', '0.1.0', { source: `git+https://example.com/pinned?rev=0123abc#0123abc${rev('d').slice(7)}` }),
      cratesIo('quick', '1.2.0', '3'),
      lockPackage('shared', '0.5.0'),
      lockPackage('sparsey', '3.1.0', { source: 'sparse+https://sparse.corp.example.com/', checksum: sum('4') }),
      lockPackage('tagged', '1.0.0', { source: `git+https://example.com/tagged.git?tag=v1.0.0#${rev('e')}` }),
    ),
  },
  snapshot: {
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
  },
};

const lockV1: Scenario = {
  name: 'lock-v1-two-versions',
  files: {
    'Cargo.toml': `[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nquick = "1"\nold_quick = { package = "quick", version = "0.9" }\n`,
    'Cargo.lock': `[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "quick 1.2.0 (registry+https://github.com/rust-lang/crates.io-index)",
 "quick 0.9.0 (registry+https://github.com/rust-lang/crates.io-index)",
]

[[package]]
name = "quick"
version = "0.9.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "quick"
version = "1.2.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[metadata]
"checksum quick 0.9.0 (registry+https://github.com/rust-lang/crates.io-index)" = "${sum('9')}"
"checksum quick 1.2.0 (registry+https://github.com/rust-lang/crates.io-index)" = "${sum('1')}"
`,
  },
  snapshot: { index: index(entry('quick', '0.9.0'), entry('quick', '1.2.0')) },
};

/** `[target.<key>]` → the crate only that key pulls in. */
const CFG_KEYS: readonly [string, string][] = [
  ['cfg(unix)', 'on-unix'],
  ['cfg(windows)', 'on-windows'],
  ['cfg(target_os = "linux")', 'os-linux'],
  ['cfg(target_os = "macos")', 'os-macos'],
  ['cfg(target_os = "windows")', 'os-windows'],
  ['cfg(target_os = "wasi")', 'os-wasi'],
  ['cfg(target_arch = "x86_64")', 'arch-x86-64'],
  ['cfg(target_arch = "aarch64")', 'arch-aarch64'],
  ['cfg(target_arch = "x86")', 'arch-x86'],
  ['cfg(target_arch = "arm")', 'arch-arm'],
  ['cfg(target_arch = "wasm32")', 'arch-wasm32'],
  ['cfg(target_env = "musl")', 'env-musl'],
  ['cfg(target_env = "gnu")', 'env-gnu'],
  ['cfg(target_env = "msvc")', 'env-msvc'],
  ['cfg(target_env = "sgx")', 'env-sgx'],
  ['cfg(target_env = "")', 'env-empty'],
  ['cfg(target_family = "unix")', 'family-unix'],
  ['cfg(target_family = "windows")', 'family-windows'],
  ['cfg(target_family = "wasm")', 'family-wasm'],
  ['cfg(target_endian = "little")', 'endian-little'],
  ['cfg(target_endian = "big")', 'endian-big'],
  ['cfg(target_pointer_width = "32")', 'ptr-32'],
  ['cfg(target_pointer_width = "64")', 'ptr-64'],
  ['cfg(target_pointer_width = "16")', 'ptr-16'],
  ['cfg(target_vendor = "apple")', 'vendor-apple'],
  ['cfg(target_vendor = "pc")', 'vendor-pc'],
  ['cfg(target_vendor = "unknown")', 'vendor-unknown'],
  ['cfg(target_cpu = "native")', 'cpu-native'],
  ['cfg(target_feature = "aes")', 'feat-aes'],
  ['cfg(target_feature = "crt-static")', 'feat-crt-static'],
  ['cfg(target_has_atomic = "64")', 'atomic-64'],
  ['cfg(target_has_atomic = "128")', 'atomic-128'],
  ['cfg(target_has_atomic = "ptr")', 'atomic-ptr'],
  ['cfg(all())', 'all-empty'],
  ['cfg(any())', 'any-empty'],
  ['cfg(not(any()))', 'not-any-empty'],
  ['cfg(not(windows))', 'not-windows'],
  ['cfg(not(target_os = "linux"))', 'not-linux'],
  ['cfg(not(target_has_atomic = "128"))', 'not-atomic-128'],
  ['cfg(all(unix, target_pointer_width = "64", not(target_os = "macos")))', 'combo-all'],
  ['cfg(any(windows, target_os = "macos", target_arch = "wasm32"))', 'combo-any'],
  ['cfg(all(any(unix, windows), not(all(target_env = "gnu", target_arch = "x86_64"))))', 'combo-nested'],
  ['cfg(docsrs)', 'unknown-name'],
  ['cfg(feature = "extra")', 'feature-key'],
  ['x86_64-unknown-linux-gnu', 'triple-linux-gnu'],
  ['x86_64-pc-windows-gnu', 'triple-windows-gnu'],
  ['x86_64-w64-mingw32', 'triple-mingw'],
  ['aarch64-apple-darwin', 'triple-darwin'],
  ['wasm32-unknown-unknown', 'triple-wasm'],
];

function cfgMatrix(): Scenario {
  let manifest = `[package]
name = "matrix"
version = "0.1.0"
edition = "2021"

[features]
winopt = ["dep:opt-win"]

[dependencies]
plain = "1"
`;
  const tables = new Map<string, string[]>();
  const add = (key: string, line: string) => tables.set(key, [...(tables.get(key) ?? []), line]);
  for (const [key, crate] of CFG_KEYS) add(`target.'${key}'.dependencies`, `${crate} = "1"`);
  add("target.'cfg(windows)'.dependencies", 'opt-win = { version = "1", optional = true }');
  add("target.'cfg(windows)'.dependencies", 'pm-win = "1"');
  // The same extern name on exclusive platforms, and one crate on two.
  add("target.'cfg(windows)'.dependencies", 'backend = { package = "backend-win", version = "1" }');
  add("target.'cfg(unix)'.dependencies", 'backend = { package = "backend-unix", version = "1" }');
  add("target.'cfg(windows)'.dependencies", 'both = "1"');
  add("target.'cfg(unix)'.dependencies", 'both = "1"');
  add("target.'cfg(unix)'.build-dependencies", 'build-unix = "1"');
  add('target.\'cfg(target_os = "macos")\'.dev-dependencies', 'dev-mac = "1"');
  for (const [table, lines] of tables) manifest += `\n[${table}]\n${lines.join('\n')}\n`;
  const extra = ['opt-win', 'pm-win', 'backend-win', 'backend-unix', 'both', 'build-unix', 'dev-mac', 'plain'];
  const names = [...CFG_KEYS.map(([, c]) => c), ...extra].sort();
  const entries: IndexEntry[] = names.map((n) => entry(n, '1.0.0'));
  // A target-specific dependency of a dependency, to see cfg edges below the members too.
  const plainIdx = entries.findIndex((e) => e.name === 'plain');
  const plainDeps: IndexDependency[] = [
    dep('on-windows', '^1', { target: 'cfg(windows)' }),
    dep('arch-aarch64', '^1', { target: 'cfg(target_arch = "aarch64")' }),
  ];
  entries[plainIdx] = entry('plain', '1.0.0', plainDeps);
  const lockPackages = names.map((n, i) => cratesIo(n, '1.0.0', (i % 16).toString(16), n === 'plain' ? ['arch-aarch64', 'on-windows'] : []));
  return {
    name: 'cfg-matrix',
    files: { 'Cargo.toml': manifest, 'src/lib.rs': '', 'Cargo.lock': lock(3, lockPackage('matrix', '0.1.0', { deps: names }), ...lockPackages) },
    snapshot: { index: index(...entries), facts: { 'pm-win@1.0.0': { libName: 'pm_win', procMacro: true } } },
  };
}

const sysCrates: Scenario = {
  name: 'sys-crates',
  files: {
    'Cargo.toml': `[package]
name = "app"
version = "0.2.0"
edition = "2021"
rust-version = "1.74.1"

[workspace]
members = ["crates/*"]

[features]
default = []
bundled = ["libsqlite3-sys/bundled"]

[dependencies]
libz-sys = "1"
libsqlite3-sys = "0.27"
openssl-sys = "0.9"
mystery-sys = "0.1"
ring = "0.17"
tool = { path = "crates/tool" }

[target.'cfg(target_os = "macos")'.dependencies]
security-framework-sys = "2"

[target.'cfg(windows)'.dependencies]
kernel32-sys = "0.2"

[build-dependencies]
cmake = "0.1"
`,
    'src/main.rs': 'fn main() {}\n',
    'crates/tool/Cargo.toml': `[package]
name = "tool"
version = "0.2.0"
edition = "2021"
rust-version = "1.72"

[dependencies]
corelib = { path = "../core", package = "app-core" }
`,
    'crates/tool/src/main.rs': 'fn main() {}\n',
    'crates/core/Cargo.toml': `[package]
name = "app-core"
version = "0.2.0"
edition = "2021"

[dependencies]
clang-sys = "1"
`,
    'crates/core/src/lib.rs': '',
    'Cargo.lock': lock(
      3,
      lockPackage('app', '0.2.0', {
        deps: ['cmake', 'kernel32-sys', 'libsqlite3-sys', 'libz-sys', 'mystery-sys', 'openssl-sys', 'ring', 'security-framework-sys', 'tool'],
      }),
      lockPackage('app-core', '0.2.0', { deps: ['clang-sys'] }),
      cratesIo('cc', '1.0.83', '1'),
      cratesIo('clang-sys', '1.7.0', '2'),
      cratesIo('cmake', '0.1.50', '3', ['cc']),
      cratesIo('kernel32-sys', '0.2.2', '4', ['winapi-build']),
      cratesIo('libsqlite3-sys', '0.27.0', '5', ['cc', 'pkg-config']),
      cratesIo('libz-sys', '1.1.12', '6', ['cc', 'pkg-config']),
      cratesIo('mystery-sys', '0.1.0', '7'),
      cratesIo('openssl-sys', '0.9.96', '8', ['cc', 'pkg-config']),
      cratesIo('pkg-config', '0.3.27', '9'),
      cratesIo('ring', '0.17.7', 'a', ['cc']),
      cratesIo('security-framework-sys', '2.9.1', 'b'),
      lockPackage('tool', '0.2.0', { deps: ['app-core'] }),
      cratesIo('winapi-build', '0.1.1', 'c'),
    ),
  },
  snapshot: {
    index: index(
      entry('cc', '1.0.83'),
      entry('clang-sys', '1.7.0', [], {}, { links: 'clang' }),
      entry('cmake', '0.1.50', [dep('cc', '^1')]),
      entry('kernel32-sys', '0.2.2', [dep('winapi-build', '^0.1', { kind: 'build' })]),
      entry(
        'libsqlite3-sys',
        '0.27.0',
        [dep('cc', '^1', { kind: 'build', optional: true }), dep('pkg-config', '^0.3', { kind: 'build' })],
        { bundled: ['cc'] },
        { links: 'sqlite3' },
      ),
      entry('libz-sys', '1.1.12', [dep('cc', '^1', { kind: 'build' }), dep('pkg-config', '^0.3', { kind: 'build' })], {}, { links: 'z' }),
      entry('mystery-sys', '0.1.0', [], {}, { links: 'mystery' }),
      entry('openssl-sys', '0.9.96', [dep('cc', '^1', { kind: 'build' }), dep('pkg-config', '^0.3', { kind: 'build' })], {}, { links: 'openssl' }),
      entry('pkg-config', '0.3.27'),
      entry('ring', '0.17.7', [dep('cc', '^1', { kind: 'build' })], {}, { links: 'ring_core_0_17_7' }),
      entry('security-framework-sys', '2.9.1'),
      entry('winapi-build', '0.1.1'),
    ),
    facts: { 'kernel32-sys@0.2.2': { libName: 'kernel32', procMacro: false }, 'winapi-build@0.1.1': { libName: 'build', procMacro: false } },
  },
};

export const SCENARIOS: readonly Scenario[] = [rootFeatures, workspaceSources, lockV1, cfgMatrix(), sysCrates];

/** One scenario by name; unit tests and the Nix suite share these inputs. */
export function scenario(name: string): Scenario {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new Error(`no scenario ${name}`);
  return s;
}
