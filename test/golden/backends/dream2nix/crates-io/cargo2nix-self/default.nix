# The dream2nix package module for cargo2nix, written by the cargo2nix playground.
# flake.nix evaluates it once per workspace member, setting `name` and `version`. Cargo.lock is read
# while Nix evaluates: nothing to regenerate when it changes.
{
  lib,
  config,
  dream2nix,
  ...
}:
{
  imports = [
    dream2nix.modules.dream2nix.rust-cargo-lock
    dream2nix.modules.dream2nix.rust-cargo-vendor
    dream2nix.modules.dream2nix.rust-crane
  ];

  # The nixpkgs packages used below.
  deps =
    { nixpkgs, ... }:
    {
      inherit (nixpkgs) curl dbus libgit2 openssl pkg-config sqlite zlib;
    };

  mkDerivation = {
    src = ./.;
    # curl-sys: links the system libcurl when pkg-config finds it.
    # libdbus-sys: links libdbus found with pkg-config.
    # libgit2-sys: uses the system libgit2 when its version matches; the stock override adds it on
    # Darwin only.
    # libsqlite3-sys: links the system SQLite unless its `bundled` feature is on; cargo2nix has an
    # override for it but leaves it out of overrides.all.
    # libssh2-sys: builds its bundled libssh2 against OpenSSL and zlib.
    # libz-sys: links the system zlib when it finds one and builds its bundled copy otherwise.
    # openssl-sys: links OpenSSL, found with pkg-config.
    # pkg-config: build scripts using it run the pkg-config program.
    nativeBuildInputs = [ config.deps.pkg-config ];
    buildInputs = [
      config.deps.curl
      config.deps.dbus
      config.deps.libgit2
      config.deps.openssl
      config.deps.sqlite
      config.deps.zlib
    ];
  };
  # libnghttp2-sys (links = "nghttp2") binds a system library the playground does not know: add it
  # to mkDerivation if its build needs it.

  # The dependencies are built in a derivation of their own (crane's buildDepsOnly): their build
  # scripts need the same.
  rust-crane.depsDrv = {
    mkDerivation = {
      nativeBuildInputs = [ config.deps.pkg-config ];
      buildInputs = [
        config.deps.curl
        config.deps.dbus
        config.deps.libgit2
        config.deps.openssl
        config.deps.sqlite
        config.deps.zlib
      ];
    };
  };
}
