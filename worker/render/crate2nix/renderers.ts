// crate2nix's outputs: flake.nix, crate-hashes.json and the note for committing Cargo.nix. Each is
// its own renderer, so a missing git hash costs the user crate-hashes.json only.
import type { Renderer } from '../renderer.ts';
import { crateHashes, crateHashesJson } from './crate-hashes.ts';
import { crate2nixFlake } from './flake-nix.ts';
import { crate2nixGenerateNote, GENERATE_NOTE_PATH } from './generate-note.ts';

export const crate2nixFlakeRenderer: Renderer = {
  id: 'crate2nix/flake.nix',
  backend: 'crate2nix',
  label: 'flake.nix',
  files: (model, options) => [{ path: 'flake.nix', text: crate2nixFlake(model, options), language: 'nix' }],
};

export const crate2nixHashesRenderer: Renderer = {
  id: 'crate2nix/crate-hashes.json',
  backend: 'crate2nix',
  label: 'crate-hashes.json',
  files: (model, options) => [{ path: 'crate-hashes.json', text: crateHashesJson(crateHashes(model, options.gitHashes)), language: 'json' }],
};

export const crate2nixGenerateNoteRenderer: Renderer = {
  id: `crate2nix/${GENERATE_NOTE_PATH}`,
  backend: 'crate2nix',
  label: GENERATE_NOTE_PATH,
  files: (model) => [{ path: GENERATE_NOTE_PATH, text: crate2nixGenerateNote(model), language: 'markdown' }],
};

export const CRATE2NIX_RENDERERS: readonly Renderer[] = [crate2nixFlakeRenderer, crate2nixHashesRenderer, crate2nixGenerateNoteRenderer];
