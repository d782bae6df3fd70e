# Builds git-path-case with dream2nix (https://github.com/nix-community/dream2nix), written by the
# cargo2nix playground.
{
  description = "git-path-case, built with dream2nix";

  # dream2nix is tested with the nixpkgs its own flake locks; this flake follows it.
  inputs = {
    dream2nix.url = "github:nix-community/dream2nix";
    nixpkgs.follows = "dream2nix/nixpkgs";
  };

  outputs =
    {
      self,
      dream2nix,
      nixpkgs,
    }:
    let
      eachSystem = nixpkgs.lib.genAttrs [
        "aarch64-darwin"
        "aarch64-linux"
        "x86_64-darwin"
        "x86_64-linux"
      ];

      # One workspace member, built by the package module in default.nix.
      member =
        system: settings:
        dream2nix.lib.evalModules {
          packageSets.nixpkgs = nixpkgs.legacyPackages.${system};
          modules = [
            ./default.nix
            settings
            {
              paths.projectRoot = ./.;
              paths.projectRootFile = "flake.nix";
              paths.package = ./.;
            }
          ];
        };
    in
    {
      packages = eachSystem (system: {
        git-path-case = member system {
          name = "git-path-case";
          version = "0.1.0";
        };
        default = self.packages.${system}.git-path-case;
      });
    };
}
