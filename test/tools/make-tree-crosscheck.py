#!/usr/bin/env python3
"""Cross-check outputs for the one golden case Debian's cargo cannot resolve: crates-io/cargo2nix-self.

Debian's cargo 1.65 (the reference of test/fixtures/tree/, see make-tree-expected.py) refuses this
case, so these few runs come from a newer cargo (rustup's, `--cargo`), recorded with its version in
test/fixtures/tree/cross-check/manifest.json. They check the engine on a 388-package graph; they are
not the reference (newer cargo differs from 1.65 in places), and are kept apart from it.

usage: python3 test/tools/make-tree-crosscheck.py [--cargo ~/.cargo/bin/cargo]
"""
import argparse
import importlib.util
import json
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("expected", os.path.join(HERE, "make-tree-expected.py"))
expected = importlib.util.module_from_spec(spec)
spec.loader.exec_module(expected)

OUT = os.path.join(expected.OUT, "cross-check")
T = expected.T
RUNS = [T, T + ["-e", "features"], T + ["-d"], T + ["-i", "libc", "-e", "features"], T + ["-p", "gix", "--depth", "1"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cargo", default=os.path.expanduser("~/.cargo/bin/cargo"))
    ap.add_argument("--tools", default=os.path.join(expected.ROOT, "..", "shared", "tools", "cargo-source"))
    opts = ap.parse_args()
    version = subprocess.run([opts.cargo, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    os.makedirs(OUT, exist_ok=True)
    manifest = {"cargo": version, "host": expected.HOST, "workspaceRoot": expected.WS, "runs": []}
    set_name, case = "crates-io", "cargo2nix-self"
    with tempfile.TemporaryDirectory(prefix="cargo-tree-cross-") as tmp:
        src = os.path.join(expected.FIXTURES, set_name, "cases", case)
        ws = os.path.join(tmp, case)
        import shutil
        shutil.copytree(src, ws, ignore=shutil.ignore_patterns("expected"))
        home = os.path.join(tmp, "home")
        os.makedirs(home)
        subprocess.run([expected.sys.executable, os.path.join(opts.tools, "registry-to-cargo-source.py"), os.path.join(ws, "Cargo.lock"),
                        os.path.join(tmp, "src"), "--set", os.path.join(expected.FIXTURES, set_name, "registry"),
                        "--cargo-config", os.path.join(home, "config.toml")], check=True, stdout=subprocess.DEVNULL)
        for args in RUNS:
            env = {k: v for k, v in os.environ.items() if not k.startswith("CARGO")}
            env.update(CARGO_HOME=home, CARGO_TERM_COLOR="never")
            p = subprocess.run([opts.cargo, "tree", "--locked", "--offline", *args], cwd=ws, env=env, capture_output=True, text=True)
            if p.returncode != 0:
                raise SystemExit(p.stderr)
            rel = os.path.join("cross-check", case, expected.slug(args) + ".txt")
            os.makedirs(os.path.dirname(os.path.join(expected.OUT, rel)), exist_ok=True)
            with open(os.path.join(expected.OUT, rel), "w") as f:
                f.write(p.stdout.replace(ws, expected.WS))
            manifest["runs"].append({"set": set_name, "case": case, "dir": os.path.join(set_name, "cases", case),
                                     "registry": os.path.join(set_name, "registry"), "args": args, "exit": 0, "file": rel})
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
