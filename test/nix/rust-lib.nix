# Stand-ins for cargo2nix 0.12's `rustLib`, with the same argument sets as
# the real functions (overlay/lib/*.nix) so that a Cargo.nix calling one with
# a wrong or missing attribute fails here as it would there. Fetchers return
# a description of what they would fetch instead of fetching.
let
  lib = import ./lib.nix;
  noOverriders = { overrideArgs = null; overrideAttrs = null; };
  # Applies `a` then `b`, each seeing the attributes the previous one left.
  chain = a: b:
    if a == null then b
    else if b == null then a
    else old: let mid = old // a old; in mid // b mid;
in
{
  expandFeatures = features:
    builtins.listToAttrs (map (f: { name = f; value = { }; })
      (builtins.concatMap (f: [ f (builtins.head (lib.splitString "/" f)) ]) features));

  decideProfile = compileMode: release:
    if compileMode == "test" || compileMode == "bench" || compileMode == "doctest" then
      (if release then "bench" else "test")
    else if compileMode == "build" || compileMode == null then
      (if release then "release" else "dev")
    else
      throw "unknown compile mode ${toString compileMode}";

  # One derivation per profile name cargo2nix knows; names missing from the
  # workspace's profiles all share the profile-less derivation.
  genDrvsByProfile = profilesByName: f:
    let
      noProfile = f { profileName = "__noProfile"; profile = null; };
      names = [ "release" "dev" "test" "bench" "__noProfile" ];
    in
    builtins.listToAttrs (map (profileName: {
      name = profileName;
      value =
        if profilesByName ? ${profileName}
        then f { inherit profileName; profile = profilesByName.${profileName}; }
        else noProfile;
    }) names);

  fetchCratesIo = { name, version, sha256 }: { fetcher = "crates-io"; inherit name version sha256; };
  fetchCrateGit = { url, name, version, rev, ref ? "HEAD" }: { fetcher = "git"; inherit url name version rev ref; };
  # makePackageSet replaces the fetcher for local crates with the identity.
  fetchCrateLocal = path: path;
  fetchCrateAlternativeRegistry = _: throw "fetchCrateAlternativeRegistry is required, but not specified in makePackageSet";

  makeOverride = args@{ registry ? null, name ? null, version ? null, overrideArgs ? null, overrideAttrs ? null }:
    assert overrideArgs != null || overrideAttrs != null;
    let
      matcher = builtins.intersectAttrs { registry = null; name = null; version = null; } args;
    in
    crateArgs:
      if builtins.intersectAttrs matcher crateArgs == matcher
      then { inherit overrideArgs overrideAttrs; }
      else noOverriders;

  nullOverride = _: noOverriders;

  combineOverrides = left: right: crateArgs:
    let l = left crateArgs; r = right crateArgs; in
    {
      overrideArgs = chain l.overrideArgs r.overrideArgs;
      overrideAttrs = chain l.overrideAttrs r.overrideAttrs;
    };

  runOverride = override: f: crateArgs:
    let
      o = override crateArgs;
      drv = f (if o.overrideArgs == null then crateArgs else crateArgs // o.overrideArgs crateArgs);
    in
    if o.overrideAttrs == null then drv else drv.overrideAttrs o.overrideAttrs;
}
