# Written by the cargo2nix playground: `nix build` builds cargo2nix with naersk.
# Commit it with Cargo.toml and Cargo.lock: a flake only sees files git tracks.
{
  description = "cargo2nix, built with naersk";

  inputs = {
    flake-utils.url = "github:numtide/flake-utils";
    naersk = {
      url = "github:nix-community/naersk";
      inputs.nixpkgs.follows = "nixpkgs";
    };
    nixpkgs.url = "github:NixOS/nixpkgs/nixpkgs-unstable";
  };

  outputs =
    {
      self,
      flake-utils,
      naersk,
      nixpkgs,
      ...
    }:
    flake-utils.lib.eachDefaultSystem (
      system:
      let
        pkgs = import nixpkgs { inherit system; };
        naersk' = pkgs.callPackage naersk { };

        # What every build below shares.
        common = {
          src = ./.;
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

        members = {
          cargo2nix = naersk'.buildPackage (
            common
            // {
              name = "cargo2nix";
              version = "0.12.0";
            }
          );
        };
      in
      {
        packages = members // { default = members.cargo2nix; };

        # `nix flake check`: clippy and the tests, in naersk's check modes.
        checks = {
          clippy = naersk'.buildPackage (common // { mode = "clippy"; });
          test = naersk'.buildPackage (common // { mode = "test"; });
        };

        # `nix develop`: cargo, rustc and the native inputs.
        devShells.default = pkgs.mkShell {
          inputsFrom = [ members.cargo2nix ];
          nativeBuildInputs = [
            pkgs.cargo
            pkgs.rustc
          ];
        };
      }
    );
}
