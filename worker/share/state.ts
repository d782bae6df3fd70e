// What a share link carries, and the check that turns decoded JSON back into it. The JSON shape is
// the schema (version 1): `{ files: [{path, text}], options, tab?, snapshot? }`. Fields a newer page
// adds within the same version are ignored, so such a link still opens here.
import type { MetadataSnapshot } from '../metadata/memory-source.ts';
import { DEFAULT_USER_OPTIONS, OptionsError, parseUserOptions, type UserOptions } from '../options/user-options.ts';
import { ShareLinkError } from './errors.ts';
import { checkSnapshot } from './snapshot.ts';

export interface SharedFile {
  /** Relative path inside the workspace: `Cargo.toml`, `Cargo.lock`, `app/Cargo.toml`. */
  readonly path: string;
  readonly text: string;
}

/** The tab the sharer was looking at: an input file, or an output (a renderer id or an output file path). */
export interface SharedTab {
  readonly kind: 'input' | 'output';
  readonly id: string;
}

export interface SharedState {
  readonly files: readonly SharedFile[];
  readonly options: UserOptions;
  readonly tab?: SharedTab;
  /** Metadata of every crate the workspace needs, so the link renders with no network, as the sharer saw it. */
  readonly snapshot?: MetadataSnapshot;
}

function bad(message: string): ShareLinkError {
  return new ShareLinkError('bad-field', `the link's ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A relative path with no `..`, empty or absolute part, so nothing from a link can name a file outside its workspace. */
export function checkSharedPath(path: string, where: string): void {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.split('/').some((p) => p === '' || p === '.' || p === '..')) {
    throw bad(`${where} is not a relative path inside the workspace: ${JSON.stringify(path)}`);
  }
}

function checkFiles(value: unknown): SharedFile[] {
  if (!Array.isArray(value)) throw bad('`files` must be a list');
  const seen = new Set<string>();
  return value.map((f: unknown, i) => {
    if (!isRecord(f) || typeof f.path !== 'string' || typeof f.text !== 'string') throw bad(`files[${i}] must be {path, text} strings`);
    checkSharedPath(f.path, `files[${i}].path`);
    if (seen.has(f.path)) throw bad(`files list ${JSON.stringify(f.path)} twice`);
    seen.add(f.path);
    return { path: f.path, text: f.text };
  });
}

function checkTab(value: unknown): SharedTab {
  if (!isRecord(value) || (value.kind !== 'input' && value.kind !== 'output') || typeof value.id !== 'string') {
    throw bad('`tab` must be {kind: "input" | "output", id}');
  }
  return { kind: value.kind, id: value.id };
}

/** The current schema's check of decoded JSON (after migrations); throws ShareLinkError('bad-field'). */
export function sharedStateFromJson(json: unknown): SharedState {
  if (!isRecord(json)) throw bad('content must be a JSON object');
  const files = checkFiles(json.files);
  let options: UserOptions;
  try {
    options = parseUserOptions(json.options ?? {}, { where: 'options' });
  } catch (e) {
    if (e instanceof OptionsError) throw bad(e.message);
    throw e;
  }
  return {
    files,
    options,
    ...(json.tab !== undefined && json.tab !== null ? { tab: checkTab(json.tab) } : {}),
    ...(json.snapshot !== undefined && json.snapshot !== null ? { snapshot: checkSnapshot(json.snapshot) } : {}),
  };
}

/** The JSON written for a state, keys in a fixed order so the same state always gives the same payload. */
export function sharedStateToJson(state: SharedState, compact: (s: MetadataSnapshot) => MetadataSnapshot): Record<string, unknown> {
  return {
    files: state.files.map((f) => ({ path: f.path, text: f.text })),
    options: Object.fromEntries((Object.keys(DEFAULT_USER_OPTIONS) as (keyof UserOptions)[]).map((k) => [k, state.options[k]])),
    ...(state.tab ? { tab: { kind: state.tab.kind, id: state.tab.id } } : {}),
    ...(state.snapshot ? { snapshot: compact(state.snapshot) } : {}),
  };
}
