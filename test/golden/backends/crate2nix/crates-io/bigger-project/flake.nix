# Builds bigger-project with crate2nix (https://github.com/nix-community/crate2nix), written by the
# cargo2nix playground.
# crate2nix's tools generate Cargo.nix from Cargo.toml, Cargo.lock and crate-hashes.json while this
# flake is evaluated (import from derivation), so it always matches the lock. To commit a Cargo.nix
# instead, see crate2nix-generate.md.
{
  description = "bigger-project, built with crate2nix";

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
            name = "bigger-project";
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
          # System libraries for the crates that bind them (buildRustCrate calls these by crate
          # name).
          defaultCrateOverrides = pkgs.defaultCrateOverrides // {
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
          bigger-project = cargoNix.workspaceMembers.bigger-project.build;
          default = self.packages.${system}.bigger-project;
        }
      );

      # Each member's tests (crate2nix's runTests).
      checks = forEachSystem (
        system: pkgs:
        let
          cargoNix = cargoNixFor system pkgs;
        in
        {
          bigger-project-tests =
            cargoNix.workspaceMembers.bigger-project.build.override { runTests = true; };
        }
      );
    };
}
