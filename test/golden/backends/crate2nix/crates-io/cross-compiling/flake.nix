# Builds cross-compiling with crate2nix (https://github.com/nix-community/crate2nix), written by the
# cargo2nix playground.
# crate2nix's tools generate Cargo.nix from Cargo.toml, Cargo.lock and crate-hashes.json while this
# flake is evaluated (import from derivation), so it always matches the lock. To commit a Cargo.nix
# instead, see crate2nix-generate.md.
{
  description = "cross-compiling, built with crate2nix";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixpkgs-unstable";
    crate2nix.url = "github:nix-community/crate2nix";
  };

  outputs =
    { self, nixpkgs, crate2nix }:
    let
      # The systems crate2nix provides its tools for.
      systems = [
        "x86_64-linux"
        "aarch64-linux"
        "x86_64-darwin"
        "aarch64-darwin"
      ];
      forEachSystem = f: nixpkgs.lib.genAttrs systems (system: f system nixpkgs.legacyPackages.${system});

      cargoNixFor =
        system: pkgs:
        let
          generated = crate2nix.tools.${system}.generatedCargoNix {
            name = "cross-compiling";
            src = ./.;
          };
        in
        pkgs.callPackage generated { };
    in
    {
      packages = forEachSystem (
        system: pkgs:
        let
          cargoNix = cargoNixFor system pkgs;
        in
        {
          cross-compiling = cargoNix.workspaceMembers.cross-compiling.build;
          default = self.packages.${system}.cross-compiling;
        }
      );

      # Each member's tests (crate2nix's runTests).
      checks = forEachSystem (
        system: pkgs:
        let
          cargoNix = cargoNixFor system pkgs;
        in
        {
          cross-compiling-tests =
            cargoNix.workspaceMembers.cross-compiling.build.override { runTests = true; };
        }
      );
    };
}
