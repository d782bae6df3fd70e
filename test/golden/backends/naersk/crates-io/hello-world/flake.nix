# Written by the cargo2nix playground: `nix build` builds hello-world with naersk.
# Commit it with Cargo.toml and Cargo.lock: a flake only sees files git tracks.
{
  description = "hello-world, built with naersk";

  inputs = {
    flake-utils.url = "github:numtide/flake-utils";
    naersk = {
      url = "github:nix-community/naersk";
      inputs.nixpkgs.follows = "nixpkgs";
    };
    nixpkgs.url = "github:NixOS/nixpkgs/nixpkgs-unstable";
  };

  outputs =
    {
      self,
      flake-utils,
      naersk,
      nixpkgs,
      ...
    }:
    flake-utils.lib.eachDefaultSystem (
      system:
      let
        pkgs = import nixpkgs { inherit system; };
        naersk' = pkgs.callPackage naersk { };

        # What every build below shares.
        common = {
          src = ./.;
        };

        members = {
          hello-world = naersk'.buildPackage (
            common
            // {
              name = "hello-world";
              version = "0.1.0";
            }
          );
        };
      in
      {
        packages = members // { default = members.hello-world; };

        # `nix flake check`: clippy and the tests, in naersk's check modes.
        checks = {
          clippy = naersk'.buildPackage (common // { mode = "clippy"; });
          test = naersk'.buildPackage (common // { mode = "test"; });
        };

        # `nix develop`: cargo, rustc and the native inputs.
        devShells.default = pkgs.mkShell {
          inputsFrom = [ members.hello-world ];
          nativeBuildInputs = [
            pkgs.cargo
            pkgs.rustc
          ];
        };
      }
    );
}
