# features-misc 0.3.1, built with nixpkgs' rustPlatform.buildRustPackage. Written by the cargo2nix
# playground from Cargo.toml and Cargo.lock.
# Use it from nixpkgs or a flake: `pkgs.callPackage ./package.nix { }`.
{
  lib,
  rustPlatform,
}:

rustPlatform.buildRustPackage {
  pname = "features-misc";
  version = "0.3.1";

  src = lib.cleanSource ./.;

  cargoLock = {
    lockFile = ./Cargo.lock;
  };
}
