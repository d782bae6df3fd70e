// Share payloads: a SharedState as `<version>.<base64url>` — the schema version in plain sight, so a
// page tells a link from a newer site apart before decoding anything.
//
// API (pure: no DOM, no Node; the site, the worker, the CLI and the edge may all import it)
//   encodeShare(state: SharedState): string
//       The payload for `#s=<payload>`. Deterministic: the same state gives the same payload (so the
//       edge's content-addressed ids match). The snapshot, when present, is compacted (engine-read
//       fields only, sorted). Throws ShareLinkError('oversize') past MAX_INFLATED_BYTES.
//   decodeShare(payload: string, limits?: ShareLimits): SharedState
//       Throws only ShareLinkError, whose `kind` says what is wrong: malformed | truncated | corrupt |
//       oversize | future-schema | bad-field (see errors.ts). Older schema versions are migrated
//       (CURRENT_SCHEMA.migrations; decodeShareWith takes another table).
//   SHARE_SCHEMA_VERSION, MAX_PAYLOAD_CHARS, MAX_INFLATED_BYTES
//
// Version 1 body: base64url( CRC-32 of the JSON, 4 bytes big-endian ‖ raw DEFLATE of the UTF-8 JSON ).
// The checksum (over the inflated JSON) catches a changed link that still inflates; the inflated
// size is capped while inflating, so a small payload cannot expand into gigabytes.
import CRC32 from 'crc-32';
import { deflateSync, Inflate } from 'fflate';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { ShareLinkError } from './errors.ts';
import { compactSnapshot } from './snapshot.ts';
import { sharedStateFromJson, sharedStateToJson, type SharedState } from './state.ts';

export const SHARE_SCHEMA_VERSION = 1;
/** Longest payload decoded at all (characters); Chromium's URL limit is 2 MiB, short links may be longer. */
export const MAX_PAYLOAD_CHARS = 8 * 1024 * 1024;
/** Largest JSON a payload may inflate to. */
export const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

export interface ShareLimits {
  readonly maxPayloadChars?: number;
  readonly maxInflatedBytes?: number;
}

/**
 * How each schema version is read: its body decoder (versions that only changed the JSON share one)
 * and the step that upgrades its decoded JSON to the next version. Version 2 would add
 * `migrations: { 1: (v1) => v2 }` and a decoder entry for 2, and every version-1 link keeps opening.
 */
export interface ShareSchema {
  readonly version: number;
  readonly decoders: Readonly<Record<number, (body: string, limits: Required<ShareLimits>) => unknown>>;
  readonly migrations: Readonly<Record<number, (json: unknown) => unknown>>;
  /** The current version's check of the migrated JSON. */
  readonly check: (json: unknown) => SharedState;
}

const INFLATE_STEP = 4096;

function crc32(bytes: Uint8Array): number {
  return CRC32.buf(bytes) >>> 0;
}

export function encodeShare(state: SharedState): string {
  const json = new TextEncoder().encode(JSON.stringify(sharedStateToJson(state, compactSnapshot)));
  if (json.length > MAX_INFLATED_BYTES) {
    throw new ShareLinkError('oversize', `the state is ${json.length} bytes of JSON; a link carries at most ${MAX_INFLATED_BYTES}`);
  }
  const deflated = deflateSync(json, { level: 9 });
  const body = new Uint8Array(4 + deflated.length);
  new DataView(body.buffer).setUint32(0, crc32(json));
  body.set(deflated, 4);
  return `${SHARE_SCHEMA_VERSION}.${toBase64Url(body)}`;
}

function inflateCapped(deflated: Uint8Array, maxBytes: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) throw new ShareLinkError('oversize', `the link inflates to more than ${maxBytes} bytes`);
    chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    // Fed in small steps so one step's output stays small (deflate expands at most ~1000×) and the
    // cap stops a bomb before it is allocated.
    for (let at = 0; at < deflated.length; at += INFLATE_STEP) {
      inflate.push(deflated.subarray(at, at + INFLATE_STEP), at + INFLATE_STEP >= deflated.length);
    }
    if (deflated.length === 0) inflate.push(deflated, true);
  } catch (e) {
    if (e instanceof ShareLinkError) throw e;
    const code = (e as { code?: unknown }).code;
    if (code === 0) throw new ShareLinkError('truncated', 'the link is cut short (its compressed data ends early)');
    throw new ShareLinkError('corrupt', 'the link is damaged or was changed (its compressed data is invalid)');
  }
  if (!ended) throw new ShareLinkError('truncated', 'the link is cut short (its compressed data ends early)');
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

function decodeBodyV1(body: string, limits: Required<ShareLimits>): unknown {
  const bytes = fromBase64Url(body);
  if (bytes.length < 5) throw new ShareLinkError('truncated', 'the link is cut short (its payload is too short)');
  const expected = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  const json = inflateCapped(bytes.subarray(4), limits.maxInflatedBytes);
  if (crc32(json) !== expected) throw new ShareLinkError('corrupt', 'the link is damaged or was changed (its checksum does not match)');
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)) as unknown;
  } catch {
    throw new ShareLinkError('corrupt', 'the link is damaged (its content is not JSON)');
  }
}

export const CURRENT_SCHEMA: ShareSchema = {
  version: SHARE_SCHEMA_VERSION,
  decoders: { 1: decodeBodyV1 },
  migrations: {},
  check: sharedStateFromJson,
};

export function decodeShare(payload: string, limits: ShareLimits = {}): SharedState {
  return decodeShareWith(CURRENT_SCHEMA, payload, limits);
}

/** decodeShare under a given schema table (tests give it a future one to check the migration path). */
export function decodeShareWith(schema: ShareSchema, payload: string, limits: ShareLimits = {}): SharedState {
  const caps: Required<ShareLimits> = {
    maxPayloadChars: limits.maxPayloadChars ?? MAX_PAYLOAD_CHARS,
    maxInflatedBytes: limits.maxInflatedBytes ?? MAX_INFLATED_BYTES,
  };
  if (typeof payload !== 'string' || payload === '') throw new ShareLinkError('malformed', 'the link carries no shared state');
  if (payload.length > caps.maxPayloadChars) {
    throw new ShareLinkError('oversize', `the link's payload is ${payload.length} characters; at most ${caps.maxPayloadChars} are read`);
  }
  const match = /^([1-9][0-9]{0,5})\.(.*)$/s.exec(payload);
  if (!match) throw new ShareLinkError('malformed', 'the link is not a playground share link (no schema version)');
  const version = Number(match[1]);
  if (version > schema.version) {
    throw new ShareLinkError(
      'future-schema',
      `the link was made by a newer version of the playground (schema ${version}; this page reads up to ${schema.version}); reload the page`,
    );
  }
  const decodeBody = schema.decoders[version];
  if (!decodeBody) throw new ShareLinkError('malformed', `the link names schema ${version}, which never existed`);
  let json = decodeBody(match[2]!, caps);
  for (let v = version; v < schema.version; v++) {
    const migrate = schema.migrations[v];
    if (!migrate) throw new ShareLinkError('malformed', `links of schema ${v} can no longer be read`);
    try {
      json = migrate(json);
    } catch (e) {
      if (e instanceof ShareLinkError) throw e;
      throw new ShareLinkError('bad-field', `the link (schema ${v}) could not be upgraded: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return schema.check(json);
}
