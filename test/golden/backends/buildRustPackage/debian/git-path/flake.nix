# Written by the cargo2nix playground: `nix build` builds git-path-case with nixpkgs'
# buildRustPackage (package.nix).
# Commit it with package.nix, Cargo.toml and Cargo.lock: a flake only sees files git tracks.
{
  description = "git-path-case, built with nixpkgs' buildRustPackage";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixpkgs-unstable";
    flake-utils.url = "github:numtide/flake-utils";
  };

  outputs =
    {
      self,
      nixpkgs,
      flake-utils,
    }:
    flake-utils.lib.eachDefaultSystem (
      system:
      let
        pkgs = nixpkgs.legacyPackages.${system};
      in
      {
        packages = {
          git-path-case = pkgs.callPackage ./package.nix { };
          default = self.packages.${system}.git-path-case;
        };

        # `nix develop`: cargo, rustc and the native inputs of the build.
        devShells.default = pkgs.mkShell {
          inputsFrom = [ self.packages.${system}.default ];
        };
      }
    );
}
