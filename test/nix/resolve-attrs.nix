# The `name` of each `pkgs` attribute path (JSON list of "a.b.c" strings) in
# the stand-in nixpkgs, so the sys-override table can be checked against it.
{ system, paths }:
let
  pkgs = import ./stub-nixpkgs.nix { inherit system; };
  get = path: builtins.foldl' (set: name: set.${name}) pkgs (builtins.filter builtins.isString (builtins.split "[.]" path));
in
map (p: (get p).name) (builtins.fromJSON paths)
