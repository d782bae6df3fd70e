// The site's side of share links (the codec is worker/share/): which page and which link the
// address names (`/#s=…`, `/s/<id>`, `/embed#s=…`, `/embed/s/<id>`), opening a link into the
// playground's inputs with a message a user can act on when it is broken, and making links from
// what is on screen. Short links are the only part that talks to our server (`/api/share`).
import { decodeShare, encodeShare, fragmentLink, shortLink, ShareLinkError, SHORT_ID_PATTERN } from '../../worker/share/index.ts';
import type { SharedState } from '../../worker/share/index.ts';
import type { MetadataSnapshot } from '../../worker/metadata/memory-source.ts';
import { isBackendId, parseUserOptions, type BackendId } from '../../worker/options/user-options.ts';
import { fitChoice } from './flake-choices.ts';
import type { PlaygroundOptions } from './state.ts';
import type { LinkRef } from './share-route.ts';
import type { InputFile } from './workspace-files.ts';

/** Why a link did not open, for the notice; `kind` lets a page choose its fallback. */
export class LinkOpenError extends Error {
  constructor(
    readonly kind: ShareLinkError['kind'] | 'network' | 'server',
    message: string,
  ) {
    super(message);
    this.name = 'LinkOpenError';
  }
}

const HINTS: Partial<Record<LinkOpenError['kind'], string>> = {
  truncated: 'It was probably cut short on the way (some apps shorten long links); a short link avoids that.',
  corrupt: 'It was changed or damaged on the way.',
  'future-schema': 'Reloading the page gets the newest playground.',
  'unknown-id': 'Short links are kept by the server that made them; this one does not know it.',
  network: 'Check the connection and reload to try again.',
};

function openError(kind: LinkOpenError['kind'], reason: string): LinkOpenError {
  const hint = HINTS[kind];
  return new LinkOpenError(kind, `This shared link could not be opened: ${reason}.${hint ? ` ${hint}` : ''}`);
}

/** What the page shows for a link: the payload decoded into inputs, options, tab and snapshot. */
export interface OpenedLink {
  readonly files: InputFile[];
  readonly options: Partial<PlaygroundOptions>;
  readonly tab: SharedState['tab'];
  readonly snapshot: MetadataSnapshot | undefined;
  /** The payload itself, so the page can link it on (the embed's "Open in playground"). */
  readonly payload: string;
}

export function openPayload(payload: string): OpenedLink {
  let state: SharedState;
  try {
    state = decodeShare(payload);
  } catch (e) {
    if (e instanceof ShareLinkError) throw openError(e.kind, e.message.replace(/\.$/, ''));
    throw e;
  }
  // A choice this page no longer offers (an old cargo2nix ref, a Rust it lacks) becomes the nearest one it does.
  const targets = [...state.options.targets];
  const options = { ...state.options, targets };
  const tab = pageTab(state.tab);
  return {
    files: state.files.map((f) => ({ path: f.path, text: f.text })),
    options: { ...options, ...fitChoice(options), ...(tab.backend ? { backend: tab.backend } : {}) },
    tab: tab.tab,
    snapshot: state.snapshot,
    payload,
  };
}

/**
 * The page's output tabs are the chosen backend's file paths; a link may name a renderer instead
 * (`cargo2nix/flake.nix`, as the share command writes): that is the backend's file, with that backend chosen.
 */
function pageTab(tab: SharedState['tab']): { tab: SharedState['tab']; backend?: BackendId } {
  if (tab?.kind !== 'output') return { tab };
  const slash = tab.id.indexOf('/');
  const backend = tab.id.slice(0, slash);
  if (slash <= 0 || !isBackendId(backend)) return { tab };
  return { tab: { kind: 'output', id: tab.id.slice(slash + 1) }, backend };
}

