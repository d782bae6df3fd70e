# Written by the cargo2nix playground: `nix build` builds bigger-project with naersk.
# Commit it with Cargo.toml and Cargo.lock: a flake only sees files git tracks.
{
  description = "bigger-project, built with naersk";

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
          # openssl-sys (links = "openssl"): links OpenSSL, found with pkg-config.
          # pkg-config: build scripts using it run the pkg-config program.
          nativeBuildInputs = [ pkgs.pkg-config ];
          buildInputs = [ pkgs.openssl ];
          # On Darwin, Apple frameworks are linked (for core-foundation-sys,
          # security-framework-sys); nixpkgs' default SDK (24.11 and later) carries every framework,
          # so none is listed.
        };

        members = {
          bigger-project = naersk'.buildPackage (
            common
            // {
              name = "bigger-project";
              version = "0.1.0";
            }
          );
        };
      in
      {
        packages = members // { default = members.bigger-project; };

        # `nix flake check`: clippy and the tests, in naersk's check modes.
        checks = {
          clippy = naersk'.buildPackage (common // { mode = "clippy"; });
          test = naersk'.buildPackage (common // { mode = "test"; });
        };

        # `nix develop`: cargo, rustc and the native inputs.
        devShells.default = pkgs.mkShell {
          inputsFrom = [ members.bigger-project ];
          nativeBuildInputs = [
            pkgs.cargo
            pkgs.rustc
          ];
        };
      }
    );
}
