# Builds cargo2nix with crate2nix (https://github.com/nix-community/crate2nix), written by the
# cargo2nix playground.
# crate2nix's tools generate Cargo.nix from Cargo.toml, Cargo.lock and crate-hashes.json while this
# flake is evaluated (import from derivation), so it always matches the lock. To commit a Cargo.nix
# instead, see crate2nix-generate.md.
{
  description = "cargo2nix, built with crate2nix";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixpkgs-unstable";
    crate2nix.url = "github:nix-community/crate2nix";
  };

  outputs =
    { self, nixpkgs, crate2nix }:
    let
      # The systems crate2nix provides its tools for.
      systems = [
        "x86_64-linux"
        "aarch64-linux"
        "x86_64-darwin"
        "aarch64-darwin"
      ];
      forEachSystem = f: nixpkgs.lib.genAttrs systems (system: f system nixpkgs.legacyPackages.${system});

      cargoNixFor =
        system: pkgs:
        let
          generated = crate2nix.tools.${system}.generatedCargoNix {
            name = "cargo2nix";
            src = ./.;
          };
          # nixpkgs' own override for a crate (when it has one), with more inputs added.
          extend =
            name: more: attrs:
            let
              stock = (pkgs.defaultCrateOverrides.${name} or (_: { })) attrs;
            in
            stock
            // more
            // {
              nativeBuildInputs = (stock.nativeBuildInputs or [ ]) ++ (more.nativeBuildInputs or [ ]);
              buildInputs = (stock.buildInputs or [ ]) ++ (more.buildInputs or [ ]);
            };
        in
        pkgs.callPackage generated {
          # libnghttp2-sys (links = "nghttp2") binds a system library the playground does not know:
          # add an override for it here if its build needs one.
          # System libraries for the crates that bind them (buildRustCrate calls these by crate
          # name).
          defaultCrateOverrides = pkgs.defaultCrateOverrides // {
            # curl-sys: links the system libcurl when pkg-config finds it.
            # Its build script uses the pkg-config crate: build scripts using it run the pkg-config
            # program.
            curl-sys = extend "curl-sys" {
              nativeBuildInputs = [ pkgs.pkg-config ];
              buildInputs = [ pkgs.curl ];
            };
            # libdbus-sys: links libdbus found with pkg-config.
            # Its build script uses the pkg-config crate: build scripts using it run the pkg-config
            # program.
            libdbus-sys = extend "libdbus-sys" {
              nativeBuildInputs = [ pkgs.pkg-config ];
              buildInputs = [ pkgs.dbus ];
            };
            # libgit2-sys: uses the system libgit2 when its version matches; the stock override adds
            # it on Darwin only.
            # Its build script uses the pkg-config crate: build scripts using it run the pkg-config
            # program.
            libgit2-sys = extend "libgit2-sys" {
              nativeBuildInputs = [ pkgs.pkg-config ];
              buildInputs = [ pkgs.libgit2 ];
            };
            # libsqlite3-sys: links the system SQLite unless its `bundled` feature is on; cargo2nix
            # has an override for it but leaves it out of overrides.all.
            # Its build script uses the pkg-config crate: build scripts using it run the pkg-config
            # program.
            libsqlite3-sys = extend "libsqlite3-sys" {
              nativeBuildInputs = [ pkgs.pkg-config ];
              buildInputs = [ pkgs.sqlite ];
            };
            # libssh2-sys: builds its bundled libssh2 against OpenSSL and zlib.
            # Its build script uses the pkg-config crate: build scripts using it run the pkg-config
            # program.
            libssh2-sys = extend "libssh2-sys" {
              nativeBuildInputs = [ pkgs.pkg-config ];
              buildInputs = [
                pkgs.openssl
                pkgs.zlib
              ];
            };
            # libz-sys: links the system zlib when it finds one and builds its bundled copy
            # otherwise.
            # Its build script uses the pkg-config crate: build scripts using it run the pkg-config
            # program.
            libz-sys = extend "libz-sys" {
              nativeBuildInputs = [ pkgs.pkg-config ];
              buildInputs = [ pkgs.zlib ];
            };
            # openssl-sys: links OpenSSL, found with pkg-config.
            # Its build script uses the pkg-config crate: build scripts using it run the pkg-config
            # program.
            openssl-sys = extend "openssl-sys" {
              nativeBuildInputs = [ pkgs.pkg-config ];
              buildInputs = [ pkgs.openssl ];
            };
          };
        };
    in
    {
      packages = forEachSystem (
        system: pkgs:
        let
          cargoNix = cargoNixFor system pkgs;
        in
        {
          cargo2nix = cargoNix.workspaceMembers.cargo2nix.build;
          default = self.packages.${system}.cargo2nix;
        }
      );

      # Each member's tests (crate2nix's runTests).
      checks = forEachSystem (
        system: pkgs:
        let
          cargoNix = cargoNixFor system pkgs;
        in
        {
          cargo2nix-tests = cargoNix.workspaceMembers.cargo2nix.build.override { runTests = true; };
        }
      );
    };
}
