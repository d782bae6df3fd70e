# Stands in for crate2nix's `tools.${system}` (its tools.nix at commit b873ca53dd64, 2026-03-24, as
# crate2nix's flake exports it) in the
# crate2nix flake evaluation (test/nix/backends-eval-crate2nix.test.ts). The real generatedCargoNix
# runs `crate2nix generate` in a derivation and the flake imports the result (import from
# derivation), which cannot run offline; this one takes exactly the arguments tools.nix documents
# and checks what the real one relies on:
# - `name` is a valid store name (it names the generator's derivation);
# - crate-hashes.json, if present, has for every git package of Cargo.lock the key crate2nix looks
#   it up by (cargo's package id: `<lock source without #commit>#<name>@<version>`, or
#   `#<version>` when the name is the repository URL's last path segment), and its value is the
#   Nix hash of that repository at the locked commit: the fetched tree is re-added with that hash,
#   which real Nix refuses when the hash differs;
# - no other key (crate2nix rewrites the file without it and tools.nix's `diff` fails the build).
# It returns the generated Cargo.nix's stand-in, generated-cargo-nix.nix.
{ lib, pkgs }:
{
  generatedCargoNix =
    {
      name,
      src,
      cargoToml ? "Cargo.toml",
      additionalCargoNixArgs ? [ ],
      additionalCrateHashes ? { },
      cargo ? pkgs.cargo,
    }:
    assert lib.assertMsg (
      builtins.match "[A-Za-z0-9+._?=-]+" name != null && !(lib.hasPrefix "." name)
    ) "generatedCargoNix: name `${name}` is not a valid store name";
    assert lib.assertMsg (builtins.isList additionalCargoNixArgs) "generatedCargoNix: additionalCargoNixArgs must be a list";
    let
      crateDir = dirOf (src + "/${cargoToml}");
      hashesFile = crateDir + "/crate-hashes.json";
      hashes = (if builtins.pathExists hashesFile then builtins.fromJSON (builtins.readFile hashesFile) else { }) // additionalCrateHashes;
      lock = builtins.fromTOML (builtins.readFile (crateDir + "/Cargo.lock"));
      gitPackages = builtins.filter (p: lib.hasPrefix "git+" (p.source or "")) (lock.package or [ ]);
      keyOf =
        p:
        let
          base = builtins.head (lib.splitString "#" p.source);
          url = builtins.head (lib.splitString "?" (lib.removePrefix "git+" base));
          last = lib.last (lib.splitString "/" url);
        in
        if last == p.name then "${base}#${p.version}" else "${base}#${p.name}@${p.version}";
      checkHash =
        p:
        let
          key = keyOf p;
          parts = lib.splitString "#" p.source;
          base = builtins.head parts;
          query = builtins.match "[^?]*\\?(branch|tag|rev)=(.*)" base;
          url = builtins.head (lib.splitString "?" (lib.removePrefix "git+" base));
          tree = builtins.fetchGit (
            {
              inherit url;
              rev = lib.last parts;
            }
            // lib.optionalAttrs (query != null && builtins.head query == "branch") { ref = builtins.elemAt query 1; }
            // lib.optionalAttrs (query != null && builtins.head query == "tag") { ref = "refs/tags/${builtins.elemAt query 1}"; }
          );
          checked = builtins.path {
            path = tree.outPath;
            name = "source";
            recursive = true;
            sha256 = hashes.${key};
          };
        in
        assert lib.assertMsg (hashes ? ${key}) "crate-hashes.json has no key `${key}` for ${p.name} ${p.version}";
        builtins.seq checked key;
      checkedKeys = map checkHash gitPackages;
      extra = lib.subtractLists checkedKeys (builtins.attrNames hashes);
    in
    assert lib.assertMsg (extra == [ ]) "crate-hashes.json has keys for no git package: ${toString extra}";
    builtins.deepSeq checkedKeys (import ./generated-cargo-nix.nix { inherit lib crateDir cargoToml; });
}
