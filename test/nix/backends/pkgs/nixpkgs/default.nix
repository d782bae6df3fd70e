# `import nixpkgs { ... }` for the backend evaluations: the stand-in over the vendored nixpkgs lib.
args: import ../standin.nix { lib = import ../../vendor/nixpkgs-lib/lib; } args
