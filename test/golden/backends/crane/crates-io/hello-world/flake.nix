# Written by the cargo2nix playground: `nix build` builds hello-world with crane, `nix flake check`
# runs clippy, the tests and rustfmt.
# Commit it with Cargo.toml and Cargo.lock: a flake only sees files git tracks.
{
  description = "hello-world, built with crane";

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
          pname = "hello-world";
          version = "0.1.0";
        };

        # Every dependency of the workspace, built once and reused by each build below.
        cargoArtifacts = craneLib.buildDepsOnly commonArgs;

        # The package.
        members = {
          hello-world = craneLib.buildPackage (
            commonArgs
            // {
              inherit cargoArtifacts;
            }
          );
        };
      in
      {
        packages = members // { default = members.hello-world; };

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
