#!/bin/sh
# Copies, from a bare mirror of github.com/nix-community/dream2nix, the files the dream2nix flake
# evaluation reads (test/nix/backends-eval-dream2nix.test.ts): its flake.nix and lib/, and the
# modules a Rust package built with rust-cargo-lock + rust-cargo-vendor + rust-crane imports. CI
# has no network. Run again only to move to a newer revision, then update vendor/README.md's table
# and re-run the evaluation test.
#   MIRRORS=/work/.mirror test/nix/backends/dream2nix/vendor.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${MIRRORS:?set MIRRORS to the folder holding OWNER+REPO/repo bare mirrors}"
git_dir=$MIRRORS/nix-community+dream2nix/repo
dest=$here/vendor/dream2nix
rm -rf "$dest"
mkdir -p "$dest"
m=modules/dream2nix
git --git-dir "$git_dir" archive HEAD LICENSE flake.nix lib \
  $m/core $m/mkDerivation $m/mkDerivation-mixin $m/package-func $m/builtins-derivation \
  $m/rust-cargo-lock $m/rust-cargo-vendor $m/rust-crane | tar -x -C "$dest"
# Module tests, the docs site's sources and the READMEs are never read by the evaluation (core's
# docs module is imported, so its Nix files stay).
find "$dest" -type d -name tests -prune -exec rm -rf {} +
find "$dest" -type f \( -name '*.md' -o -name '*.js' -o -name '*.png' -o -name '*.xsl' -o -name '*.toml' \) -delete
git --git-dir "$git_dir" rev-parse HEAD > "$dest/.rev"
