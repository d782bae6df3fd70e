# hello-world 0.1.0, built with nixpkgs' rustPlatform.buildRustPackage. Written by the cargo2nix
# playground from Cargo.toml and Cargo.lock.
# Use it from nixpkgs or a flake: `pkgs.callPackage ./package.nix { }`.
{
  lib,
  rustPlatform,
}:

rustPlatform.buildRustPackage {
  pname = "hello-world";
  version = "0.1.0";

  src = lib.cleanSource ./.;

  cargoLock = {
    lockFile = ./Cargo.lock;
  };
}
