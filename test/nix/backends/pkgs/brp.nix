# Stands in for nixpkgs' `rustPlatform.buildRustPackage`, checking what its manual documents
# (doc/languages-frameworks/rust.section.md) and what importCargoLock enforces, then making a
# derivation that records the arguments (`passthru.brpArgs`) for the tests to read:
# - `pname`, `version` and `src` are required; one of `cargoHash` or `cargoLock` (with
#   `lockFile`) vendors the crates;
# - `cargoLock.outputHashes`: every git package of the lock needs the hash of its repository,
#   keyed `name-version` of any package from the same commit; a key naming no git package is an
#   error (importCargoLock: "A hash was specified for …, but there is no corresponding git
#   dependency"); hashes are SRI sha256;
# - only the documented arguments (and mkDerivation's, and environment variables) are accepted.
# `rustc` is the toolchain the rustPlatform was made with (nixpkgs' own, or makeRustPlatform's).
{
  lib,
  mkDerivation,
  rustc,
}:
args0:
let
  args = if builtins.isFunction args0 then lib.fix args0 else args0;
  fail = msg: throw "buildRustPackage stand-in: ${msg}";
  documented = [
    "pname"
    "version"
    "src"
    "cargoHash"
    "cargoLock"
    "cargoBuildFlags"
    "cargoTestFlags"
    "buildFeatures"
    "checkFeatures"
    "buildNoDefaultFeatures"
    "checkNoDefaultFeatures"
    "buildType"
    "checkType"
    "buildAndTestSubdir"
    "cargoDepsName"
    "useFetchCargoVendor"
    "auditable"
    "doCheck"
    "nativeBuildInputs"
    "buildInputs"
    "nativeCheckInputs"
    "env"
    "meta"
    "passthru"
    "patches"
    "postPatch"
    "preBuild"
    "postInstall"
    "strictDeps"
  ];
  # Environment variables (LIBCLANG_PATH, PROTOC…) pass through mkDerivation.
  isEnvName = n: builtins.match "[A-Z][A-Z0-9_]*" n != null;
  unknown = builtins.filter (n: !(builtins.elem n documented) && !(isEnvName n)) (builtins.attrNames args);

  lockFile = args.cargoLock.lockFile or (fail "cargoLock.lockFile is missing (and no cargoHash)");
  lock = builtins.fromTOML (builtins.readFile lockFile);
  gitPackages = builtins.filter (p: lib.hasPrefix "git+" (p.source or "")) lock.package;
  revOf = p: lib.last (lib.splitString "#" p.source);
  keyOf = p: "${p.name}-${p.version}";
  revByKey = builtins.listToAttrs (map (p: lib.nameValuePair (keyOf p) (revOf p)) gitPackages);
  outputHashes = args.cargoLock.outputHashes or { };
  hashedRevs = lib.mapAttrsToList (
    key: hash:
    if !(revByKey ? ${key}) then
      fail "A hash was specified for ${key}, but there is no corresponding git dependency"
    else if builtins.match "sha256-[A-Za-z0-9+/]{43}=" hash == null then
      fail "the hash for ${key} is not an SRI sha256 hash: ${hash}"
    else
      revByKey.${key}
  ) outputHashes;
  missing = builtins.filter (p: !(builtins.elem (revOf p) hashedRevs)) gitPackages;

  checked =
    if unknown != [ ] then
      fail "arguments nixpkgs does not document: ${toString unknown}"
    else if !(args ? pname && args ? version && args ? src) then
      fail "pname, version and src are required"
    else if !(args ? cargoHash) && missing != [ ] then
      fail "No hash was found while vendoring the git dependency ${keyOf (builtins.head missing)}"
    else if args ? buildType && !(builtins.elem args.buildType [ "release" "debug" ]) then
      fail "buildType must be release or debug"
    else
      true;
in
assert checked;
mkDerivation (
  removeAttrs args [ "cargoLock" ]
  // {
    cargoLockFile = lockFile;
    passthru = (args.passthru or { }) // {
      brpArgs = {
        inherit (args) pname version;
        rustc = rustc.name;
        cargoBuildFlags = args.cargoBuildFlags or [ ];
        cargoTestFlags = args.cargoTestFlags or [ ];
        buildFeatures = args.buildFeatures or [ ];
        buildType = args.buildType or "release";
        outputHashes = outputHashes;
        nativeBuildInputs = map (p: p.name) (args.nativeBuildInputs or [ ]);
        buildInputs = map (p: p.name) (args.buildInputs or [ ]);
      };
    };
  }
)
