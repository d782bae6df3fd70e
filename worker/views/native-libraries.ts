// The crates of a workspace that bind native code (a `links` key or a `-sys`
// name), what nixpkgs packages they need, whether cargo2nix's stock overrides
// already give them those, and the override each backend writes for them. The
// tables are sys-overrides.ts and native-inputs.ts; the snippets are written
// by the renderers' own functions, so the view shows exactly what the
// generated files hold.
import type { ResolvedCrate, ResolvedWorkspace } from '../model/model.ts';
import { renderOverride } from '../render/cargo2nix/flake-nix.ts';
import { crateKey } from '../render/cargo2nix/package-set.ts';
import { writeOverride } from '../render/crate2nix/flake-nix.ts';
import { perCrateInputs } from '../render/crate2nix/per-crate-inputs.ts';
import { nativeInputsFor, nativeRuleFor, writeNativeInputs } from '../render/native-inputs.ts';
import { NixLines } from '../render/nix/nix-text.ts';
import { NO_NATIVE_LIBRARY, STOCK_OVERRIDES, sysRuleFor } from '../render/sys-overrides.ts';

/**
 * - `stock`: cargo2nix's `overrides.all` takes care of it;
 * - `rule`: the playground knows what it needs and writes an override;
 * - `unknown`: it looks like it binds a system library nobody here knows;
 * - `none`: it needs nothing from nixpkgs (syscalls, Windows import libraries, bundled C code, a bare `links` key).
 */
export type NativeStatus = 'stock' | 'rule' | 'unknown' | 'none';

export interface NativeSnippet {
  /** Which backends write this text. */
  readonly backends: string;
  /** Where it goes in their files. */
  readonly where: string;
  readonly text: string;
}

export interface NativeLibrary {
  readonly name: string;
  /** {@link crateKey} of each version in the workspace. */
  readonly keys: readonly string[];
  readonly versions: readonly string[];
  readonly links: string | undefined;
  readonly status: NativeStatus;
  /** `pkgs` attribute paths of libraries to link. */
  readonly libraries: readonly string[];
  /** `pkgs` attribute paths of programs its build script runs. */
  readonly tools: readonly string[];
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly darwinOnly: boolean;
  /** Why it needs them, or why nothing is needed. */
  readonly why: string;
  /** True when cargo2nix 0.12's stock overrides already provide what it needs. */
  readonly coveredByCargo2nix: boolean;
  readonly snippets: readonly NativeSnippet[];
}

const looksSys = (name: string) => name.endsWith('-sys') || name.endsWith('_sys');
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * How deep each renderer writes these blocks (cargo2nix's flake.nix, crate2nix's flake.nix, crane's
 * and naersk's flake.nix, buildRustPackage's package.nix). The text is written at depth 0 with the
 * width left at that depth, so comments wrap and lists break exactly as in the file;
 * native-libraries.test.ts finds each block in the real files, so a renderer moving them fails there.
 */
const DEPTH = { cargo2nix: 7, crate2nix: 6, singleBuild: 5, buildRustPackage: 1 } as const;

function text(depth: number, write: (out: NixLines) => void): string {
  const out = new NixLines(new NixLines().width - 2 * depth);
  write(out);
  return out.lines.join('\n');
}

function bindsWindowsImports(c: ResolvedCrate): boolean {
  const n = c.id.name;
  return n.startsWith('winapi') || n.startsWith('windows') || c.dependencies.some((d) => d.id.name === 'winapi-build');
}

function noneWhy(c: ResolvedCrate): string {
  if (NO_NATIVE_LIBRARY.has(c.id.name)) return 'binds no system library (system calls, JavaScript or a kernel interface)';
  if (bindsWindowsImports(c)) return 'links Windows import libraries, which the Windows toolchain ships';
  return `declares links = "${c.links ?? ''}" but needs nothing from nixpkgs that the playground knows of (usually its own bundled C code)`;
}

/** Every crate binding native code, by name (overrides match by name, so versions share one entry), sorted. */
export function nativeLibraries(ws: ResolvedWorkspace): NativeLibrary[] {
  const groups = new Map<string, ResolvedCrate[]>();
  for (const c of ws.crates) {
    if (c.member) continue;
    if (c.links === undefined && !looksSys(c.id.name) && !nativeRuleFor(c.id.name, undefined)) continue;
    let g = groups.get(c.id.name);
    if (!g) groups.set(c.id.name, (g = []));
    g.push(c);
  }
  const perCrate = perCrateInputs(ws);
  const out: NativeLibrary[] = [];
  for (const [name, crates] of [...groups.entries()].sort(([a], [b]) => byteOrder(a, b))) {
    const first = crates[0]!;
    const links = crates.find((c) => c.links !== undefined)?.links;
    const rule = nativeRuleFor(name, links);
    const stock = STOCK_OVERRIDES.has(name);
    const status: NativeStatus = stock
      ? 'stock'
      : rule
        ? 'rule'
        : looksSys(name) && !NO_NATIVE_LIBRARY.has(name) && !bindsWindowsImports(first)
          ? 'unknown'
          : 'none';
    const snippets: NativeSnippet[] = [];
    if (status === 'stock') {
      snippets.push({
        backends: 'cargo2nix',
        where: 'flake.nix, makePackageSet',
        text: `# ${name} is covered by cargo2nix's stock overrides: nothing to add.\npackageOverrides = pkgs: pkgs.rustBuilder.overrides.all;`,
      });
    } else {
      const cargoRule = sysRuleFor(name, links);
      if (cargoRule) {
        snippets.push({
          backends: 'cargo2nix',
          where: 'flake.nix, the list after pkgs.rustBuilder.overrides.all in packageOverrides',
          text: text(DEPTH.cargo2nix, (o) => renderOverride(o, 0, { crate: name, links, rule: cargoRule })),
        });
      }
    }
    const c2n = perCrate.crates.filter((e) => e.crate === name || e.why.some((w) => w.startsWith(`Its build script uses the ${name} crate:`)));
    if (c2n.length > 0) {
      snippets.push({
        backends: 'crate2nix',
        where: 'flake.nix, defaultCrateOverrides (with its `extend` helper)',
        text: text(DEPTH.crate2nix, (o) => c2n.forEach((e) => writeOverride(o, 0, e))),
      });
    }
    const single = nativeInputsFor({ ...ws, crates });
    if (single.needs.length > 0) {
      snippets.push({
        backends: 'crane, naersk',
        where: 'flake.nix, the build’s arguments',
        text: text(DEPTH.singleBuild, (o) => writeNativeInputs(o, 0, single, { prefix: 'pkgs.' })),
      });
      snippets.push({
        backends: 'buildRustPackage',
        where: 'package.nix, the buildRustPackage arguments (its packages are the file’s arguments)',
        text: text(DEPTH.buildRustPackage, (o) => writeNativeInputs(o, 0, single, { prefix: '' })),
      });
    }
    out.push({
      name,
      keys: crates.map((c) => crateKey(c.id)),
      versions: crates.map((c) => c.id.version),
      links,
      status,
      libraries: rule?.libraries ?? [],
      tools: rule?.tools ?? [],
      env: rule?.env ?? [],
      darwinOnly: rule?.darwinOnly ?? false,
      why:
        status === 'unknown'
          ? 'looks like it binds a system library the playground has no rule for: its build may need an override'
          : rule
            ? (rule.whyElsewhere ?? rule.why)
            : noneWhy(first),
      coveredByCargo2nix: stock,
      snippets,
    });
  }
  return out;
}
