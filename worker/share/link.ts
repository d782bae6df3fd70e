// Where a payload goes in a URL: `<base>/#s=<payload>` (the playground), `<base>/embed#s=<payload>`
// (the embed page), `<base>/s/<id>` and `<base>/embed/s/<id>` (short links stored by the edge).
// The fragment never reaches a server, which is what makes fragment links private and rot-free.

/** The CLI's default `--base`: the local site of `npm start`. Links for a deployed site pass `--base <origin>`. */
export const DEFAULT_SHARE_BASE = 'http://127.0.0.1:5173';

export interface LinkOptions {
  /** The embed page instead of the playground. */
  readonly embed?: boolean;
}

function trimBase(base: string): string {
  return base.replace(/\/+$/, '');
}

export function fragmentLink(base: string, payload: string, { embed = false }: LinkOptions = {}): string {
  return `${trimBase(base)}/${embed ? 'embed' : ''}#s=${payload}`;
}

export function shortLink(base: string, id: string, { embed = false }: LinkOptions = {}): string {
  return `${trimBase(base)}/${embed ? 'embed/' : ''}s/${id}`;
}

/** The payload of a `#s=` fragment (with or without the `#`; other `&key=value` parts ignored), or null. */
export function payloadFromFragment(hash: string): string | null {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of text.split('&')) if (part.startsWith('s=')) return part.slice(2);
  return null;
}

/** What a payload looks like before decoding (the schema version, a dot, base64url); the edge stores nothing else. */
export const PAYLOAD_PATTERN = /^[1-9][0-9]{0,5}\.[A-Za-z0-9_-]+$/;

/** A short link's id: the first 128 bits of the payload's SHA-256 in hex (edge/share.ts); checked before asking the edge. */
export const SHORT_ID_PATTERN = /^[0-9a-f]{32}$/;
