{
  imports = [
    ./interface.nix
  ];
}
