# bigger-project 0.1.0, built with nixpkgs' rustPlatform.buildRustPackage. Written by the cargo2nix
# playground from Cargo.toml and Cargo.lock.
# Use it from nixpkgs or a flake: `pkgs.callPackage ./package.nix { }`.
{
  lib,
  rustPlatform,
  openssl,
  pkg-config,
}:

rustPlatform.buildRustPackage {
  pname = "bigger-project";
  version = "0.1.0";

  src = lib.cleanSource ./.;

  cargoLock = {
    lockFile = ./Cargo.lock;
  };

  # openssl-sys (links = "openssl"): links OpenSSL, found with pkg-config.
  # pkg-config: build scripts using it run the pkg-config program.
  nativeBuildInputs = [ pkg-config ];
  buildInputs = [ openssl ];
  # On Darwin, Apple frameworks are linked (for core-foundation-sys, security-framework-sys);
  # nixpkgs' default SDK (24.11 and later) carries every framework, so none is listed.
}
