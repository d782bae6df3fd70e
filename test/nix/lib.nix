# The few nixpkgs `lib` functions that a cargo2nix 0.12 Cargo.nix, the
# generated flake.nix and this harness use. Evaluation must not reach for
# <nixpkgs> or the network, so this stands in for the real library; anything
# a Cargo.nix uses beyond it fails loudly as a missing attribute.
rec {
  fix = f: let x = f x; in x;

  optional = cond: x: if cond then [ x ] else [ ];
  optionals = cond: xs: if cond then xs else [ ];
  optionalAttrs = cond: attrs: if cond then attrs else { };

  importTOML = path: builtins.fromTOML (builtins.readFile path);

  mapAttrsToList = f: attrs: map (name: f name attrs.${name}) (builtins.attrNames attrs);

  findFirst = pred: default: list:
    let found = builtins.filter pred list; in
    if found == [ ] then default else builtins.head found;

  splitString = sep: s: builtins.filter builtins.isString (builtins.split (escapeRegex sep) s);
  escapeRegex = s: builtins.replaceStrings [ "\\" "." "*" "+" "?" "(" ")" "[" "]" "{" "}" "|" "^" "$" "/" ]
    [ "\\\\" "\\." "\\*" "\\+" "\\?" "\\(" "\\)" "\\[" "\\]" "\\{" "\\}" "\\|" "\\^" "\\$" "/" ] s;

  unique = builtins.foldl' (acc: x: if builtins.elem x acc then acc else acc ++ [ x ]) [ ];
}
