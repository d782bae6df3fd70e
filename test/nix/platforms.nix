# Host platforms shaped like nixpkgs' `stdenv.hostPlatform` (lib.systems
# elaborate + parse) for the configs below, with the `cargo2nix` attribute
# makePackageSet adds from cargo2nix's target-info.json. Written by hand from
# nixpkgs' lib/systems so that the TypeScript presets in
# worker/platform-plan.ts are checked against an independent description.
let
  cpus = {
    x86_64 = { name = "x86_64"; bits = 64; significantByte = { name = "littleEndian"; }; family = "x86"; };
    aarch64 = { name = "aarch64"; bits = 64; significantByte = { name = "littleEndian"; }; family = "arm"; };
    wasm32 = { name = "wasm32"; bits = 32; significantByte = { name = "littleEndian"; }; family = "wasm"; };
  };
  kernels = {
    linux = { name = "linux"; execFormat = { name = "elf"; }; families = { }; };
    darwin = { name = "darwin"; execFormat = { name = "macho"; }; families = { darwin = { name = "darwin"; }; }; };
    windows = { name = "windows"; execFormat = { name = "pe"; }; families = { }; };
    wasi = { name = "wasi"; execFormat = { name = "wasm"; }; families = { }; };
  };
  platform = { system, config, cpu, vendor, kernel, abi, libc, atomic, pointer }:
    let k = kernels.${kernel}; in
    {
      inherit system config libc;
      parsed = {
        cpu = cpus.${cpu};
        vendor = { name = vendor; };
        kernel = k;
        abi = { name = abi; };
      };
      isLinux = kernel == "linux";
      isDarwin = k.families ? darwin;
      isWindows = kernel == "windows";
      isUnix = kernel == "linux" || k.families ? darwin;
      isWasi = kernel == "wasi";
      isMusl = abi == "musl";
      is64bit = cpus.${cpu}.bits == 64;
      cargo2nix = { max-atomic-width = atomic; target-pointer-width = pointer; };
    };
in
{
  x86_64-linux = platform {
    system = "x86_64-linux"; config = "x86_64-unknown-linux-gnu";
    cpu = "x86_64"; vendor = "unknown"; kernel = "linux"; abi = "gnu"; libc = "glibc";
    atomic = 64; pointer = 64;
  };
  aarch64-linux = platform {
    system = "aarch64-linux"; config = "aarch64-unknown-linux-gnu";
    cpu = "aarch64"; vendor = "unknown"; kernel = "linux"; abi = "gnu"; libc = "glibc";
    atomic = 128; pointer = 64;
  };
  aarch64-darwin = platform {
    system = "aarch64-darwin"; config = "aarch64-apple-darwin";
    cpu = "aarch64"; vendor = "apple"; kernel = "darwin"; abi = "unknown"; libc = "libSystem";
    atomic = 128; pointer = 64;
  };
  x86_64-darwin = platform {
    system = "x86_64-darwin"; config = "x86_64-apple-darwin";
    cpu = "x86_64"; vendor = "apple"; kernel = "darwin"; abi = "unknown"; libc = "libSystem";
    atomic = 128; pointer = 64;
  };
  # nixpkgs' mingwW64; cargo2nix's table is keyed by the Rust target x86_64-pc-windows-gnu.
  x86_64-windows-gnu = platform {
    system = "x86_64-windows"; config = "x86_64-w64-mingw32";
    cpu = "x86_64"; vendor = "w64"; kernel = "windows"; abi = "gnu"; libc = "msvcrt";
    atomic = 128; pointer = 64;
  };
  x86_64-linux-musl = platform {
    system = "x86_64-linux"; config = "x86_64-unknown-linux-musl";
    cpu = "x86_64"; vendor = "unknown"; kernel = "linux"; abi = "musl"; libc = "musl";
    atomic = 64; pointer = 64;
  };
  # nixpkgs' wasi32; target info of wasm32-wasip1.
  wasm32-wasi = platform {
    system = "wasm32-wasi"; config = "wasm32-unknown-wasi";
    cpu = "wasm32"; vendor = "unknown"; kernel = "wasi"; abi = "unknown"; libc = "wasilibc";
    atomic = 64; pointer = 32;
  };
}
