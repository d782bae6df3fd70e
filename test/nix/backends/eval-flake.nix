# Evaluates a generated flake.nix (in `flakeDir`, beside the workspace's Cargo.toml and Cargo.lock)
# the way Nix calls a flake: `outputs` gets `self` and its declared inputs, each input being that
# flake's own outputs (called the same way) plus its `outPath`. The inputs are the tools' real
# flakes, vendored in ./vendor (crane, naersk, flake-utils, nix-systems); nixpkgs is the stand-in
# in ./pkgs; rust-overlay is the small stand-in in ./pkgs/rust-overlay (its real manifests are
# too big to vendor). Prints, for `system`, every package, check and dev shell with what the tests
# assert on. `force = true` also computes every drvPath, so all of the tool's code that describes
# the build runs; `force = false` leaves the drvPaths out (for crane, whose dummy-source step needs
# a newer Nix than Debian's 2.8: see the test) but still computes the vendored dependencies'.
# Needs a writable store (`--store <dir> --read-write-mode`): naersk and crane read the source
# after Nix copied it there.
#   nix-instantiate --eval --strict --json eval-flake.nix --arg flakeDir ./dir --argstr system x86_64-linux
{
  flakeDir,
  system,
  force ? true,
}:
let
  lib = import ./vendor/nixpkgs-lib/lib;
  systems = [
    "x86_64-linux"
    "aarch64-linux"
    "x86_64-darwin"
    "aarch64-darwin"
  ];

  callFlake =
    dir: inputs:
    let
      flake = import (dir + "/flake.nix");
      declared = builtins.attrNames (flake.inputs or { });
      given = lib.genAttrs declared (name: inputs.${name} or (throw "no input ${name} for ${toString dir}"));
      outputs = flake.outputs (given // { self = self; });
      self = outputs // {
        outPath = dir;
        inputs = given;
      };
    in
    self;

  nixpkgs = {
    outPath = ./pkgs/nixpkgs;
    lib = lib;
    legacyPackages = lib.genAttrs systems (s: import ./pkgs/nixpkgs { system = s; });
  };
  nix-systems = callFlake ./vendor/nix-systems { };
  flake-utils = callFlake ./vendor/flake-utils { systems = nix-systems; };
  crane = callFlake ./vendor/crane { };
  naersk = callFlake ./vendor/naersk {
    inherit nixpkgs;
    fenix = { };
  };
  rust-overlay = {
    outPath = ./pkgs/rust-overlay;
  };

  outputs = callFlake flakeDir {
    inherit
      nixpkgs
      flake-utils
      crane
      naersk
      rust-overlay
      ;
  };

  strictly = x: if force then builtins.seq x.drvPath x else x;
  describe = drv: {
    name = (strictly drv).name;
    drvPath = if force then drv.drvPath else null;
    # crane's vendored crates.io and git dependencies (a derivation of their own).
    vendorDir = if drv.cargoVendorDir or null != null then drv.cargoVendorDir.drvPath else null;
    # What the tools pass on to the build (crane's buildPhase with the cargo command it runs, naersk's
    # cargo_build_options, the buildRustPackage stand-in's record), when the derivation has it.
    buildPhase = drv.buildPhase or null;
    cargoBuildOptions = drv.cargo_build_options or null;
    brpArgs = drv.passthru.brpArgs or null;
    nativeBuildInputs = map (p: p.name or (toString p)) (drv.nativeBuildInputs or [ ]);
    buildInputs = map (p: p.name or (toString p)) (drv.buildInputs or [ ]);
  };
in
{
  packages = builtins.mapAttrs (_: describe) outputs.packages.${system};
  checks = builtins.mapAttrs (_: d: (strictly d).name) (outputs.checks.${system} or { });
  devShells = builtins.mapAttrs (_: d: (strictly d).name) (outputs.devShells.${system} or { });
}
