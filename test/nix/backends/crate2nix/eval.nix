# Evaluates the crate2nix flake.nix the playground writes (in `flakeDir`, beside the workspace) the
# way Nix calls a flake, with nixpkgs' real lib (../vendor/nixpkgs-lib), the pkgs stand-in
# (../pkgs) and crate2nix's tools stood in by ./tools-standin.nix. nixpkgs' `defaultCrateOverrides`
# holds one entry, openssl-sys's as nixpkgs has it (pkg-config and openssl), so the test sees the
# flake extend nixpkgs' override instead of replacing it. Prints, for `system`, every package and
# check with what buildRustCrateWithFeatures was given.
#   nix-instantiate --eval --strict --json eval.nix --arg flakeDir ./dir --argstr system x86_64-linux
{ flakeDir, system }:
let
  lib = import ../vendor/nixpkgs-lib/lib;
  systems = [
    "x86_64-linux"
    "aarch64-linux"
    "x86_64-darwin"
    "aarch64-darwin"
  ];
  pkgsFor =
    s:
    import ../pkgs/nixpkgs {
      system = s;
      overlays = [
        (final: prev: {
          defaultCrateOverrides = {
            openssl-sys = attrs: {
              nativeBuildInputs = [ final.pkg-config ];
              buildInputs = [ final.openssl ];
            };
          };
        })
      ];
    };
  nixpkgs = {
    outPath = ../pkgs/nixpkgs;
    inherit lib;
    legacyPackages = lib.genAttrs systems pkgsFor;
  };
  crate2nix = {
    outPath = ./.;
    tools = lib.genAttrs systems (s: import ./tools-standin.nix { inherit lib; pkgs = pkgsFor s; });
  };
  flake = import (flakeDir + "/flake.nix");
  outputs = flake.outputs {
    self = outputs // { outPath = flakeDir; };
    inherit nixpkgs crate2nix;
  };
  describe =
    drv:
    let
      recorded = drv.crate2nix or { };
    in
    {
      name = builtins.seq drv.drvPath drv.name;
      features = recorded.features or null;
      runTests = recorded.runTests or null;
      release = recorded.release or null;
      overrides = recorded.overrides or null;
    };
in
{
  inputs = builtins.attrNames flake.inputs;
  packages = builtins.mapAttrs (_: describe) outputs.packages.${system};
  checks = builtins.mapAttrs (_: describe) outputs.checks.${system};
}