/** `fetch`, injectable so the embed's and the app's tests can point it anywhere. */
export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Fetch a short link's payload from the edge (`GET /api/share/<id>`), then decode it. */
export async function openShortLink(id: string, origin: string, fetchFn: Fetch = fetch): Promise<OpenedLink> {
  if (!SHORT_ID_PATTERN.test(id)) throw openError('unknown-id', `“${id.slice(0, 80)}” is not a short link id`);
  let response: Response;
  try {
    response = await fetchFn(`${origin}/api/share/${id}`);
  } catch (e) {
    throw openError('network', `the server could not be reached (${e instanceof Error ? e.message : String(e)})`);
  }
  if (response.status === 404) throw openError('unknown-id', `the server has no shared state with the id ${id}`);
  if (!response.ok) throw openError('server', `the server answered ${response.status} ${response.statusText}`.trim());
  return openPayload((await response.text()).trim());
}

/** Open what the address names. */
export function openLink(link: LinkRef, origin: string, fetchFn: Fetch = fetch): Promise<OpenedLink> {
  if (link.kind === 'short') return openShortLink(link.id, origin, fetchFn);
  try {
    return Promise.resolve(openPayload(link.payload));
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

/** What a share link carries from the page. */
export interface ShareInputs {
  readonly files: readonly InputFile[];
  /** The page's options; the network bases are the sharer's own and are left out. */
  readonly options: PlaygroundOptions;
  readonly tab?: SharedState['tab'];
  readonly snapshot?: MetadataSnapshot | undefined;
}

/** The payload for what is on screen (deterministic: the same inputs give the same payload and short id). */
export function sharePayload(inputs: ShareInputs): string {
  const state: SharedState = {
    files: inputs.files.map((f) => ({ path: f.path, text: f.text })),
    // Lenient parse: the page's own extra fields (indexBase, downloadBase) are dropped, not refused.
    options: parseUserOptions(inputs.options),
    ...(inputs.tab ? { tab: inputs.tab } : {}),
    ...(inputs.snapshot ? { snapshot: inputs.snapshot } : {}),
  };
  return encodeShare(state);
}

export const playgroundLink = (origin: string, payload: string): string => fragmentLink(origin, payload);
export const embedLink = (origin: string, payload: string): string => fragmentLink(origin, payload, { embed: true });
export const playgroundShortLink = (origin: string, id: string): string => shortLink(origin, id);
export const embedShortLink = (origin: string, id: string): string => shortLink(origin, id, { embed: true });

/**
 * Links with a snapshot are offered by default up to this length. RFC 9110 (§4.1) recommends that
 * everything handling URIs supports at least 8000 octets: below that a link pastes intact into
 * chats, issue trackers and mail, so rendering offline and exactly as the sharer saw it costs
 * nothing; past it, whether the longer link is worth it is the user's call.
 */
export const SNAPSHOT_DEFAULT_MAX_CHARS = 8000;

/** Store a payload on our server (`POST /api/share`); resolves to its id. The fragment link never needs this. */
export async function createShortLink(payload: string, origin: string, fetchFn: Fetch = fetch): Promise<string> {
  let response: Response;
  try {
    response = await fetchFn(`${origin}/api/share`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: payload });
  } catch (e) {
    throw new Error(`The server could not be reached (${e instanceof Error ? e.message : String(e)}); the link above works without it.`, {
      cause: e,
    });
  }
  const body = (await response.json().catch(() => ({}))) as { id?: unknown; error?: unknown };
  if (!response.ok || typeof body.id !== 'string' || !SHORT_ID_PATTERN.test(body.id)) {
    const why = typeof body.error === 'string' ? body.error : `the server answered ${response.status}`;
    throw new Error(`No short link: ${why}. The link above works without it.`);
  }
  return body.id;
}

/** The payload, or why there is none (a state too big for any link), for the dialogs to show. */
export function tryPayload(inputs: ShareInputs): { readonly payload: string } | { readonly error: string } {
  try {
    return { payload: sharePayload(inputs) };
  } catch (e) {
    if (e instanceof ShareLinkError) return { error: `No link for this: ${e.message}.` };
    throw e;
  }
}

/** Chromium's longest URL (url/url_constants.h kMaxURLChars); a longer link does not open. */
export const MAX_URL_CHARS = 2 * 1024 * 1024;
