// Which nixpkgs packages a crate's build script probably wants, for crates
// that bind a system library (`-sys` crates, crates with `links`) and that
// cargo2nix 0.12's stock overrides (`overlay/overrides.nix`, `overrides.all`)
// do not already provide. Curated by hand for the nixpkgs cargo2nix 0.12
// pins (23.11): a crate missing here gets a comment in flake.nix, not a guess.
import type { ResolvedCrate, ResolvedWorkspace } from '../model/model.ts';

export interface SysRule {
  /** Crate names the rule applies to. */
  readonly crates: readonly string[];
  /** `links` values it applies to, for forks and renames of those crates. */
  readonly links?: readonly string[];
  /** `pkgs` attribute paths of libraries to link (propagatedBuildInputs). */
  readonly libraries?: readonly string[];
  /** `pkgs` attribute paths of programs the build script runs (propagatedNativeBuildInputs). */
  readonly tools?: readonly string[];
  /** Environment for the build script; values are Nix expressions (pkgs in scope). */
  readonly env?: readonly { readonly name: string; readonly value: string }[];
  /** Only needed when building for Darwin (Apple frameworks). */
  readonly darwinOnly?: boolean;
  /** Why the packages are there, written into flake.nix as a comment. */
  readonly why: string;
  /** The same for backends other than cargo2nix, when `why` speaks of cargo2nix's own overrides. */
  readonly whyElsewhere?: string;
}

export const SYS_RULES: readonly SysRule[] = [
  {
    crates: ['libsqlite3-sys'],
    links: ['sqlite3'],
    libraries: ['sqlite'],
    why: 'links the system SQLite unless its `bundled` feature is on; cargo2nix has an override for it but leaves it out of overrides.all',
    whyElsewhere: 'links the system SQLite unless its `bundled` feature is on',
  },
  { crates: ['libz-sys'], links: ['z'], libraries: ['zlib'], why: 'links the system zlib when it finds one and builds its bundled copy otherwise' },
  {
    crates: ['libz-ng-sys'],
    links: ['z-ng'],
    libraries: ['zlib-ng'],
    tools: ['cmake'],
    why: 'links zlib-ng, building it with cmake when the system has none',
  },
  {
    crates: ['libgit2-sys'],
    links: ['git2'],
    libraries: ['libgit2'],
    why: 'uses the system libgit2 when its version matches; the stock override adds it on Darwin only',
    whyElsewhere: 'uses the system libgit2 when its version matches, else builds its bundled copy',
  },
  { crates: ['zstd-sys'], links: ['zstd'], libraries: ['zstd'], why: 'links zstd (the system one with the `pkg-config` feature)' },
  { crates: ['bzip2-sys'], links: ['bzip2'], libraries: ['bzip2'], why: 'links libbz2 from the system when it finds one' },
  { crates: ['lzma-sys'], links: ['lzma'], libraries: ['xz'], why: 'links liblzma from xz when it finds one' },
  { crates: ['libsodium-sys'], links: ['sodium'], libraries: ['libsodium'], why: 'links the system libsodium' },
  { crates: ['libusb1-sys'], links: ['usb-1.0'], libraries: ['libusb1'], why: 'links libusb-1.0 found with pkg-config' },
  { crates: ['alsa-sys'], links: ['alsa'], libraries: ['alsa-lib'], why: 'links libasound found with pkg-config' },
  { crates: ['freetype-sys'], links: ['freetype'], libraries: ['freetype'], why: 'links the system FreeType' },
  { crates: ['expat-sys'], links: ['expat'], libraries: ['expat'], why: 'links the system expat' },
  {
    crates: ['servo-fontconfig-sys', 'yeslogic-fontconfig-sys'],
    links: ['fontconfig'],
    libraries: ['fontconfig'],
    why: 'links fontconfig found with pkg-config',
  },
  { crates: ['glib-sys', 'gobject-sys', 'gio-sys'], links: ['glib', 'gobject', 'gio'], libraries: ['glib'], why: 'links GLib found with pkg-config' },
  { crates: ['cairo-sys-rs'], links: ['cairo'], libraries: ['cairo'], why: 'links cairo found with pkg-config' },
  { crates: ['pango-sys'], links: ['pango'], libraries: ['pango'], why: 'links Pango found with pkg-config' },
  { crates: ['gdk-pixbuf-sys'], links: ['gdk_pixbuf'], libraries: ['gdk-pixbuf'], why: 'links gdk-pixbuf found with pkg-config' },
  { crates: ['gtk-sys', 'gdk-sys'], links: ['gtk', 'gdk'], libraries: ['gtk3'], why: 'links GTK 3 found with pkg-config' },
  { crates: ['onig_sys'], links: ['onig'], libraries: ['oniguruma'], why: 'links the system Oniguruma when it finds one' },
  { crates: ['hdf5-sys'], links: ['hdf5'], libraries: ['hdf5'], why: 'links the system HDF5' },
  {
    crates: ['clang-sys'],
    links: ['clang'],
    tools: ['llvmPackages.libclang'],
    env: [{ name: 'LIBCLANG_PATH', value: '"${pkgs.llvmPackages.libclang.lib}/lib"' }],
    why: 'bindgen loads libclang while building and looks for it in LIBCLANG_PATH',
  },
  { crates: ['cmake'], tools: ['cmake'], why: 'its build helper runs the cmake program' },
  { crates: ['protoc-rust'], tools: ['protobuf'], why: 'runs protoc, which it looks for on PATH' },
  {
    crates: ['security-framework-sys'],
    libraries: ['darwin.apple_sdk.frameworks.Security'],
    darwinOnly: true,
    why: 'links the Security framework on macOS',
  },
  {
    crates: ['core-foundation-sys'],
    libraries: ['darwin.apple_sdk.frameworks.CoreFoundation'],
    darwinOnly: true,
    why: 'links the CoreFoundation framework on macOS',
  },
  {
    crates: ['system-configuration-sys'],
    libraries: ['darwin.apple_sdk.frameworks.SystemConfiguration'],
    darwinOnly: true,
    why: 'links the SystemConfiguration framework on macOS',
  },
  { crates: ['io-kit-sys'], libraries: ['darwin.apple_sdk.frameworks.IOKit'], darwinOnly: true, why: 'links the IOKit framework on macOS' },
  {
    crates: ['coreaudio-sys'],
    libraries: ['darwin.apple_sdk.frameworks.AudioUnit', 'darwin.apple_sdk.frameworks.CoreAudio'],
    darwinOnly: true,
    why: 'links the CoreAudio frameworks on macOS',
  },
];

