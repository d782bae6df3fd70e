# Stands in for the cargo2nix flake input: `overlays.default` adds a
# `rustBuilder` whose makePackageSet takes the arguments cargo2nix 0.12's
# does (user-facing.nix and internal.nix together; anything else is an error,
# as there) and builds the recording package set of package-set.nix.
{
  overlays.default = final: prev:
    let
      lib = import ./lib.nix;
      rustLib = import ./rust-lib.nix;
      # cargo2nix 0.12's rust-triple.nix for the systems the stand-in nixpkgs
      # knows, and the entries of its target-info.json for those triples: the
      # info is looked up by the nixpkgs platform, so a platform it does not
      # know (MinGW, WASI) needs `targetSpec`.
      rustTriple = p: {
        x86_64-linux = "x86_64-unknown-linux-${p.parsed.abi.name}";
        aarch64-linux = "aarch64-unknown-linux-${p.parsed.abi.name}";
        aarch64-darwin = "aarch64-apple-darwin";
        x86_64-darwin = "x86_64-apple-darwin";
        wasm32-wasi = "wasm32-wasi";
      }.${p.system} or p.config;
      stockTargetInfo = {
        x86_64-unknown-linux-gnu = { max-atomic-width = 64; target-pointer-width = 64; };
        x86_64-unknown-linux-musl = { max-atomic-width = 64; target-pointer-width = 64; };
        aarch64-unknown-linux-gnu = { max-atomic-width = 128; target-pointer-width = 64; };
        aarch64-apple-darwin = { max-atomic-width = 128; target-pointer-width = 64; };
        x86_64-apple-darwin = { max-atomic-width = 128; target-pointer-width = 64; };
      };
      # rust-overlay's rust-bin (built for the cross package set) wants rust-std for the
      # toolchain's platforms by their `rust.rustcTarget` and for makePackageSet's target;
      # like rust-overlay it throws on a name Rust ships no rust-std for.
      rustStdTargets = [
        "aarch64-apple-darwin" "aarch64-unknown-linux-gnu" "x86_64-apple-darwin" "x86_64-pc-windows-gnu"
        "x86_64-unknown-linux-gnu" "x86_64-unknown-linux-musl" "wasm32-wasip1" "wasm32-unknown-unknown"
      ];
      knownRustTarget = t: builtins.elem t rustStdTargets || throw "Unknown target `${t}`, typo or not supported by this version?";
      stubEnv = name: envs: { type = "derivation"; name = "${name}-propagate-env"; outPath = "/stub-store/${name}-propagate-env"; inherit envs; };
      # A few of the stock overrides, so combining them with the flake's own is exercised.
      stock = [
        (rustLib.makeOverride {
          registry = "registry+https://github.com/rust-lang/crates.io-index";
          overrideArgs = old: { rustcLinkFlags = old.rustcLinkFlags or [ ] ++ [ "--cap-lints" "warn" ]; };
        })
        (rustLib.makeOverride {
          name = "openssl-sys";
          overrideAttrs = drv: { propagatedBuildInputs = drv.propagatedBuildInputs or [ ] ++ [ final.openssl ]; };
        })
        (rustLib.makeOverride {
          name = "pkg-config";
          overrideAttrs = drv: { propagatedBuildInputs = drv.propagatedBuildInputs or [ ] ++ [ final.pkg-config ]; };
        })
      ];
    in
    {
      rustBuilder = {
        inherit rustLib;
        overrides = {
          all = stock;
          patches.propagateEnv = stubEnv;
        };
        makePackageSet = {
          packageFun,
          rustChannel ? null,
          rustVersion ? null,
          rustToolchain ? null,
          rustProfile ? "minimal",
          extraRustComponents ? [ ],
          packageOverrides ? pkgs: pkgs.rustBuilder.overrides.all,
          target ? null,
          workspaceSrc ? null,
          ignoreLockHash ? false,
          targetSpecFile ? null,
          targetSpec ? null,
          cargoConfig ? { },
          fetchCrateAlternativeRegistry ? null,
          release ? null,
          rootFeatures ? null,
          hostPlatformCpu ? null,
          hostPlatformFeatures ? [ ],
          codegenOpts ? null,
          profileOpts ? null,
          cargoUnstableFlags ? [ ],
          rustcLinkFlags ? [ ],
          rustcBuildFlags ? [ ],
        }:
          # rust-overlay's rust-bin.stable is keyed by full versions.
          assert rustChannel == null && rustToolchain == null;
          assert builtins.match "[0-9]+\\.[0-9]+\\.[0-9]+" rustVersion != null;
          assert builtins.all knownRustTarget [
            final.stdenv.buildPlatform.rust.rustcTarget
            final.stdenv.hostPlatform.rust.rustcTarget
            (if target != null then target else rustTriple final.stdenv.hostPlatform)
          ];
          let
            host = final.stdenv.hostPlatform;
            targetInfo =
              if targetSpec != null then targetSpec
              else stockTargetInfo.${rustTriple host} or (throw "cargo2nix has no target info for ${rustTriple host}");
            set = import ./package-set.nix {
              inherit packageFun workspaceSrc ignoreLockHash release rootFeatures hostPlatformCpu hostPlatformFeatures target cargoConfig;
              hostPlatform = host // { cargo2nix = targetInfo; };
              overrides = packageOverrides final;
              packageSetArgs = { inherit rustVersion release rootFeatures target; };
            };
          in
          set.rustPackages // {
            inherit (set) workspace;
            workspaceShell = args@{ inputsFrom ? [ ], nativeBuildInputs ? [ ], ... }:
              final.mkShell (args // {
                inputsFrom = lib.mapAttrsToList (_: pkg: pkg { }) set.workspace ++ inputsFrom;
              });
          };
      };
    };
}
