# Written by the cargo2nix playground: `nix build` builds bigger-project with crane,
# `nix flake check` runs clippy, the tests and rustfmt.
# Commit it with Cargo.toml and Cargo.lock: a flake only sees files git tracks.
{
  description = "bigger-project, built with crane";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixpkgs-unstable";
    crane.url = "github:ipetkov/crane";
    flake-utils.url = "github:numtide/flake-utils";
  };

  outputs =
    {
      self,
      nixpkgs,
      crane,
      flake-utils,
      ...
    }:
    flake-utils.lib.eachDefaultSystem (
      system:
      let
        pkgs = nixpkgs.legacyPackages.${system};
        craneLib = crane.mkLib pkgs;
        # Only Rust and Cargo files: add what else the build reads (templates, assets) with
        # lib.fileset.
        src = craneLib.cleanCargoSource ./.;

        # What every build below shares, the dependency build included.
        commonArgs = {
          inherit src;
          strictDeps = true;
          pname = "bigger-project";
          version = "0.1.0";
          # openssl-sys (links = "openssl"): links OpenSSL, found with pkg-config.
          # pkg-config: build scripts using it run the pkg-config program.
          nativeBuildInputs = [ pkgs.pkg-config ];
          buildInputs = [ pkgs.openssl ];
          # On Darwin, Apple frameworks are linked (for core-foundation-sys,
          # security-framework-sys); nixpkgs' default SDK (24.11 and later) carries every framework,
          # so none is listed.
        };

        # Every dependency of the workspace, built once and reused by each build below.
        cargoArtifacts = craneLib.buildDepsOnly commonArgs;

        # The package.
        members = {
          bigger-project = craneLib.buildPackage (
            commonArgs
            // {
              inherit cargoArtifacts;
            }
          );
        };
      in
      {
        packages = members // { default = members.bigger-project; };

        # `nix flake check`: every package, clippy, the tests and rustfmt.
        checks = members // {
          workspace-clippy = craneLib.cargoClippy (
            commonArgs
            // {
              inherit cargoArtifacts;
              cargoClippyExtraArgs = "--all-targets -- --deny warnings";
            }
          );
          workspace-nextest = craneLib.cargoNextest (
            commonArgs
            // {
              inherit cargoArtifacts;
              cargoNextestExtraArgs = "--no-tests=pass";
            }
          );
          workspace-fmt = craneLib.cargoFmt { inherit src; };
        };

        # `nix develop`: the toolchain and the inputs of the checks.
        devShells.default = craneLib.devShell {
          checks = self.checks.${system};
        };
      }
    );
}
