# Written by the cargo2nix playground: `nix build` builds bigger-project with nixpkgs'
# buildRustPackage (package.nix).
# Commit it with package.nix, Cargo.toml and Cargo.lock: a flake only sees files git tracks.
{
  description = "bigger-project, built with nixpkgs' buildRustPackage";

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
          bigger-project = pkgs.callPackage ./package.nix { };
          default = self.packages.${system}.bigger-project;
        };

        # `nix develop`: cargo, rustc and the native inputs of the build.
        devShells.default = pkgs.mkShell {
          inputsFrom = [ self.packages.${system}.default ];
        };
      }
    );
}
