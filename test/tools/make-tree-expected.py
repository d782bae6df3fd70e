#!/usr/bin/env python3
"""Make the golden `cargo tree` outputs in test/fixtures/tree/ with the reference: Debian's cargo.

Each golden case (test/fixtures/<set>/cases/<case>) is copied to a temporary folder, its registry
packages are turned into a cargo directory source with ../shared/tools/cargo-source/ (offline, no
network), and `cargo tree --locked --offline <args>` is run for every option set below. stdout (or,
when cargo fails, its stderr) is stored with the temporary workspace root replaced by `/ws`, and
test/fixtures/tree/manifest.json records case + args + exit code → file.

usage: python3 test/tools/make-tree-expected.py [--cargo /usr/bin/cargo] [--tools DIR]

The files are the truth for test/golden/cargo-tree.test.ts: never write them from our own output.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "test", "fixtures")
OUT = os.path.join(FIXTURES, "tree")
WS = "/ws"
HOST = "x86_64-unknown-linux-gnu"
RUSTC = "/usr/bin/rustc"
T = ["--target", HOST]

# Option sets every case is run with.
COMMON = [
    [],
    ["-e", "features"],
    T,
    T + ["-e", "normal,build,dev"],
    T + ["-e", "features"],
    T + ["-e", "all"],
    T + ["-e", "no-dev"],
    T + ["-e", "normal"],
    T + ["-e", "build"],
    T + ["-e", "dev"],
    T + ["-e", "no-normal"],
    T + ["-e", "no-proc-macro"],
    T + ["-e", "features,no-dev"],
    ["--target", "all"],
    ["--target", "all", "-e", "features"],
    ["--target", "aarch64-apple-darwin"],
    ["--target", "x86_64-pc-windows-msvc"],
    ["--target", "x86_64-pc-windows-msvc", "-e", "features"],
    ["--target", "i686-pc-windows-gnu"],
    ["--target", "wasm32-unknown-unknown"],
    ["--target", HOST, "--target", "aarch64-apple-darwin"],
    T + ["--all-features"],
    T + ["--no-default-features"],
    T + ["-e", "features", "--all-features"],
    T + ["-e", "features", "--no-default-features"],
    T + ["--workspace"],
    T + ["--depth", "0"],
    T + ["--depth", "1"],
    T + ["--depth", "2", "-e", "features"],
    T + ["--prefix", "depth"],
    T + ["--prefix", "none"],
    T + ["--prefix", "depth", "-e", "features"],
    T + ["--charset", "ascii"],
    T + ["--no-dedupe"],
    T + ["--no-dedupe", "-e", "features"],
    T + ["-d"],
    ["--target", "all", "-d"],
    T + ["-p", "nosuch"],
    T + ["-i", "nosuch"],
    T + ["--features", "nosuch"],
    T + ["-e", "bogus"],
    T + ["-e", "normal,no-dev"],
    T + ["-e", "features", "-d"],
    T + ["-f", "{p} [{f}]"],
    T + ["-f", "{p} [{f}]", "-e", "no-dev"],
    T + ["-f", "{p} [{f}]", "--all-features"],
    ["--target", "all", "-f", "{f}"],
    ["--target", "x86_64-pc-windows-msvc", "-f", "{p} {f}"],
    T + ["-f", "{{{p}}}", "--prefix", "none"],
    T + ["-f", "{p} {lib}", "-e", "features"],
    T + ["-f", "{x}"],
    T + ["-f", "{p"],
    # -p glob patterns (matched against workspace members only): all of them, none, bad patterns.
    T + ["-p", "*", "--depth", "1"],
    T + ["-p", "nosuch*"],
    T + ["-p", "[a"],
    T + ["-p", "a**"],
    # {l} and {r} (license, repository) of the workspace's own packages.
    T + ["--depth", "0", "-f", "{p} <{l}> <{r}>"],
]

# Option sets that name a case's own packages and features.
EXTRA = {
    ("crates-io", "hello-world"): [
        T + ["-i", "hello-world"],
        T + ["-p", "hello-world"],
    ],
    ("crates-io", "cross-compiling"): [
        T + ["-i", "memchr"],
        T + ["-i", "nom"],
        T + ["-i", "memchr", "-e", "features"],
        T + ["-i", "version_check", "--prefix", "depth"],
        T + ["-p", "ructe"],
        T + ["-p", "ructe", "-e", "features"],
        T + ["-p", "nom@5.1.3"],
        T + ["-i", "nom:5.1.3"],
        T + ["-i", "memchr", "-i", "bitflags"],
        T + ["-i", "lexical-core", "--depth", "1"],
        T + ["--prune", "nom"],
    ],
    ("crates-io", "bigger-project"): [
        T + ["-i", "libc"],
        T + ["-i", "bytes"],
        T + ["-i", "bytes@0.5.6"],
        T + ["-i", "bytes:1.5.0"],
        T + ["-i", "cfg-if@0.1.10", "-e", "features"],
        T + ["-i", "syn@1.0.109", "-e", "features"],
        T + ["-i", "openssl-sys"],
        T + ["-i", "winapi", "--target", "x86_64-pc-windows-msvc"],
        ["-i", "winapi", "--target", "x86_64-pc-windows-msvc"],
        ["--target", "all", "-i", "winapi"],
        T + ["-p", "tokio"],
        T + ["-p", "tokio", "-e", "features"],
        T + ["-p", "reqwest", "--depth", "1"],
        T + ["-e", "no-build"],
        T + ["--features", "tokio/io-util"],
        T + ["--no-dedupe", "--depth", "3"],
        T + ["-d", "-e", "normal"],
        T + ["-i", "https://github.com/rust-lang/crates.io-index#libc@0.2.149"],
        T + ["-i", "registry+https://github.com/rust-lang/crates.io-index#libc:0.2.149"],
    ],
    ("debian", "features-misc"): [
        T + ["--features", "fast"],
        T + ["--features", "logging"],
        T + ["--features", "fast logging"],
        T + ["--features", "fast,logging", "--no-default-features"],
        T + ["--features", "regex/perf"],
        T + ["--features", "smallvec"],
        T + ["--features", "features-misc/fast"],
        T + ["-e", "features", "--features", "fast"],
        T + ["-e", "features", "--features", "regex/perf"],
        T + ["-e", "features", "-i", "serde"],
        T + ["-e", "features", "-i", "regex", "--features", "fast"],
        T + ["-i", "libc"],
        T + ["-i", "libc", "-e", "features"],
        T + ["-i", "cfg-if"],
        T + ["-i", "proc-macro2", "--no-dedupe"],
        T + ["-i", "serde", "--no-default-features"],
        ["--target", "all", "-i", "winapi"],
        ["--target", "i686-pc-windows-gnu", "-e", "features"],
        T + ["-p", "features-misc"],
        T + ["-p", "features-misc@0.3.1"],
        T + ["-p", "regex"],
        T + ["-p", "syn", "-e", "features"],
        T + ["-e", "dev", "--features", "fast"],
        T + ["--features", "serde_json"],
        T + ["--features", "dep:log"],
        T + ["--features", "nosuch/x"],
        # Feature errors: cargo's "did you mean" list, and what the dependency resolver says when a
        # dependency lacks a feature asked of it (the first in manifest order: normal, dev, build).
        T + ["--features", "jsn"],
        T + ["--features", "jsn fats"],
        T + ["--features", "thiserror"],
        T + ["--features", "featres-misc/smallvc"],
        T + ["--features", "regex/sd"],
        T + ["--features", "regex/nosuch"],
        T + ["--features", "regex?/nosuch"],
        T + ["--features", "thiserror/std"],
        T + ["--features", "my_bytes/x regex/y"],
        T + ["--features", "tempfile/x thiserror/y"],
        T + ["--features", "tempfile/x cc/y"],
        T + ["--all-features", "--features", "log/stdd"],
    ],
    ("debian", "git-path"): [
        T + ["-i", "cfg-if"],
        T + ["-i", "either"],
        T + ["-i", "either", "-e", "features"],
        T + ["-i", "gitdep"],
        T + ["-p", "shared"],
        T + ["-p", "gitdep"],
        T + ["-p", "gitdep", "-e", "features"],
        T + ["-p", "https://git.example.org/gitdep#gitdep@0.4.0"],
        T + ["-p", "https://git.example.org/gitdep#0.4.0"],
        T + ["--features", "gitdep/fancy"],
        T + ["--features", "gitdep/nosuch"],
        T + ["--features", "gitdp/fancy"],
    ],
    ("debian", "workspace"): [
        T + ["-p", "app"],
        T + ["-p", "util"],
        T + ["-p", "macros"],
        T + ["-p", "app", "-p", "util"],
        T + ["-p", "macros", "-e", "features"],
        T + ["-p", "app", "--features", "extra"],
        T + ["-p", "util", "--features", "extra"],
        T + ["-p", "app", "--features", "util/extra"],
        T + ["-p", "app", "-p", "util", "--features", "util/extra"],
        T + ["--features", "util/extra"],
        T + ["--features", "extra"],
        T + ["-p", "app", "-e", "features", "--features", "extra"],
        T + ["-i", "syn"],
        T + ["-i", "syn", "-e", "features"],
        T + ["-i", "log", "--all-features"],
        T + ["-i", "libc", "-p", "app"],
        T + ["-i", "util", "--workspace"],
        T + ["-i", "rand_core", "-p", "app", "--depth", "2"],
        T + ["-p", "rand"],
        T + ["--workspace", "--exclude", "macros"],
        T + ["-p", "app", "--no-default-features"],
        T + ["-p", "a*"],
        T + ["-p", "[!a]*"],
        T + ["-p", "u*", "-p", "app"],
        T + ["-p", "app*", "-p", "app", "--depth", "1"],
        # cargo marks only the first pattern that matches a member: `ap*` is "not found".
        T + ["-p", "a*", "-p", "ap*"],
        T + ["-p", "zz*", "-p", "q?"],
        T + ["-p", "nosuch", "-p", "zz*"],
        T + ["-p", "*", "-e", "features", "--features", "util/extra"],
        T + ["--workspace", "--exclude", "m*"],
        T + ["--workspace", "--exclude", "zz*", "--exclude", "nope"],
        T + ["--workspace", "--exclude", "[u"],
        T + ["-p", "app", "--features", "rand/rand_core"],
        T + ["-p", "app", "--features", "util/nosuch"],
        T + ["-p", "app", "--features", "util/extr"],
        T + ["-p", "util", "--features", "log/std"],
        T + ["-p", "util", "--features", "utl/lo"],
        T + ["--workspace", "--features", "extr"],
        T + ["--workspace", "--features", "log"],
        # Package ID specs cargo cannot read, in its words.
        T + ["-p", "1abc"],
        T + ["-i", "٣x"],
        T + ["-i", "a b"],
        T + ["-p", "@1.0.0"],
        T + ["-p", "app@"],
        T + ["-p", "app@v0.1.0"],
        T + ["-p", "app@ 0.1.0", "--depth", "0"],
    ],
}


# Cases written for the tree only (test/fixtures/tree/extra-cases/, resolved against the debian set's
# registry; their Cargo.lock files were made by Debian's cargo with `cargo generate-lockfile --offline`):
# resolver 2 against resolver 1 on the same manifest (host/target feature split, target-only
# features, weak `dep?/feat`, dev-only features) and a virtual resolver-2 workspace with
# default-members and a proc-macro member.
SPLIT = [
    T + ["--features", "ser"],
    T + ["--features", "rng"],
    T + ["--features", "ser rng"],
    T + ["--features", "fast"],
    T + ["-e", "features", "--features", "ser,rng"],
    T + ["-e", "features", "--features", "fast"],
    ["--target", "x86_64-pc-windows-msvc", "--features", "ser"],
    ["--target", "x86_64-pc-windows-msvc", "-e", "features", "--features", "ser,rng"],
    ["--target", "x86_64-pc-windows-gnu", "-e", "features"],
    T + ["-i", "memchr", "-e", "features"],
    T + ["-i", "serde"],
    T + ["-i", "serde", "-e", "features"],
    T + ["-i", "serde", "-e", "features", "--features", "ser"],
    T + ["-e", "no-dev,features"],
    T + ["-e", "no-build"],
    ["--target", "all", "--all-features", "-e", "features"],
    ["--target", "all", "-i", "memchr"],
    T + ["-d", "--all-features"],
    T + ["-d", "-e", "no-dev"],
    T + ["-p", "serde", "-e", "features"],
    T + ["--prune", "thiserror"],
    T + ["--prune", "regex", "-e", "features"],
    T + ["--features", "split/ser"],
    T + ["--features", "bytes/std"],
    T + ["-f", "{p} {f}", "-e", "no-dev", "--features", "ser,rng"],
    ["--target", "x86_64-pc-windows-gnu", "-f", "{p} {f}"],
    ["--target", "x86_64-pc-windows-gnu", "--target", HOST, "-f", "{p} {f}", "-e", "features"],
]
EXTRA_CASES = {
    "split-v2": SPLIT,
    "split-v1": SPLIT + [
        T + ["--features", "split-v1/ser"],
        # The old (resolver 1) command-line features: the root's own refusals, then its dependencies'.
        T + ["--features", "thiserror"],
        T + ["--features", "rand"],
        T + ["--features", "rand/rand_core"],
        T + ["--features", "nosuch bytes/x"],
        T + ["--features", "bytes/x zz/y"],
        T + ["--features", "memchr/x serde/y"],
        T + ["--features", "either/x memchr/y"],
        T + ["-p", "s*", "--features", "ser"],
    ],
    "virtual-v2": [
        T + ["-p", "a"],
        T + ["-p", "b"],
        T + ["-p", "m"],
        T + ["-p", "m", "-e", "features"],
        T + ["-p", "a", "--features", "extra"],
        T + ["-p", "a", "--features", "b/fancy"],
        T + ["--workspace", "--features", "b/fancy"],
        T + ["--workspace", "--features", "fancy,extra"],
        T + ["-p", "b", "--features", "fancy", "-e", "features"],
        T + ["-i", "serde"],
        T + ["-i", "serde", "-e", "features", "--workspace"],
        T + ["-i", "serde", "--workspace", "-e", "no-dev"],
        T + ["-d", "--workspace"],
        T + ["--workspace", "--exclude", "m"],
        T + ["-p", "a", "-p", "m", "-e", "features"],
        T + ["--features", "fancy"],
        T + ["-p", "either"],
        T + ["-p", "either", "--features", "fancy"],
        T + ["-p", "?"],
        T + ["-p", "[ab]", "-e", "features", "--features", "fancy"],
        T + ["-p", "se*"],
        T + ["--features", "fanc"],
        T + ["-p", "a", "-p", "b", "--features", "extr,fncy"],
        T + ["-p", "b", "--features", "serde/st"],
        T + ["-p", "m", "--features", "proc-macro2/nosuch"],
        # Members with `license`/`repository`, one inherited from `[workspace.package]`.
        T + ["--workspace", "--depth", "0", "-f", "{p} <{l}> <{r}>"],
        T + ["-p", "b", "--depth", "0", "-f", "{l}{r}{p}"],
        T + ["--workspace", "-i", "m", "-f", "{p} [{l}] [{r}]"],
    ],
}
EXTRA_DIR = os.path.join(OUT, "extra-cases")

# Without deduplication these trees run to millions of lines.
BIG = {("crates-io", "bigger-project")}


def slug(args):
    if not args:
        return "host"
    raw = "_".join(a.lstrip("-") for a in args)
    s = re.sub(r"[^A-Za-z0-9_.@,+=-]+", "-", raw)
    if s != raw:
        # Different spellings can sanitize alike (`{p} [{f}]`, `{p} {f}`): keep them apart.
        s += "-" + hashlib.sha1("\0".join(args).encode()).hexdigest()[:6]
    return s[:120]


def prepare(set_name, case, src, tools, tmp):
    """Copy the case (without expected/) and make its directory source and CARGO_HOME."""
    ws = os.path.join(tmp, set_name, case)
    shutil.copytree(src, ws, ignore=shutil.ignore_patterns("expected"))
    # Some cases hold only manifests; cargo wants a target in every package (what it is does not change the tree).
    for dirpath, _, files in os.walk(ws):
        if "Cargo.toml" in files and "[package]" in open(os.path.join(dirpath, "Cargo.toml")).read():
            if not any(os.path.exists(os.path.join(dirpath, "src", f)) for f in ("lib.rs", "main.rs")):
                os.makedirs(os.path.join(dirpath, "src"), exist_ok=True)
                open(os.path.join(dirpath, "src", "main.rs"), "w").write("fn main() {}\n")
    lock = os.path.join(ws, "Cargo.lock")
    text = open(lock).read()
    # Debian's cargo reads lock files up to version 3 (the resolution is the same).
    if re.search(r"^version = 4$", text, re.M):
        open(lock, "w").write(re.sub(r"^version = 4$", "version = 3", text, flags=re.M))
    home = os.path.join(tmp, "home", set_name, case)
    os.makedirs(home)
    subprocess.run(
        [sys.executable, os.path.join(tools, "registry-to-cargo-source.py"), lock, os.path.join(tmp, "src", set_name, case),
         "--set", os.path.join(FIXTURES, registry_of(set_name), "registry"), "--cargo-config", os.path.join(home, "config.toml")],
        check=True, stdout=subprocess.DEVNULL)
    return ws, home


def registry_of(set_name):
    return "debian" if set_name == "tree-extra" else set_name


def run_tree(cargo, ws, home, args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARGO") and not k.startswith("RUST")}
    # Debian's rustc next to Debian's cargo (its `--print cfg` decides which target tables apply), not rustup's.
    env.update(CARGO_HOME=home, CARGO_TERM_COLOR="never", CARGO_NET_OFFLINE="true", HOME=home, RUSTC=RUSTC)
    p = subprocess.run([cargo, "tree", "--locked", "--offline", *args], cwd=ws, env=env, capture_output=True, text=True)
    text = p.stdout if p.returncode == 0 else p.stderr
    warnings = p.stderr if p.returncode == 0 else ""
    return p.returncode, text.replace(ws, WS), warnings.replace(ws, WS)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cargo", default="/usr/bin/cargo")
    ap.add_argument("--tools", default=os.path.join(ROOT, "..", "shared", "tools", "cargo-source"))
    opts = ap.parse_args()
    version = subprocess.run([opts.cargo, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    rustc = subprocess.run([RUSTC, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    os.makedirs(OUT, exist_ok=True)
    manifest = {"cargo": version, "rustc": rustc, "host": HOST, "workspaceRoot": WS, "runs": []}
    with tempfile.TemporaryDirectory(prefix="cargo-tree-golden-") as tmp:
        # Written aside and swapped in at the end: the old files stay usable while cargo runs.
        staging = os.path.join(tmp, "out")
        cases = [(s, c, os.path.join(FIXTURES, s, "cases", c), EXTRA[(s, c)]) for (s, c) in EXTRA]
        cases += [("tree-extra", c, os.path.join(EXTRA_DIR, c), runs) for c, runs in EXTRA_CASES.items()]
        for (set_name, case, src, runs) in cases:
            ws, home = prepare(set_name, case, src, opts.tools, tmp)
            seen = set()
            for args in COMMON + runs:
                if (set_name, case) in BIG and "--no-dedupe" in args and "--depth" not in args:
                    continue
                name = slug(args)
                assert name not in seen, name
                seen.add(name)
                code, text, warnings = run_tree(opts.cargo, ws, home, args)
                rel = os.path.join(set_name, case, name + (".txt" if code == 0 else ".err"))
                os.makedirs(os.path.dirname(os.path.join(staging, rel)), exist_ok=True)
                with open(os.path.join(staging, rel), "w") as f:
                    f.write(text)
                run = {"set": set_name, "case": case, "dir": os.path.relpath(src, FIXTURES),
                       "registry": os.path.join(registry_of(set_name), "registry"), "args": args, "exit": code, "file": rel}
                if warnings:
                    # What a successful run printed on stderr (`warning: …` lines).
                    run["warnings"] = os.path.join(set_name, case, name + ".warn")
                    with open(os.path.join(staging, run["warnings"]), "w") as f:
                        f.write(warnings)
                manifest["runs"].append(run)
            print(f"{set_name}/{case}: {len(seen)} runs", file=sys.stderr)
        with open(os.path.join(staging, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=1)
            f.write("\n")
        for entry in os.listdir(OUT):
            if entry not in ("README.md", "extra-cases", "cross-check"):
                path = os.path.join(OUT, entry)
                shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
        for entry in os.listdir(staging):
            shutil.move(os.path.join(staging, entry), os.path.join(OUT, entry))


if __name__ == "__main__":
    main()
