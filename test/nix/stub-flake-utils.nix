# Stands in for numtide/flake-utils: eachSystem turns `system -> { name = value; }`
# into `{ name.<system> = value; }` for every system.
rec {
  lib = rec {
    defaultSystems = [ "aarch64-linux" "aarch64-darwin" "x86_64-darwin" "x86_64-linux" ];
    eachSystem = systems: f:
      builtins.foldl' (acc: system:
        let out = f system; in
        acc // builtins.mapAttrs (name: value: (acc.${name} or { }) // { ${system} = value; }) out)
        { } systems;
    eachDefaultSystem = eachSystem defaultSystems;
  };
}
