# Stands in for `import nixpkgs { ... }` when evaluating a generated flake:
# the platforms come from platforms.nix, packages are named placeholders, and
# overlays are applied as nixpkgs applies them (final: prev: ...). Only the
# nixpkgs attributes listed here exist, so a flake that names a package
# nixpkgs does not have fails to evaluate.
{ system, overlays ? [ ], crossSystem ? null, config ? { } }:
let
  lib = import ./lib.nix;
  platforms = import ./platforms.nix;
  native = {
    x86_64-linux = platforms.x86_64-linux;
    aarch64-linux = platforms.aarch64-linux;
    x86_64-darwin = platforms.x86_64-darwin;
    aarch64-darwin = platforms.aarch64-darwin;
  }.${system} or (throw "stub nixpkgs: no platform for system ${system}");
  byConfig = c: lib.findFirst (p: p.config == c) (throw "stub nixpkgs: no platform for crossSystem.config ${c}")
    (builtins.attrValues platforms);
  # As lib.systems.elaborate (nixpkgs 23.11): crossSystem's other attributes are kept, and the
  # Rust target is `rust.rustcTarget` — `rustc.config` when given, else built from the parsed
  # platform (MinGW's vendor `w64` becomes `pc`, an `unknown` ABI is dropped), so WASI comes
  # out as `wasm32-unknown-wasi`, a name Rust does not have.
  elaborate = p: extra:
    let
      inherit (p.parsed) cpu vendor kernel abi;
      derived = "${cpu.name}-${if vendor.name == "w64" then "pc" else vendor.name}-${kernel.name}"
        + (if abi.name == "unknown" then "" else "-${abi.name}");
    in
    p // extra // { rust.rustcTarget = (extra.rustc or extra.rust or { }).config or derived; };
  # makePackageSet adds `cargo2nix` itself; nixpkgs' platforms have none.
  hostPlatform =
    if crossSystem == null then elaborate (removeAttrs native [ "cargo2nix" ]) { }
    else elaborate (removeAttrs (byConfig crossSystem.config) [ "cargo2nix" ]) (removeAttrs crossSystem [ "config" ]);

  stub = name: {
    type = "derivation";
    inherit name;
    outPath = "/stub-store/${name}";
    outputs = [ "out" ];
  };
  withLib = p: p // { lib = stub "${p.name}-lib"; dev = stub "${p.name}-dev"; };
  names = [
    "alsa-lib" "bzip2" "cairo" "cmake" "curl" "dbus" "expat" "fontconfig" "freetype"
    "gdk-pixbuf" "glib" "gtk3" "hdf5" "libgit2" "libiconv" "libsodium" "libusb1"
    "openssl" "oniguruma" "pango" "pkg-config" "postgresql" "protobuf" "rust-analyzer" "sqlite"
    "udev" "xz" "zeromq" "zlib" "zlib-ng" "zstd"
  ];
  frameworks = [
    "AppKit" "AudioUnit" "CoreAudio" "CoreFoundation" "CoreServices" "IOKit" "Security"
    "SystemConfiguration"
  ];

  base = final: builtins.listToAttrs (map (n: { name = n; value = withLib (stub n); }) names) // {
    inherit lib;
    stdenv = { inherit hostPlatform; buildPlatform = elaborate (removeAttrs native [ "cargo2nix" ]) { }; };
    buildPackages = if crossSystem == null then final else import ./stub-nixpkgs.nix { inherit system overlays; };
    darwin.apple_sdk.frameworks = builtins.listToAttrs (map (n: { name = n; value = stub "framework-${n}"; }) frameworks);
    llvmPackages.libclang = withLib (stub "libclang");
    mkShell = args: stub "shell" // { shell = args; };
  };
in
lib.fix (final: builtins.foldl' (prev: overlay: prev // overlay final prev) (base final) overlays)
