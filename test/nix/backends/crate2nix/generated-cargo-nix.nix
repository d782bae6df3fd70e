# Stands in for the Cargo.nix that `crate2nix generate` writes (its template, crate2nix's
# templates/Cargo.nix.tera): a function taking the same arguments, meant for `pkgs.callPackage`,
# returning the same public attributes (`rootCrate` when the root is a package, `workspaceMembers`
# by package name, `allWorkspaceMembers`), each `build` overridable with the arguments of
# crate2nix's buildRustCrateWithFeatures. The members come from the workspace's manifests. Each
# build records what a test checks: its features, runTests, release, and what
# `defaultCrateOverrides` gives each crate of Cargo.lock (buildRustCrate applies it by crate name).
{ lib, crateDir, cargoToml }:
{
  nixpkgs ? null,
  pkgs,
  fetchurl ? pkgs.fetchurl,
  lib ? pkgs.lib,
  stdenv ? pkgs.stdenv,
  buildRustCrateForPkgs ? pkgs: pkgs.buildRustCrate,
  defaultCrateOverrides ? pkgs.defaultCrateOverrides,
  rootFeatures ? [ "default" ],
  strictDeprecation ? false,
  targetFeatures ? [ ],
  extraTargetFlags ? { },
  release ? true,
  crateConfig ? { },
}:
let
  manifest = path: builtins.fromTOML (builtins.readFile (crateDir + "/${path}"));
  root = manifest cargoToml;
  # `crates/*` names every folder of crates/ that holds a Cargo.toml, as cargo expands it.
  expand =
    pattern:
    if lib.hasSuffix "/*" pattern then
      let
        parent = lib.removeSuffix "/*" pattern;
        entries = builtins.readDir (crateDir + "/${parent}");
      in
      map (n: "${parent}/${n}") (
        builtins.filter (n: entries.${n} == "directory" && builtins.pathExists (crateDir + "/${parent}/${n}/Cargo.toml")) (
          builtins.attrNames entries
        )
      )
    else
      [ pattern ];
  memberDirs = lib.concatMap expand (root.workspace.members or [ ]);
  # A member's `version.workspace = true` takes `[workspace.package]`'s version, as cargo does.
  inherit' = p: p // lib.optionalAttrs (builtins.isAttrs (p.version or null)) { version = root.workspace.package.version; };
  packages = map inherit' (lib.optional (root ? package) root.package ++ map (d: (manifest "${d}/Cargo.toml").package) memberDirs);
  lock = builtins.fromTOML (builtins.readFile (crateDir + "/Cargo.lock"));
  names = p: map (d: d.name) p;
  overridesOf =
    crateOverrides:
    lib.listToAttrs (
      map (
        p:
        let
          attrs = crateOverrides.${p.name} {
            crateName = p.name;
            inherit (p) version;
          };
        in
        {
          inherit (p) name;
          value = {
            buildInputs = names (attrs.buildInputs or [ ]);
            nativeBuildInputs = names (attrs.nativeBuildInputs or [ ]);
            env = lib.filterAttrs (n: v: builtins.isString v && lib.toUpper n == n) attrs;
          };
        }
      ) (builtins.filter (p: crateOverrides ? ${p.name}) lock.package)
    );
  build =
    p:
    lib.makeOverridable
      (
        {
          features,
          crateOverrides,
          runTests,
          testCrateFlags,
          testInputs,
          testPreRun,
          testPostRun,
        }:
        stdenv.mkDerivation {
          name = "rust_${p.name}-${p.version}";
          passthru.crate2nix = {
            inherit features runTests release;
            overrides = overridesOf crateOverrides;
          };
        }
      )
      {
        features = rootFeatures;
        crateOverrides = defaultCrateOverrides;
        runTests = false;
        testCrateFlags = [ ];
        testInputs = [ ];
        testPreRun = "";
        testPostRun = "";
      };
  member = p: {
    packageId = p.name;
    build = build p;
  };
in
lib.optionalAttrs (root ? package) { rootCrate = member root.package; }
// {
  workspaceMembers = lib.listToAttrs (map (p: lib.nameValuePair p.name (member p)) packages);
  allWorkspaceMembers = stdenv.mkDerivation { name = "all-workspace-members"; };
}
