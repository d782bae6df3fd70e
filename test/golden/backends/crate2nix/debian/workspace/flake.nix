# Builds app with crate2nix (https://github.com/nix-community/crate2nix), written by the cargo2nix
# playground.
# crate2nix's tools generate Cargo.nix from Cargo.toml, Cargo.lock and crate-hashes.json while this
# flake is evaluated (import from derivation), so it always matches the lock. To commit a Cargo.nix
# instead, see crate2nix-generate.md.
{
  description = "app, built with crate2nix";

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
            name = "app";
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
          app = cargoNix.workspaceMembers.app.build;
          macros = cargoNix.workspaceMembers.macros.build;
          util = cargoNix.workspaceMembers.util.build;
          # Every member, linked together.
          default = cargoNix.allWorkspaceMembers;
        }
      );

      # Each member's tests (crate2nix's runTests).
      checks = forEachSystem (
        system: pkgs:
        let
          cargoNix = cargoNixFor system pkgs;
        in
        {
          app-tests = cargoNix.workspaceMembers.app.build.override { runTests = true; };
          macros-tests = cargoNix.workspaceMembers.macros.build.override { runTests = true; };
          util-tests = cargoNix.workspaceMembers.util.build.override { runTests = true; };
        }
      );
    };
}
