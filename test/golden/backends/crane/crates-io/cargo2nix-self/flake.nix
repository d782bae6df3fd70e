# Written by the cargo2nix playground: `nix build` builds cargo2nix with crane, `nix flake check`
# runs clippy, the tests and rustfmt.
# Commit it with Cargo.toml and Cargo.lock: a flake only sees files git tracks.
{
  description = "cargo2nix, built with crane";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixpkgs-unstable";
    crane.url = "github:ipetkov/crane";
    flake-utils.url = "github:numtide/flake-utils";
  };

  outputs =
    {
      self,
      nixpkgs,
      crane,
      flake-utils,
      ...
    }:
    flake-utils.lib.eachDefaultSystem (
      system:
      let
        pkgs = nixpkgs.legacyPackages.${system};
        craneLib = crane.mkLib pkgs;
        # Only Rust and Cargo files: add what else the build reads (templates, assets) with
        # lib.fileset.
        src = craneLib.cleanCargoSource ./.;

        # What every build below shares, the dependency build included.
        commonArgs = {
          inherit src;
          strictDeps = true;
          pname = "cargo2nix";
          version = "0.12.0";
          # curl-sys (links = "curl"): links the system libcurl when pkg-config finds it.
          # libdbus-sys (links = "dbus"): links libdbus found with pkg-config.
          # libgit2-sys (links = "git2"): uses the system libgit2 when its version matches, else
          # builds its bundled copy.
          # libsqlite3-sys (links = "sqlite3"): links the system SQLite unless its `bundled` feature
          # is on.
          # libssh2-sys (links = "ssh2"): builds its bundled libssh2 against OpenSSL and zlib.
          # libz-sys (links = "z"): links the system zlib when it finds one and builds its bundled
          # copy otherwise.
          # openssl-sys (links = "openssl"): links OpenSSL, found with pkg-config.
          # pkg-config: build scripts using it run the pkg-config program.
          nativeBuildInputs = [ pkgs.pkg-config ];
          buildInputs = [
            pkgs.curl
            pkgs.dbus
            pkgs.libgit2
            pkgs.openssl
            pkgs.sqlite
            pkgs.zlib
          ];
          # On Darwin, Apple frameworks are linked (for core-foundation-sys,
          # security-framework-sys); nixpkgs' default SDK (24.11 and later) carries every framework,
          # so none is listed.
          # libnghttp2-sys (links = "nghttp2") binds a system library the playground has no rule
          # for: add its package here.
        };

        # Every dependency of the workspace, built once and reused by each build below.
        cargoArtifacts = craneLib.buildDepsOnly commonArgs;

        # The package.
        members = {
          cargo2nix = craneLib.buildPackage (
            commonArgs
            // {
              inherit cargoArtifacts;
            }
          );
        };
      in
      {
        packages = members // { default = members.cargo2nix; };

        # `nix flake check`: every package, clippy, the tests and rustfmt.
        checks = members // {
          workspace-clippy = craneLib.cargoClippy (
            commonArgs
            // {
              inherit cargoArtifacts;
              cargoClippyExtraArgs = "--all-targets -- --deny warnings";
            }
          );
          workspace-nextest = craneLib.cargoNextest (
            commonArgs
            // {
              inherit cargoArtifacts;
              cargoNextestExtraArgs = "--no-tests=pass";
            }
          );
          workspace-fmt = craneLib.cargoFmt { inherit src; };
        };

        # `nix develop`: the toolchain and the inputs of the checks.
        devShells.default = craneLib.devShell {
          checks = self.checks.${system};
        };
      }
    );
}
