# cargo2nix 0.12.0, built with nixpkgs' rustPlatform.buildRustPackage. Written by the cargo2nix
# playground from Cargo.toml and Cargo.lock.
# Use it from nixpkgs or a flake: `pkgs.callPackage ./package.nix { }`.
{
  lib,
  rustPlatform,
  curl,
  dbus,
  libgit2,
  openssl,
  pkg-config,
  sqlite,
  zlib,
}:

rustPlatform.buildRustPackage {
  pname = "cargo2nix";
  version = "0.12.0";

  src = lib.cleanSource ./.;

  cargoLock = {
    lockFile = ./Cargo.lock;
  };

  # curl-sys (links = "curl"): links the system libcurl when pkg-config finds it.
  # libdbus-sys (links = "dbus"): links libdbus found with pkg-config.
  # libgit2-sys (links = "git2"): uses the system libgit2 when its version matches, else builds its
  # bundled copy.
  # libsqlite3-sys (links = "sqlite3"): links the system SQLite unless its `bundled` feature is on.
  # libssh2-sys (links = "ssh2"): builds its bundled libssh2 against OpenSSL and zlib.
  # libz-sys (links = "z"): links the system zlib when it finds one and builds its bundled copy
  # otherwise.
  # openssl-sys (links = "openssl"): links OpenSSL, found with pkg-config.
  # pkg-config: build scripts using it run the pkg-config program.
  nativeBuildInputs = [ pkg-config ];
  buildInputs = [
    curl
    dbus
    libgit2
    openssl
    sqlite
    zlib
  ];
  # On Darwin, Apple frameworks are linked (for core-foundation-sys, security-framework-sys);
  # nixpkgs' default SDK (24.11 and later) carries every framework, so none is listed.
  # libnghttp2-sys (links = "nghttp2") binds a system library the playground has no rule for: add
  # its package here.
}
