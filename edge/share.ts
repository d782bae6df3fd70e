// Short links: `POST /api/share` stores a share payload (the `#s=` text, worker/share/codec.ts) under
// a content-addressed id, `GET /api/share/<id>` gives it back, and the site opens `<origin>/s/<id>`.
//
// - The id is the first 128 bits of the payload's SHA-256, in hex: the same payload always gets the
//   same id, a stored payload is never overwritten, and an id says nothing about who made it.
// - Only payloads are stored: `<version>.<base64url>`, at most SHARE_MAX_BYTES. The edge does not
//   inflate or parse them (CPU per request is tight on Workers); the page decodes with its own caps.
// - Storage is Workers KV (binding SHARES). Locally (npm start, tests) miniflare keeps it on disk, so
//   links made against the local site survive a restart; `wrangler deploy` provisions the namespace.
// - Stored payloads are immutable, so GET answers may be cached by anyone for a year.
import { PAYLOAD_PATTERN, SHORT_ID_PATTERN } from '../worker/share/link.ts';
import type { EdgeConfig } from './config.ts';
import { EdgeError, jsonResponse } from './errors.ts';

export const SHARE_PATH = '/api/share';

export interface ShareBindings {
  readonly SHARES?: KVNamespace;
}

export async function shareId(payload: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(payload)));
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The body as text, refused past `cap` bytes whether or not Content-Length says so (and never read further). */
async function readPayload(request: Request, cap: number): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > cap) throw new EdgeError(413, `share payload over ${cap} bytes`);
  if (request.body === null) throw new EdgeError(400, 'POST the share payload (the text after #s=) as the body');
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel();
      throw new EdgeError(413, `share payload over ${cap} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  // Payloads are ASCII; anything else is not one, so the decoder may be lenient.
  return new TextDecoder().decode(bytes).trim();
}

function store(bindings: ShareBindings): KVNamespace {
  if (!bindings.SHARES) throw new EdgeError(502, 'short links are not set up on this deployment (no SHARES KV binding)');
  return bindings.SHARES;
}

async function createShare(request: Request, config: EdgeConfig, kv: KVNamespace): Promise<Response> {
  const payload = await readPayload(request, config.share.maxBytes);
  if (!PAYLOAD_PATTERN.test(payload)) throw new EdgeError(400, 'the body is not a share payload (`<version>.<base64url>`, the text after #s=)');
  const id = await shareId(payload);
  const existing = await kv.get(id);
  if (existing !== null && existing !== payload) throw new EdgeError(502, `id ${id} already holds another payload`);
  if (existing === null) await kv.put(id, payload);
  const url = `${new URL(request.url).origin}/s/${id}`;
  return jsonResponse(existing === null ? 201 : 200, { id, url });
}

async function readShare(id: string, method: string, kv: KVNamespace): Promise<Response> {
  if (!SHORT_ID_PATTERN.test(id)) throw new EdgeError(400, `not a short-link id: ${JSON.stringify(id.slice(0, 80))} (32 hex digits)`);
  const payload = await kv.get(id);
  if (payload === null) throw new EdgeError(404, `no shared state with id ${id}`);
  return new Response(method === 'HEAD' ? null : payload, {
    status: 200,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      // Content-addressed and never overwritten: the answer for an id never changes.
      'cache-control': 'public, max-age=31536000, immutable',
      etag: `"${id}"`,
    },
  });
}

/** `/api/share` and `/api/share/<id>`; anything else under the prefix is a 404. */
export async function handleShare(request: Request, config: EdgeConfig, bindings: ShareBindings): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (path === SHARE_PATH) {
    if (request.method !== 'POST') throw new EdgeError(405, 'share takes POST with the payload as the body', { allow: 'POST' });
    return createShare(request, config, store(bindings));
  }
  if (!path.startsWith(`${SHARE_PATH}/`)) throw new EdgeError(404, `no such endpoint: ${path}`);
  if (request.method !== 'GET' && request.method !== 'HEAD') throw new EdgeError(405, 'a shared state takes GET', { allow: 'GET, HEAD' });
  return readShare(path.slice(SHARE_PATH.length + 1), request.method, store(bindings));
}
