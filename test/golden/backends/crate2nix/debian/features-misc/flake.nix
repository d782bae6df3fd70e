# Builds features-misc with crate2nix (https://github.com/nix-community/crate2nix), written by the
# cargo2nix playground.
# crate2nix's tools generate Cargo.nix from Cargo.toml, Cargo.lock and crate-hashes.json while this
# flake is evaluated (import from derivation), so it always matches the lock. To commit a Cargo.nix
# instead, see crate2nix-generate.md.
{
  description = "features-misc, built with crate2nix";

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
            name = "features-misc";
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
          features-misc = cargoNix.workspaceMembers.features-misc.build;
          default = self.packages.${system}.features-misc;
        }
      );

      # Each member's tests (crate2nix's runTests).
      checks = forEachSystem (
        system: pkgs:
        let
          cargoNix = cargoNixFor system pkgs;
        in
        {
          features-misc-tests =
            cargoNix.workspaceMembers.features-misc.build.override { runTests = true; };
        }
      );
    };
}
