{
  imports = [
    ./assertions.nix
    ./docs
    ./deps
    ./env
    ./lock
    ./paths
    ./public
    ./ui
  ];
}
