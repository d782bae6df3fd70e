# Defining the core of what drv-parts is about.
#   This does nothing except defining the structure of public.
{
  imports = [
    ./interface.nix
  ];
}
