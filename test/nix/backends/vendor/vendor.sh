#!/bin/sh
# Copies, from bare mirrors of the upstream repositories, the files the backend evaluations read
# (test/nix/backends-eval-*.test.ts): CI has no network. Run again only to move to newer
# revisions, then update README.md's table and re-run the evaluation tests.
#   MIRRORS=/work/.mirror test/nix/backends/vendor/vendor.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${MIRRORS:?set MIRRORS to the folder holding OWNER+REPO/repo bare mirrors}"
take() { # take DEST OWNER+REPO PATH...
  dest=$1 repo=$2; shift 2
  rm -rf "${here:?}/$dest"; mkdir -p "$here/$dest"
  git --git-dir "$MIRRORS/$repo/repo" archive HEAD "$@" | tar -x -C "$here/$dest"
  git --git-dir "$MIRRORS/$repo/repo" rev-parse HEAD > "$here/$dest/.rev"
}
take nixpkgs-lib nix-community+nixpkgs.lib COPYING lib
rm -rf "$here/nixpkgs-lib/lib/tests"
# Documentation only; prettier would check its formatting.
find "$here/nixpkgs-lib" -name "*.md" -delete
take crane ipetkov+crane LICENSE default.nix flake.nix lib pkgs/crane-utils
take naersk nix-community+naersk LICENSE default.nix flake.nix build.nix config.nix lib.nix crate_specific.nix builtins
take flake-utils numtide+flake-utils LICENSE flake.nix lib.nix
take nix-systems nix-systems+default default.nix flake.nix
