# Evaluates the dream2nix flake.nix + default.nix the playground writes (in `flakeDir`, beside the
# workspace) the way Nix calls a flake, against dream2nix's real code (`dream2nixDir`: the vendored
# subset in ./vendor) and nixpkgs' real lib (../vendor/nixpkgs-lib), with pkgs stood in (../pkgs).
# dream2nix's rust-crane module fetches crane v0.19.0 with fetchFromGitHub; here that fetch gives
# the crane vendored for the crane backend (../vendor/crane), the only source it can have offline.
# Prints, for `system`, every package with what dream2nix made of it: the derivation's name, the
# cargo command crane runs (it names the member with `--package`), the profile and flags, the
# dependencies derivation, and the native inputs of both.
#   nix-instantiate --eval --strict --json eval.nix --arg flakeDir ./dir --argstr system x86_64-linux
{
  flakeDir,
  system,
  dream2nixDir ? ./vendor/dream2nix,
  # Environment variables to report (the derivation's attributes cannot all be listed: some are
  # dev shells the stand-in cannot make).
  envNames ? [ ],
}:
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
          # What dream2nix's rust-cargo-vendor takes from nixpkgs beyond the stand-in's packages:
          # the helpers that write its git-vendoring script and the tools that script runs.
          moreutils = final.jq;
          nix = final.jq;
          python3Packages.toml = final.jq;
          writers.writePython3 = name: _: text: final.writeText name text;
          fetchFromGitHub =
            { owner, repo, ... }:
            if owner == "ipetkov" && repo == "crane" then ../vendor/crane else throw "no offline source for github:${owner}/${repo}";
        })
      ];
    };
  nixpkgs = {
    outPath = ../pkgs/nixpkgs;
    inherit lib;
    legacyPackages = lib.genAttrs systems pkgsFor;
  };

  callFlake =
    dir: inputs:
    let
      flake = import (dir + "/flake.nix");
      outputs = flake.outputs (inputs // { inherit self; });
      self = outputs // {
        outPath = dir;
        inherit inputs;
      };
    in
    self;

  dream2nix = callFlake dream2nixDir {
    inherit nixpkgs;
    pyproject-nix = throw "pyproject-nix is not needed for Rust";
    purescript-overlay = throw "purescript-overlay is not needed for Rust";
  };
  flake = import (flakeDir + "/flake.nix");
  outputs = callFlake flakeDir { inherit dream2nix nixpkgs; };

  names = map (p: p.name or (toString p));
  # What dream2nix passes to crane (its package-func arguments), and what crane makes of it.
  describeArgs = args: {
    pname = args.pname or null;
    version = args.version or null;
    cargoBuildCommand = args.cargoBuildCommand or null;
    cargoBuildProfile = args.cargoBuildProfile or null;
    cargoBuildFlags = args.cargoBuildFlags or null;
    nativeBuildInputs = names (args.nativeBuildInputs or [ ]);
    buildInputs = names (args.buildInputs or [ ]);
    env = lib.genAttrs (builtins.filter (n: args ? ${n}) envNames) (n: args.${n});
  };
  describe = pkg: {
    inherit (pkg) name version;
    # crane's buildPackage and buildDepsOnly results (their drvPaths need crane's dummy-source
    # step, which reads the source in a way Debian's Nix 2.8 cannot: left out).
    crane = pkg.config.package-func.result.name;
    craneDeps = pkg.config.rust-crane.depsDrv.package-func.result.name;
    # The Cargo.lock translation: every package dream2nix read from the lock, `name version type`.
    lock = lib.concatLists (
      lib.mapAttrsToList (
        name: versions: lib.mapAttrsToList (version: source: "${name} ${version} ${source.type}") versions
      ) pkg.config.rust-cargo-lock.dreamLock.sources
    );
    # The vendored dependencies (crates.io downloads, git checkouts), as a derivation.
    vendor = pkg.config.rust-cargo-vendor.vendoredSources.drvPath;
    args = describeArgs pkg.config.package-func.args;
    deps = describeArgs pkg.config.rust-crane.depsDrv.package-func.args;
  };
in
{
  inputs = builtins.attrNames flake.inputs;
  packages = builtins.mapAttrs (_: describe) outputs.packages.${system};
}
