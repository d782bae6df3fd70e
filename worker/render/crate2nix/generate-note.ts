// The note beside crate2nix's files for those who would rather commit a generated Cargo.nix than
// generate it at evaluation time (crate2nix's "Generate Cargo.nix manually" way: no import from
// derivation, but the file has to be regenerated whenever Cargo.lock changes).
import type { ResolvedWorkspace } from '../../model/model.ts';
import { projectName } from './flake-nix.ts';

export const GENERATE_NOTE_PATH = 'crate2nix-generate.md';

export function crate2nixGenerateNote(ws: ResolvedWorkspace): string {
  const gitCount = ws.crates.filter((c) => c.source.kind === 'git').length;
  const lines = [
    `# ${projectName(ws)}: committing crate2nix's Cargo.nix`,
    '',
    "`flake.nix` lets crate2nix's tools generate Cargo.nix while Nix evaluates the flake (import from",
    'derivation). Some setups refuse import from derivation (for example Hydra, or `nix flake check`',
    'with `allow-import-from-derivation = false`). There, generate the file once and commit it:',
    '',
    '```sh',
    '# next to Cargo.toml and Cargo.lock',
    'nix run github:nix-community/crate2nix -- generate',
    'git add Cargo.nix crate-hashes.json',
    '```',
    '',
    'Then, in `flake.nix`, call the committed file instead of the generated one:',
    '',
    '```nix',
    'generated = ./Cargo.nix;',
    '```',
    '',
    'Run `crate2nix generate` again after every change to Cargo.lock or to the manifests: the',
    'committed Cargo.nix does not follow them by itself.',
  ];
  if (gitCount > 0) {
    lines.push(
      '',
      `\`crate-hashes.json\` already holds the Nix hash of the ${gitCount === 1 ? 'git dependency' : `${gitCount} git dependencies`}, so`,
      '`crate2nix generate` does not fetch the repositories again to hash them; it rewrites the file when a commit changes.',
    );
  }
  lines.push('');
  return lines.join('\n');
}
