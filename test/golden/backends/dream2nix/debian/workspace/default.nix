# The dream2nix package module for app, written by the cargo2nix playground.
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

  mkDerivation = {
    src = ./.;
  };
}
