#!/usr/bin/env bash
# Evaluates the flakes the site writes against the real upstream Nix code with
# real-eval, one run per line of plan.ts, and writes the record rows of
# test/nix/REAL-EVAL.md (see there for what a row means).
#
#   test/nix/real-eval/run.sh [-j JOBS] [-o OUT] [-c | -u] [NAME_REGEX]
#   npm run real-eval -- [same arguments]
#
#   NAME_REGEX  only the runs whose name matches (JavaScript regex), e.g. '^release-0\.12\+1\.9[78]'
#   -j JOBS     parallel real-eval loops (default 1), each with its own cache REAL_EVAL_CACHE-I,
#               because real-eval.sh rewrites its cache's nixpkgs stand-in on every run
#   -o OUT      output folder (default /tmp/real-eval-flakes): plan.tsv, flakes/RUN/, results/RUN/,
#               results/RUN.txt (real-eval's console), record.tsv
#   -c          compare the rows with test/nix/REAL-EVAL.md's record (exit 1 if any differs)
#   -u          put the rows into test/nix/REAL-EVAL.md's record
#
# Environment: REAL_EVAL_MIRRORS (required): folder of bare mirrors OWNER+REPO/repo of
# cargo2nix/cargo2nix, oxalica/rust-overlay, numtide/flake-utils, nix-systems/default and
# nix-community/nixpkgs.lib. REAL_EVAL: real-eval.sh (default ../shared/tools/real-eval/real-eval.sh
# beside the repository). REAL_EVAL_CACHE: cache folder (default /tmp/real-eval-cache).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
here=$root/test/nix/real-eval
usage() { sed -n '6,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

jobs=1 out=/tmp/real-eval-flakes record_mode=()
while getopts 'j:o:cuh' opt; do
  case $opt in
    j) [[ $OPTARG =~ ^[1-9][0-9]*$ ]] || usage; jobs=$OPTARG ;;
    o) out=$OPTARG ;;
    c) record_mode=(--compare "$root/test/nix/REAL-EVAL.md") ;;
    u) record_mode=(--update "$root/test/nix/REAL-EVAL.md") ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
(($# <= 1)) || usage
filter=${1:-}

: "${REAL_EVAL_MIRRORS:?set REAL_EVAL_MIRRORS to the folder of OWNER+REPO/repo bare mirrors (see test/nix/REAL-EVAL.md)}"
export REAL_EVAL_MIRRORS
for m in cargo2nix+cargo2nix oxalica+rust-overlay numtide+flake-utils nix-systems+default nix-community+nixpkgs.lib; do
  [[ -d $REAL_EVAL_MIRRORS/$m/repo ]] || { echo "error: no mirror $REAL_EVAL_MIRRORS/$m/repo" >&2; exit 2; }
done
real_eval=${REAL_EVAL:-$root/../shared/tools/real-eval/real-eval.sh}
[[ -x $real_eval ]] || { echo "error: no real-eval.sh at $real_eval (set REAL_EVAL)" >&2; exit 2; }
cache=${REAL_EVAL_CACHE:-/tmp/real-eval-cache}
tsx=$root/node_modules/.bin/tsx

mkdir -p "$out/results"
out=$(cd "$out" && pwd)
# debian/git-path depends on a git repository; Cargo.nix's builtins.fetchGit reads it from a local clone.
gitdep=$out/git/gitdep
[[ -d $gitdep ]] || git clone -q --mirror "$root/test/fixtures/debian/registry/git/gitdep.bundle" "$gitdep"
export REAL_EVAL_GIT_INSTEADOF="file://$gitdep=https://git.example.org/gitdep"

"$tsx" "$here/gen.ts" "$out" "$filter"

# One loop: every JOBS-th run of plan.tsv, starting at run I.
loop() {
  local i=$1 name dir system
  local loop_cache=$cache
  ((jobs == 1)) || loop_cache=$cache-$i
  while IFS=$'\t' read -r name dir system _; do
    rm -rf "$out/results/$dir" "$out/results/$dir.txt"
    local status=0
    REAL_EVAL_CACHE=$loop_cache REAL_EVAL_OUT=$out/results/$dir "$real_eval" "$out/flakes/$dir" "$system" > "$out/results/$dir.txt" 2>&1 || status=$?
    echo "$name: real-eval exit $status"
  done < <(awk -v j="$jobs" -v i="$i" 'NR % j == i' "$out/plan.tsv")
}
pids=()
for ((i = 0; i < jobs; i++)); do
  loop "$i" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done

REAL_EVAL_CACHE=$cache "$tsx" "$here/record.ts" "$out" "${record_mode[@]}"
