#!/usr/bin/env bash
# Where the catalogue's Rust versions and targets come from: for a rust-overlay
# commit, each stable Rust version >= MIN it has, and which of the given target
# triples ship a rust-std in that version's manifest (decoded with
# manifests/targets.nix, which numbers the triples).
#   test/nix/real-eval/overlay-targets.sh REV MIN [TRIPLE...]
# REV: a commit of the oxalica+rust-overlay mirror under REAL_EVAL_MIRRORS;
# TRIPLEs default to the catalogue's extra targets.
set -euo pipefail
(($# >= 2)) || { echo "usage: $0 REV MIN [TRIPLE...]" >&2; exit 2; }
repo=${REAL_EVAL_MIRRORS:?set REAL_EVAL_MIRRORS}/oxalica+rust-overlay/repo
rev=$1 min=$2
shift 2
targets=("$@")
((${#targets[@]})) || targets=(x86_64-unknown-linux-musl x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-pc-windows-gnu wasm32-wasip1)
numbers=$(git --git-dir="$repo" show "$rev:manifests/targets.nix")
for version in $(git --git-dir="$repo" ls-tree --name-only "$rev" manifests/stable/ | sed 's|.*/||; s|\.nix$||' | grep -v '^default$' | sort -V); do
  [[ $(printf '%s\n%s\n' "$min" "$version" | sort -V | head -1) == "$min" ]] || continue
  std=$(git --git-dir="$repo" show "$rev:manifests/stable/$version.nix" | grep -o 'rust-std={[^}]*}' || true)
  have=()
  for t in "${targets[@]}"; do
    # targets.nix lines look like `  _12 = "x86_64-unknown-linux-gnu";`; the manifest refers to `_12=`.
    n=$(grep "\"$t\"" <<<"$numbers" | sed -E 's/ *(_[0-9]+) =.*/\1/' || true)
    [[ -n $n ]] && grep -q "[{;]$n=" <<<"$std" && have+=("$t")
  done
  echo "$version ${have[*]}"
done
