# A package set built from a Cargo.nix the way cargo2nix 0.12's
# makePackageSetInternal builds one, except that mkRustCrate records what it
# is given instead of making a derivation. The host set's
# `buildRustPackages` (build scripts, proc-macros) is a separate instance, as
# in cargo2nix; unlike cargo2nix, whose build set is its own build set, each
# build set here has a further one (lazily, as deep as build edges go), so
# every edge can tell which of the two attributes the Cargo.nix used.
{
  packageFun,
  hostPlatform,
  workspaceSrc ? null,
  ignoreLockHash ? false,
  release ? null,
  rootFeatures ? null,
  hostPlatformCpu ? null,
  hostPlatformFeatures ? [ ],
  target ? null,
  cargoConfig ? { },
  # A list of cargo2nix overrides (rustLib.makeOverride results).
  overrides ? [ ],
  # Set-level facts copied into every record, for the flake checks.
  packageSetArgs ? { },
}:
let
  lib = import ./lib.nix;
  rustLib = import ./rust-lib.nix;
  combined = builtins.foldl' rustLib.combineOverrides rustLib.nullOverride overrides;

  describeSrc = src:
    if builtins.isPath src || builtins.isString src
    then { fetcher = "local"; path = toString src; }
    else src;

  # Same argument set as cargo2nix's mkcrate.nix, so an unexpected or missing
  # argument from the Cargo.nix fails here too.
  recorder = level: {
    release,
    name,
    version,
    registry,
    src,
    features ? [ ],
    dependencies ? { },
    devDependencies ? { },
    buildDependencies ? { },
    compileMode ? "build",
    profile,
    profileOpts ? null,
    codegenOpts ? null,
    meta ? { },
    cargoUnstableFlags ? [ ],
    rustcLinkFlags ? [ ],
    rustcBuildFlags ? [ ],
    target ? null,
    hostPlatformCpu ? null,
    hostPlatformFeatures ? [ ],
    NIX_DEBUG ? 0,
    cargoConfig ? { },
  }@args:
    let
      key = "${registry} ${name} ${version}";
      packageSet = if level == 0 then "rustPackages" else "buildRustPackages";
      edges = kind: deps: lib.mapAttrsToList (attr: out: {
        name = attr;
        inherit kind;
        crate = out.key;
        packageSet =
          if out.level == level then "rustPackages"
          else if out.level == level + 1 then "buildRustPackages"
          else throw "${key}: dependency ${attr} is from neither package set";
        target = out;
      }) deps;
      make = overrideFns:
        let
          base = {
            inherit key level packageSet name version registry features profile compileMode;
            hostConfig = hostPlatform.config;
            src = describeSrc src;
            crateArgs = { inherit release target hostPlatformCpu hostPlatformFeatures rustcLinkFlags; };
            inherit packageSetArgs;
            edges = edges "normal" dependencies ++ edges "dev" devDependencies ++ edges "build" buildDependencies;
            propagatedBuildInputs = [ ];
            propagatedNativeBuildInputs = [ ];
            outPath = "/stub-store/${packageSet}-${name}-${version}";
            out = { inherit key level; record = final; };
            overrideAttrs = f: make (overrideFns ++ [ f ]);
            override = more: recorder level (args // more);
          };
          final = builtins.foldl' (acc: f: acc // f acc) base overrideFns;
        in
        final;
    in
    make [ ];

  instantiate = level: lib.fix (self:
    packageFun ({
      rustPackages = self;
      buildRustPackages = instantiate (level + 1);
      inherit lib workspaceSrc ignoreLockHash cargoConfig;
      # cargo2nix gives build sets no target.
      target = if level == 0 then target else null;
      profileOpts = null;
      codegenOpts = null;
      cargoUnstableFlags = [ ];
      rustcLinkFlags = [ ];
      rustcBuildFlags = [ ];
      inherit hostPlatform;
      mkRustCrate = rustLib.runOverride combined (recorder level);
      inherit rustLib;
    }
    // lib.optionalAttrs (release != null) { inherit release; }
    // lib.optionalAttrs (rootFeatures != null) { inherit rootFeatures; }
    // lib.optionalAttrs (hostPlatformCpu != null) { inherit hostPlatformCpu; }
    // lib.optionalAttrs (hostPlatformFeatures != [ ]) { inherit hostPlatformFeatures; }));

  rustPackages = instantiate 0;

  # Every record reachable from the workspace members, once per package set.
  closure = builtins.genericClosure {
    startSet = map (f: let r = f { }; in { key = "0 ${r.key}"; record = r; })
      (builtins.attrValues rustPackages.workspace);
    operator = item: map (e: { key = "${toString e.target.level} ${e.crate}"; record = e.target.record; }) item.record.edges;
  };

  # A crate reached in several sets must be the same crate: build and host
  # are the same platform here (except for `target`, which no crate records).
  summary = r: builtins.deepSeq r.profile {
    inherit (r) features src;
    dependencies = map (e: { inherit (e) name kind crate packageSet; }) r.edges;
  };
  crates = builtins.mapAttrs (key: items:
    let
      summaries = map (i: summary i.record) items;
      first = builtins.head summaries;
    in
    if builtins.all (s: s == first) summaries then first
    else throw "crate ${key} is not the same in the host and the build package sets")
    (builtins.groupBy (i: i.record.key) closure);

  # Every crate the Cargo.nix defines, as `<registry> <name> <version>`, read
  # off the attribute names alone (no crate is evaluated).
  crateKeys = builtins.concatLists (lib.mapAttrsToList
    (registry: names: builtins.concatLists (lib.mapAttrsToList
      (name: versions: map (version: "${registry} ${name} ${version}") (builtins.attrNames versions))
      names))
    (builtins.removeAttrs rustPackages [ "cargo2nixVersion" "workspace" ]));
in
{
  inherit rustPackages closure crates crateKeys;
  workspace = rustPackages.workspace;
  cargo2nixVersion = rustPackages.cargo2nixVersion;
}
