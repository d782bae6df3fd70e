// The one error a share link can fail with: a kind the page can branch on (which message, which
// fallback) and a sentence for the user. Decoding never throws anything else.

export type ShareErrorKind =
  /** Not a share payload at all (no `<version>.` prefix, characters outside base64url). */
  | 'malformed'
  /** The payload stops early: the link was cut (a chat client, a length limit). */
  | 'truncated'
  /** The payload decodes but its checksum or compressed stream is wrong: changed or damaged. */
  | 'corrupt'
  /** Bigger than a link may be, before or after inflating (the zip-bomb guard). */
  | 'oversize'
  /** Made by a newer version of the site than this one. */
  | 'future-schema'
  /** Decodes, but a field has the wrong shape; the message names the field. */
  | 'bad-field'
  /** A short link's id the server does not know (for the site's `/s/<id>` and `/api/share/<id>`). */
  | 'unknown-id';

export class ShareLinkError extends Error {
  constructor(
    readonly kind: ShareErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ShareLinkError';
  }
}
