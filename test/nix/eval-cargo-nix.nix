# Evaluates one Cargo.nix for each run (platform + makePackageSet arguments)
# and returns, per run, the crates a build of the workspace reaches with their
# features, dependency edges and sources. Called by test/nix/*.test.ts:
#   nix-instantiate --eval --strict --json eval-cargo-nix.nix \
#     --arg cargoNix ./Cargo.nix --arg workspaceSrc ./. --argstr runs '[{"platform":"x86_64-linux"}]'
{ cargoNix, workspaceSrc, runs }:
let
  platforms = import ./platforms.nix;
  makeSet = import ./package-set.nix;
  evalRun = run:
    let
      set = makeSet {
        packageFun = import cargoNix;
        hostPlatform = platforms.${run.platform};
        inherit workspaceSrc;
        rootFeatures = run.rootFeatures or null;
        release = run.release or null;
        hostPlatformCpu = run.hostPlatformCpu or null;
        hostPlatformFeatures = run.hostPlatformFeatures or [ ];
        target = run.target or null;
      };
    in
    { inherit (set) cargo2nixVersion crates; };
in
map evalRun (builtins.fromJSON runs)
