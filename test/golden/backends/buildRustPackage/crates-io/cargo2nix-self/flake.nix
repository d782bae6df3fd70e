# Written by the cargo2nix playground: `nix build` builds cargo2nix with nixpkgs' buildRustPackage
# (package.nix).
# Commit it with package.nix, Cargo.toml and Cargo.lock: a flake only sees files git tracks.
{
  description = "cargo2nix, built with nixpkgs' buildRustPackage";

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
          cargo2nix = pkgs.callPackage ./package.nix { };
          default = self.packages.${system}.cargo2nix;
        };

        # `nix develop`: cargo, rustc and the native inputs of the build.
        devShells.default = pkgs.mkShell {
          inputsFrom = [ self.packages.${system}.default ];
        };
      }
    );
}
