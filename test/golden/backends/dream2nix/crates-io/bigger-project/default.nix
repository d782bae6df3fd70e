# The dream2nix package module for bigger-project, written by the cargo2nix playground.
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
      inherit (nixpkgs) openssl pkg-config;
    };

  mkDerivation = {
    src = ./.;
    # openssl-sys: links OpenSSL, found with pkg-config.
    # pkg-config: build scripts using it run the pkg-config program.
    nativeBuildInputs = [ config.deps.pkg-config ];
    buildInputs = [ config.deps.openssl ];
  };

  # The dependencies are built in a derivation of their own (crane's buildDepsOnly): their build
  # scripts need the same.
  rust-crane.depsDrv = {
    mkDerivation = {
      nativeBuildInputs = [ config.deps.pkg-config ];
      buildInputs = [ config.deps.openssl ];
    };
  };
}
