// The README that goes beside one backend's files, in the site's download and in the command line's
// `--out` folder (one text, so both say the same). It lists the files that were written (and the
// outputs that could not be), then how to build; build steps are read off the files themselves
// (a flake with `devShells` gets `nix develop`, one with `checks` gets `nix flake check`), so the
// text never promises what the files do not hold.
import type { GitSourceHash } from '../model/git-hash.ts';
import { BACKENDS, type BackendId } from '../options/user-options.ts';
import type { RenderedOutput } from './renderer.ts';

/** Prefetched git hashes, written beside the outputs when the lock has git sources (see the site's download). */
export const HASHES_FILE = 'nix-hashes.json';

interface BackendGuide {
  /** The tool's name as its own documentation spells it. */
  readonly title: string;
  readonly docs: string;
  /** What each file this backend writes is for; files not listed get a plain line. */
  readonly purpose: Readonly<Record<string, string>>;
  /** What the user must keep in mind after copying the files (regeneration, pinned hashes). */
  readonly notes: readonly string[];
}

export const BACKEND_GUIDES: Readonly<Record<BackendId, BackendGuide>> = {
  cargo2nix: {
    title: 'cargo2nix',
    docs: 'https://github.com/cargo2nix/cargo2nix',
    purpose: {
      'Cargo.nix': 'what `cargo2nix` 0.12.0 would write for this workspace.',
      'flake.nix': 'a flake that builds every workspace member with cargo2nix.',
    },
    notes: ['Cargo.nix checks that it matches Cargo.lock: regenerate it whenever the lock changes.'],
  },
  crate2nix: {
    title: 'crate2nix',
    docs: 'https://github.com/nix-community/crate2nix',
    purpose: {
      'flake.nix': "a flake that builds the workspace with crate2nix's tools (its Cargo.nix is generated at build time).",
      'crate-hashes.json': 'the Nix hash of each git dependency, which crate2nix reads instead of fetching them to hash them.',
      'crate2nix-generate.md': 'the `crate2nix generate` command, for committing a generated Cargo.nix instead.',
    },
    notes: ['To commit a generated Cargo.nix instead of generating it at build time, run `crate2nix generate` next to Cargo.lock.'],
  },
  buildRustPackage: {
    title: 'buildRustPackage (nixpkgs)',
    docs: 'https://nixos.org/manual/nixpkgs/stable/#compiling-rust-applications-with-cargo',
    purpose: {
      'flake.nix': "a flake that builds the workspace with nixpkgs' `rustPlatform.buildRustPackage`.",
      'package.nix': 'the package itself, callable from nixpkgs or any flake: `pkgs.callPackage ./package.nix { }`.',
    },
    notes: [
      'Cargo.lock is read at build time; each git dependency is pinned by its hash in `cargoLock.outputHashes`, which must change with its commit.',
    ],
  },
  crane: {
    title: 'crane',
    docs: 'https://crane.dev',
    purpose: { 'flake.nix': 'a flake that builds the dependencies once (`buildDepsOnly`) and each member on top of them (`buildPackage`).' },
    notes: ['Cargo.lock is read at build time: nothing to regenerate when it changes.'],
  },
  naersk: {
    title: 'naersk',
    docs: 'https://github.com/nix-community/naersk',
    purpose: { 'flake.nix': 'a flake that builds each member with `naersk.buildPackage`.' },
    notes: ['Cargo.lock is read at build time: nothing to regenerate when it changes.'],
  },
  dream2nix: {
    title: 'dream2nix',
    docs: 'https://github.com/nix-community/dream2nix',
    purpose: {
      'flake.nix': "a flake that builds the workspace with dream2nix's `rust-cargo-lock` and `rust-crane` modules.",
      'default.nix': 'the dream2nix package module the flake evaluates once per member.',
    },
    notes: ['Cargo.lock is read at build time: nothing to regenerate when it changes.'],
  },
};

export interface BackendReadmeInput {
  readonly projectName: string;
  readonly backend: BackendId;
  /** That backend's outputs (each with its files, or its error). */
  readonly outputs: readonly RenderedOutput[];
  /** The lock's git sources; named in the README when `HASHES_FILE` is written beside the files. */
  readonly gitSources?: readonly GitSourceHash[] | undefined;
}

/** The flake text assigns that output (`checks = …`, `devShells.default = …`), not merely mentions it in a comment. */
export function defines(flake: string, output: string): boolean {
  return new RegExp(`(?:^|[{;])\\s*${output}(?:\\.[\\w.\${}-]+)?\\s*=`, 'm').test(flake);
}

/** The shell lines that build one backend's files (`paths`, with its `flake` text): track them in git, then what the flake defines. */
export function buildCommands(paths: readonly string[], flake: string): string[] {
  return [
    `git add ${paths.join(' ')}`,
    'nix build        # the default package',
    ...(defines(flake, 'devShells') ? ['nix develop      # a shell with the Rust toolchain'] : []),
    ...(defines(flake, 'checks') ? ['nix flake check  # the checks the flake defines'] : []),
  ];
}

/** The README.md for one backend's folder. */
export function backendReadme({ projectName, backend, outputs, gitSources = [] }: BackendReadmeInput): string {
  const guide = BACKEND_GUIDES[backend];
  const lines = [
    `# ${projectName}: ${guide.title} files generated by the cargo2nix playground`,
    '',
    `How to build this Cargo workspace with [${guide.title}](${guide.docs}).`,
    'Copy these files into the root of your Cargo workspace (next to Cargo.lock):',
    '',
  ];
  const paths: string[] = [];
  let flake: string | undefined;
  for (const o of outputs) {
    if (!o.ok) {
      lines.push(`- (${o.label} could not be generated: ${o.error.message})`);
      continue;
    }
    for (const f of o.files) {
      paths.push(f.path);
      if (f.path === 'flake.nix') flake = f.text;
      const purpose = guide.purpose[f.path];
      lines.push(`- \`${f.path}\`${purpose ? `: ${purpose}` : ''}`);
    }
  }
  if (gitSources.length > 0) {
    lines.push(`- \`${HASHES_FILE}\`: the Nix hash of each git dependency's tree (SRI and base32), as \`nix hash path\` gives it for a checkout.`);
  }
  if (paths.length > 0) lines.push('', ...guide.notes);
  if (flake !== undefined) {
    lines.push(
      '',
      'Then, with flakes enabled (add files to git first: flakes only see tracked files):',
      '',
      '```sh',
      ...buildCommands(paths, flake),
      '```',
    );
  }
  lines.push('');
  return lines.join('\n');
}

/** The README at the top of an "every backend" folder: which folder holds which tool's files. */
export function allBackendsReadme(projectName: string, backends: readonly BackendId[], gitSources: readonly GitSourceHash[] = []): string {
  const lines = [
    `# ${projectName}: Nix files for every backend, generated by the cargo2nix playground`,
    '',
    'One folder per tool; each has its own README.md saying how to build. Copy one folder’s files into the root of your',
    'Cargo workspace (next to Cargo.lock): they are alternatives, not meant to be used together.',
    '',
    ...BACKENDS.filter((b) => backends.includes(b)).map((b) => `- \`${b}/\`: ${BACKEND_GUIDES[b].title}`),
    ...(gitSources.length > 0
      ? [`- \`${HASHES_FILE}\`: the Nix hash of each git dependency's tree (SRI and base32), as \`nix hash path\` gives it for a checkout.`]
      : []),
    '',
  ];
  return lines.join('\n');
}
