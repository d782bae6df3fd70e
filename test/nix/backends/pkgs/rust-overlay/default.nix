# Stands in for `import rust-overlay` (oxalica/rust-overlay's overlay): `rust-bin.stable.<version>.default`
# is a toolchain derivation named after the version, for every stable release. The real overlay
# reads ~20 MB of manifests, too much to vendor; the generated flakes only pick a toolchain from it.
final: prev: {
  rust-bin.stable =
    let
      releases = builtins.fromJSON (builtins.readFile ./releases.json);
    in
    builtins.listToAttrs (
      map (v: {
        name = v;
        value.default = prev.stdenv.mkDerivation {
          name = "rust-default-${v}";
        };
      }) releases
    );
}
