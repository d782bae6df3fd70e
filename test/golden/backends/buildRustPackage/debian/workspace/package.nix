# The app workspace, built with nixpkgs' rustPlatform.buildRustPackage in one derivation. Written by
# the cargo2nix playground from Cargo.toml and Cargo.lock.
# Use it from nixpkgs or a flake: `pkgs.callPackage ./package.nix { }`.
# Only some members: `pkgs.callPackage ./package.nix { members = [ "app" ]; }`.
{
  lib,
  rustPlatform,
  members ? [ "app" ],
}:

let
  versions = {
    app = "0.1.0";
    macros = "0.1.0";
    util = "0.2.0";
  };
  one = builtins.length members == 1;
  # `-p` per member: cargo builds and tests these members and what they depend on.
  packageFlags = lib.concatMap (m: [
    "-p"
    m
  ]) members;
in
rustPlatform.buildRustPackage {
  pname = if one then builtins.head members else "app";
  version = if one then versions.${builtins.head members} else "0.1.0";

  src = lib.cleanSource ./.;

  cargoLock = {
    lockFile = ./Cargo.lock;
  };

  cargoBuildFlags = packageFlags;
  cargoTestFlags = packageFlags;
}
