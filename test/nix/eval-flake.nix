# Evaluates a generated flake.nix (next to its Cargo.nix and Cargo.lock in
# `flakeDir`) with stand-in inputs and summarises its outputs per system:
#   nix-instantiate --eval --strict --json eval-flake.nix --arg flakeDir ./some/dir
{ flakeDir }:
let
  lib = import ./lib.nix;
  flake = import (flakeDir + "/flake.nix");
  stubs = {
    cargo2nix = import ./stub-cargo2nix.nix;
    flake-utils = import ./stub-flake-utils.nix;
    nixpkgs = { outPath = ./stub-nixpkgs.nix; };
    rust-overlay = { overlays.default = final: prev: { }; };
  };
  # Nix passes `self` and exactly the declared inputs.
  inputs = builtins.mapAttrs (name: _: stubs.${name} or (throw "no stand-in for input ${name}")) flake.inputs;
  outputs = flake.outputs (inputs // { self = outputs // { outPath = flakeDir; }; });

  # deepSeq: an environment value that names a missing attribute must fail here.
  inputsOf = r: map (p: builtins.deepSeq p p.name) (r.propagatedBuildInputs ++ r.propagatedNativeBuildInputs);
  # Not `outPath` itself: toJSON would print an attrset with one as that string.
  describePackage = p: {
    inherit (p) key packageSet hostConfig features packageSetArgs crateArgs;
    path = p.outPath;
    # Forces every dependency condition of a build of it.
    crates = lib.unique (map (i: i.record.key) (closureOf p));
  };
  closureOf = pkg: builtins.genericClosure {
    startSet = [ { key = "${toString pkg.level} ${pkg.key}"; record = pkg; } ];
    operator = item: map (e: { key = "${toString e.target.level} ${e.crate}"; record = e.target.record; }) item.record.edges;
  };
  # What the overrides added to each crate a build of `pkg` reaches.
  overridden = pkg:
    map (i: { crate = i.record.key; inherit (i.record) packageSet; inputs = inputsOf i.record; })
      (builtins.filter (i: inputsOf i.record != [ ]) (closureOf pkg));
in
{
  description = flake.description or null;
  inputs = flake.inputs;
  systems = builtins.mapAttrs (system: packages: {
    packages = builtins.mapAttrs (_: describePackage) packages;
    apps = builtins.mapAttrs (_: a: { inherit (a) type program; }) (outputs.apps.${system} or { });
    devShells = builtins.mapAttrs (_: s: {
      packages = map (p: p.name) (s.shell.packages or [ ]);
      inputsFrom = map (r: r.key) (s.shell.inputsFrom or [ ]);
    }) outputs.devShells.${system};
    overridden = overridden packages.default;
  }) outputs.packages;
}