/**
 * Crates cargo2nix 0.12.0's `overrides.all` already takes care of on every
 * platform. (Its libgit2-sys override is Darwin-only, so libgit2-sys has a
 * rule above instead.)
 */
export const STOCK_OVERRIDES: ReadonlySet<string> = new Set([
  'curl-sys',
  'fsevent-sys',
  'libdbus-sys',
  'libssh2-sys',
  'libudev-sys',
  'openssl-sys',
  'pkg-config',
  'pq-sys',
  'prost-build',
  'protoc',
  'rdkafka-sys',
  'zmq-sys',
]);

/**
 * What cargo2nix's stock overrides give the crates in {@link STOCK_OVERRIDES}, said as rules, for
 * backends that have no such overrides (buildRustPackage, crane, naersk, dream2nix): without them
 * a workspace using openssl-sys fails to build there. Not used for cargo2nix's flake.nix.
 */
export const STOCK_EQUIVALENT_RULES: readonly SysRule[] = [
  { crates: ['openssl-sys'], links: ['openssl'], libraries: ['openssl'], tools: ['pkg-config'], why: 'links OpenSSL, found with pkg-config' },
  { crates: ['curl-sys'], links: ['curl'], libraries: ['curl'], tools: ['pkg-config'], why: 'links the system libcurl when pkg-config finds it' },
  {
    crates: ['libssh2-sys'],
    links: ['ssh2'],
    libraries: ['openssl', 'zlib'],
    tools: ['pkg-config'],
    why: 'builds its bundled libssh2 against OpenSSL and zlib',
  },
  { crates: ['libdbus-sys'], links: ['dbus'], libraries: ['dbus'], tools: ['pkg-config'], why: 'links libdbus found with pkg-config' },
  { crates: ['libudev-sys'], links: ['udev'], libraries: ['udev'], tools: ['pkg-config'], why: 'links libudev found with pkg-config' },
  { crates: ['pq-sys'], links: ['pq'], libraries: ['postgresql'], why: 'links libpq, whose directory it asks pg_config for' },
  { crates: ['zmq-sys'], links: ['zmq'], libraries: ['zeromq'], tools: ['pkg-config'], why: 'links libzmq found with pkg-config' },
  {
    crates: ['rdkafka-sys'],
    links: ['rdkafka'],
    libraries: ['rdkafka'],
    tools: ['pkg-config'],
    why: 'builds its bundled librdkafka unless the `dynamic-linking` feature links this one (the bundled build runs scripts the sandbox lacks `/usr/bin/env bash` for)',
  },
  { crates: ['pkg-config'], tools: ['pkg-config'], why: 'build scripts using it run the pkg-config program' },
  {
    crates: ['prost-build'],
    tools: ['protobuf'],
    env: [{ name: 'PROTOC', value: '"${pkgs.protobuf}/bin/protoc"' }],
    why: 'runs protoc, named by PROTOC',
  },
  { crates: ['protoc'], tools: ['protobuf'], why: 'runs protoc, which it looks for on PATH' },
  {
    crates: ['fsevent-sys'],
    libraries: ['darwin.apple_sdk.frameworks.CoreServices'],
    darwinOnly: true,
    why: 'links the CoreServices framework on macOS',
  },
];

