# Stands in for `import nixpkgs { ... }` (and `nixpkgs.legacyPackages.<system>`) when the backend
# evaluations run the generated flakes against the tools' real code (crane, naersk, flake-utils,
# nix-systems and nixpkgs' own lib, vendored in ../vendor). nixpkgs itself is not available
# offline, so only `pkgs` is written here, with what those tools and the flakes reach for:
# - derivations are real `derivation`s (builder /bin/sh, never buildable), so evaluating a
#   package's drvPath runs everything the tool does to describe it;
# - `rustPlatform.buildRustPackage` is a stand-in that checks the arguments nixpkgs' manual
#   documents (see brp.nix) and records them;
# - native libraries and tools are named placeholders: a package nixpkgs does not have is missing
#   here too, so a flake that names one fails.
{ lib }:
{
  localSystem ? { system = args.system or "x86_64-linux"; },
  system ? localSystem.system,
  overlays ? [ ],
  config ? { },
  ...
}@args:
let
  platform = lib.systems.elaborate { inherit system; };

  # A derivation's attributes as `derivation` takes them: nixpkgs' mkDerivation turns lists and
  # strings into environment variables and drops nulls; functions and plain attrsets (passthru,
  # meta, env) never reach the builder.
  envValue =
    v:
    if builtins.isFunction v then
      null
    else if builtins.isAttrs v && !(v ? outPath) then
      null
    else if builtins.isList v then
      builtins.filter (x: x != null) (map envValue v)
    else
      v;

  base =
    self:
    let
      mkDerivation =
        attrs0:
        let
          attrs = if builtins.isFunction attrs0 then lib.fix (final: attrs0 final) else attrs0;
          # As nixpkgs' mkDerivation: a name is made valid for the store (crane names git checkouts after their URL).
          name = lib.strings.sanitizeDerivationName (attrs.name or "${attrs.pname}-${attrs.version}");
          passthru = attrs.passthru or { };
          env = lib.mapAttrs (_: envValue) (attrs.env or { });
          drvAttrs =
            lib.mapAttrs (_: envValue) (
              removeAttrs attrs [
                "passthru"
                "meta"
                "env"
                "pos"
              ]
            )
            // env
            // {
              inherit name system;
              builder = "/bin/sh";
              args = [
                "-c"
                "echo 'nixpkgs stand-in: not buildable' >&2; exit 1"
              ];
              __ignoreNulls = true;
            };
          drv = derivation drvAttrs;
        in
        drv
        // attrs
        // passthru
        // {
          inherit (drv) drvPath outPath;
          type = "derivation";
          inherit name passthru;
          meta = attrs.meta or { };
          overrideAttrs =
            f:
            mkDerivation (
              attrs
              // (
                let
                  x = f attrs;
                in
                if builtins.isFunction x then f attrs attrs else x
              )
            );
        };

      placeholder =
        name:
        mkDerivation {
          inherit name;
          outputs = [ "out" ];
        };
      withOutputs =
        name:
        placeholder name
        // {
          lib = placeholder "${name}-lib";
          dev = placeholder "${name}-dev";
          bin = placeholder "${name}-bin";
        };

      stdenv = {
        inherit mkDerivation;
        hostPlatform = platform;
        buildPlatform = platform;
        targetPlatform = platform;
        inherit (platform) isLinux isDarwin system;
        cc = placeholder "cc-wrapper";
        shell = "/bin/sh";
      };

      # Packages the tools and the generated flakes name, and the native libraries of the
      # playground's system-library rules.
      names = [
        # toolchain and what crane's and naersk's builders and hooks call
        "cargo"
        "rustc"
        "clippy"
        "rustfmt"
        "cargo-nextest"
        "cargo-llvm-cov"
        "taplo"
        "jq"
        "remarshal"
        "zstd"
        "rsync"
        "lndir"
        "git"
        "gnutar"
        "gzip"
        "writableTmpDirAsHomeHook"
        # native libraries and tools of the system-library rules
        "alsa-lib"
        "bzip2"
        "cairo"
        "cmake"
        "curl"
        "dbus"
        "expat"
        "fontconfig"
        "freetype"
        "gdk-pixbuf"
        "glib"
        "gtk3"
        "hdf5"
        "libgit2"
        "libiconv"
        "libsodium"
        "libusb1"
        "oniguruma"
        "openssl"
        "pango"
        "pkg-config"
        "postgresql"
        "protobuf"
        "rdkafka"
        "sqlite"
        "udev"
        "xz"
        "zeromq"
        "zlib"
        "zlib-ng"
      ];
    in
    lib.genAttrs names withOutputs
    // {
      inherit lib config stdenv;
      pkgs = self;
      buildPackages = self;
      pkgsBuildBuild = self;
      pkgsBuildHost = self;
      pkgsBuildTarget = self;
      pkgsHostHost = self;
      pkgsHostTarget = self;
      pkgsTargetTarget = self;
      stdenvNoCC = stdenv;

      callPackage = lib.callPackageWith self;
      newScope = extra: lib.callPackageWith (self // extra);
      # No cross compilation here: every splice is the same package set.
      splicePackages = splices: lib.mapAttrs (_: v: v) (splices.pkgsHostTarget or { });
      "makeScopeWithSplicing'" = { f, ... }: lib.makeScope self.newScope f;

      llvmPackages.libclang = withOutputs "libclang";

      fetchurl =
        {
          url ? null,
          urls ? [ ],
          name ? null,
          sha256 ? null,
          hash ? null,
          ...
        }:
        derivation {
          name = if name != null then name else baseNameOf (if url != null then url else builtins.head urls);
          inherit system;
          builder = "/bin/sh";
          urls = if url != null then [ url ] else urls;
          outputHashMode = "flat";
          outputHashAlgo = if hash != null then null else "sha256";
          outputHash = if hash != null then hash else sha256;
          __ignoreNulls = true;
        };
      fetchgit =
        {
          url,
          rev,
          sha256 ? null,
          hash ? null,
          ...
        }:
        derivation {
          name = "source";
          inherit system url rev;
          builder = "/bin/sh";
          outputHashMode = "recursive";
          outputHashAlgo = if hash != null then null else "sha256";
          outputHash = if hash != null then hash else sha256;
          __ignoreNulls = true;
        };

      runCommand =
        name: env: buildCommand:
        mkDerivation (
          {
            inherit name buildCommand;
          }
          // env
        );
      runCommandLocal = self.runCommand;
      runCommandNoCC = self.runCommand;
      writeTextFile =
        {
          name,
          text,
          executable ? false,
          destination ? "",
          ...
        }:
        self.runCommand name { inherit text executable destination; } "";
      writeText = name: text: self.writeTextFile { inherit name text; };
      writeShellScript = name: text: self.writeTextFile { inherit name text; };
      writeShellScriptBin = name: text: self.writeTextFile { inherit name text; destination = "/bin/${name}"; };
      makeSetupHook =
        {
          name ? "hook",
          propagatedBuildInputs ? [ ],
          substitutions ? { },
          ...
        }:
        script:
        mkDerivation {
          inherit name propagatedBuildInputs script;
          substitutions = builtins.toJSON (lib.mapAttrs (_: toString) substitutions);
        };
      formats.toml = _: {
        generate = name: value: self.writeText name (builtins.toJSON value);
      };
      mkShell =
        {
          name ? "nix-shell",
          packages ? [ ],
          inputsFrom ? [ ],
          ...
        }@attrs:
        mkDerivation (
          removeAttrs attrs [
            "packages"
            "inputsFrom"
          ]
          // {
            inherit name;
            nativeBuildInputs = packages ++ attrs.nativeBuildInputs or [ ];
            shellInputsFrom = inputsFrom;
          }
        );

      rustPlatform.buildRustPackage = import ./brp.nix {
        inherit lib mkDerivation;
        inherit (self) rustc;
      };
      # As nixpkgs' makeRustPlatform: a rustPlatform whose buildRustPackage uses the given toolchain.
      makeRustPlatform =
        { rustc, cargo, ... }:
        {
          buildRustPackage = import ./brp.nix { inherit lib mkDerivation rustc; };
        };
    };
in
lib.fix (lib.foldl' (lib.flip lib.extends) base overlays)
