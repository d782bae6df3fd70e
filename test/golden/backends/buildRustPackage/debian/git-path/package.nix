# git-path-case 0.1.0, built with nixpkgs' rustPlatform.buildRustPackage. Written by the cargo2nix
# playground from Cargo.toml and Cargo.lock.
# Use it from nixpkgs or a flake: `pkgs.callPackage ./package.nix { }`.
{
  lib,
  rustPlatform,
}:

rustPlatform.buildRustPackage {
  pname = "git-path-case";
  version = "0.1.0";

  src = lib.cleanSource ./.;

  cargoLock = {
    lockFile = ./Cargo.lock;
    # One per git package: the Nix hash of its repository at the locked commit (prefetched).
    outputHashes = {
      "gitdep-0.4.0" = "sha256-MD3ijwa9ve5LholRwuIUGgKspZ5rKLDpgLOka49R5Nw=";
    };
  };
}
