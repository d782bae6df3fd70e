// naersk's flake.nix from the resolved model: one buildPackage per member with `-p` added to
// naersk's own cargo options, checks in naersk's modes, toolchain and profile options, native
// inputs. test/nix/backends-eval-naersk.test.ts evaluates the same files against naersk's real code.
import { describe, expect, it } from 'vitest';
import { renderNaerskFlake } from '../../worker/render/naersk/naersk.ts';
import { backendCase } from '../golden/backends/cases.ts';
import { model } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';

const hello = await backendCase('crates-io/hello-world');
const sysS = scenario('sys-crates');
const sys = await model(sysS.files, sysS.snapshot);

describe('naersk flake.nix', () => {
  it('builds each binary member with -p added to naersk’s default options', () => {
    const text = renderNaerskFlake(sys, { flake: {} });
    expect(text).toContain("naersk' = pkgs.callPackage naersk { };");
    expect(text).toContain(
      'name = "tool";\n              version = "0.2.0";\n              cargoBuildOptions = options: options ++ [ "-p" "tool" ];',
    );
    expect(text).toContain('cargoTestOptions = options: options ++ [ "-p" "app" ];');
    expect(text).toContain('packages = members // { default = members.app; };');
  });

  it('builds a single package as naersk’s README does, without -p', () => {
    const text = renderNaerskFlake(hello.ws, { flake: {} });
    expect(text).toContain('          src = ./.;\n');
    expect(text).not.toContain('cargoBuildOptions');
    expect(text).toContain("hello-world = naersk'.buildPackage (");
  });

  it('checks clippy and the tests in naersk’s modes', () => {
    const text = renderNaerskFlake(hello.ws, { flake: {} });
    expect(text).toContain('clippy = naersk\'.buildPackage (common // { mode = "clippy"; });');
    expect(text).toContain('test = naersk\'.buildPackage (common // { mode = "test"; });');
  });

  it('gives every build the native inputs', () => {
    const text = renderNaerskFlake(sys, { flake: {} });
    const common = text.slice(text.indexOf('common = {'), text.indexOf('members = {'));
    expect(common).toContain(
      'nativeBuildInputs = [\n            pkgs.cmake\n            pkgs.llvmPackages.libclang\n            pkgs.pkg-config\n          ];',
    );
    expect(common).toContain('pkgs.openssl');
  });

  it('hands a chosen Rust release to naersk, builds debug and the root features when asked', () => {
    const text = renderNaerskFlake(sys, { flake: { rustVersion: '1.85.1', release: false, rootFeatures: ['app/bundled'] } });
    expect(text).toContain('toolchain = pkgs.rust-bin.stable."1.85.1".default;');
    expect(text).toContain("naersk' = pkgs.callPackage naersk {\n          cargo = toolchain;\n          rustc = toolchain;\n        };");
    expect(text).toContain('release = false;');
    expect(text).toContain('cargoBuildOptions = options: options ++ [ "-p" "app" "--features" "app/bundled" ];');
    expect(renderNaerskFlake(sys, { flake: {} })).not.toContain('rust-overlay');
  });
});