export interface SysOverride {
  readonly crate: string;
  readonly links: string | undefined;
  readonly rule: SysRule;
}

export interface SysOverrides {
  /** One per crate name (overrides match by name, so every version shares it), sorted by name. */
  readonly overrides: readonly SysOverride[];
  /** `-sys` crates with no rule and no stock override, sorted by name. */
  readonly unknown: readonly { readonly crate: string; readonly links: string | undefined }[];
  /** Crates left to the stock overrides, sorted by name. */
  readonly stock: readonly string[];
}

const byName = new Map<string, SysRule>();
const byLinks = new Map<string, SysRule>();
for (const r of SYS_RULES) {
  for (const c of r.crates) byName.set(c, r);
  for (const l of r.links ?? []) byLinks.set(l, r);
}

export function sysRuleFor(name: string, links: string | undefined): SysRule | undefined {
  return byName.get(name) ?? (links === undefined ? undefined : byLinks.get(links));
}

// winapi 0.2's per-DLL crates (kernel32-sys, ws2_32-sys, …) and the windows
// crates bind import libraries that the Windows toolchain ships.
function bindsWindowsImports(c: ResolvedCrate): boolean {
  const n = c.id.name;
  return n.startsWith('winapi') || n.startsWith('windows') || c.dependencies.some((d) => d.id.name === 'winapi-build');
}

const looksSys = (name: string) => name.endsWith('-sys') || name.endsWith('_sys');

/** `-sys` crates that bind no native library: syscalls, JavaScript or the Fuchsia kernel. */
export const NO_NATIVE_LIBRARY: ReadonlySet<string> = new Set(['js-sys', 'web-sys', 'linux-raw-sys', 'fuchsia-zircon-sys', 'wasm-bindgen-sys']);

export function sysOverridesFor(ws: ResolvedWorkspace): SysOverrides {
  const overrides = new Map<string, SysOverride>();
  const unknown = new Map<string, string | undefined>();
  const stock = new Set<string>();
  for (const c of ws.crates) {
    if (c.member) continue;
    const name = c.id.name;
    if (STOCK_OVERRIDES.has(name)) {
      stock.add(name);
      continue;
    }
    const rule = sysRuleFor(name, c.links);
    if (rule) {
      if (!overrides.has(name)) overrides.set(name, { crate: name, links: c.links, rule });
    } else if (looksSys(name) && !NO_NATIVE_LIBRARY.has(name) && !bindsWindowsImports(c)) {
      unknown.set(name, c.links);
    }
  }
  const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    overrides: sorted(overrides).map(([, o]) => o),
    unknown: sorted(unknown).map(([crate, links]) => ({ crate, links })),
    stock: [...stock].sort(),
  };
}
