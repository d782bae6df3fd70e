// Short links under workerd (miniflare) with wrangler.jsonc's SHARES KV binding: stored under the
// payload's SHA-256, same content same id, never overwritten, capped, refused when malformed, 404
// for an unknown id, and still there after the edge restarts on the same persisted state.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_USER_OPTIONS } from '../../worker/options/user-options.ts';
import { decodeShare, encodeShare, SHORT_ID_PATTERN, type SharedState } from '../../worker/share/index.ts';
import { startEdge, type EdgeServer } from '../support/edge.ts';

const CAP = 4096;
const state: SharedState = {
  files: [
    { path: 'Cargo.toml', text: '[package]\nname = "shared"\nversion = "0.1.0"\n' },
    { path: 'src/main.rs', text: '' },
  ],
  options: { ...DEFAULT_USER_OPTIONS, release: false },
  tab: { kind: 'output', id: 'cargo2nix/flake.nix' },
};
const payload = encodeShare(state);

interface Created {
  readonly status: number;
  readonly json: { id?: string; url?: string; error?: string };
}

// A fresh connection each time: a body the edge refuses unread leaves its connection unusable for the next request.
async function post(edge: EdgeServer, body: BodyInit): Promise<Created> {
  const response = await fetch(`${edge.url}/api/share`, { method: 'POST', body, headers: { 'content-type': 'text/plain', connection: 'close' } });
  return { status: response.status, json: (await response.json()) as Created['json'] };
}

const expectedId = (p: string) => createHash('sha256').update(p).digest('hex').slice(0, 32);

let edge: EdgeServer;
beforeAll(async () => {
  edge = await startEdge({ vars: { SHARE_MAX_BYTES: String(CAP) } });
});
afterAll(() => edge.close());

describe('POST /api/share and GET /api/share/<id>', () => {
  it('stores a payload under its SHA-256 and gives it back, cacheable for good', async () => {
    const created = await post(edge, payload);
    expect(created.status).toBe(201);
    expect(created.json.id).toBe(expectedId(payload));
    expect(created.json.id).toMatch(SHORT_ID_PATTERN);
    expect(created.json.url).toBe(`${edge.url}/s/${created.json.id}`);
    const response = await fetch(`${edge.url}/api/share/${created.json.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await response.text();
    expect(text).toBe(payload);
    expect(decodeShare(text)).toEqual(state);
  });

  it('gives the same content the same id (200, not created again), other content another', async () => {
    const other = encodeShare({ ...state, options: DEFAULT_USER_OPTIONS });
    const first = await post(edge, other);
    const again = await post(edge, other);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);
    expect(first.json.id).not.toBe(expectedId(payload));
  });

  it('refuses a payload over SHARE_MAX_BYTES, declared or streamed, and stores nothing', async () => {
    const big = `1.${'A'.repeat(CAP)}`;
    const declared = await post(edge, big);
    expect(declared.status).toBe(413);
    expect(declared.json.error).toContain(`over ${CAP} bytes`);
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.slice(i, i + 1000));
        controller.close();
      },
    });
    const response = await fetch(`${edge.url}/api/share`, {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { connection: 'close' },
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await fetch(`${edge.url}/api/share/${expectedId(big)}`)).status).toBe(404);
    // Just under the cap is fine.
    expect((await post(edge, `1.${'A'.repeat(CAP - 2)}`)).status).toBe(201);
  });

  it('refuses a body that is not a payload', async () => {
    for (const body of ['', 'hello world', '1.abc=', '{"files":[]}', 'x.abc', `1.${payload.slice(2)}#more`]) {
      const answer = await post(edge, body);
      expect(answer.status, body).toBe(400);
      expect(answer.json.error, body).toMatch(/share payload/);
    }
  });

  it('answers 404 JSON for an unknown id and 400 for a malformed one', async () => {
    const unknown = await fetch(`${edge.url}/api/share/${'0'.repeat(32)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/json');
    expect(((await unknown.json()) as { error: string }).error).toContain('no shared state');
    const malformed = await fetch(`${edge.url}/api/share/..%2f..%2fsecret`);
    expect(malformed.status).toBe(400);
  });

  it('takes POST to create and GET to read', async () => {
    const get = await fetch(`${edge.url}/api/share`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const put = await fetch(`${edge.url}/api/share/${expectedId(payload)}`, { method: 'PUT', body: payload });
    expect(put.status).toBe(405);
  });

  it('stores nothing for a page on another site (CORS is for the site only), and answers the site with CORS headers', async () => {
    const foreignPayload = encodeShare({ ...state, files: [] });
    const foreign = await fetch(`${edge.url}/api/share`, { method: 'POST', body: foreignPayload, headers: { origin: 'https://elsewhere.example' } });
    expect(foreign.status).toBe(403);
    expect((await fetch(`${edge.url}/api/share/${expectedId(foreignPayload)}`)).status).toBe(404);
    const own = await fetch(`${edge.url}/api/share`, { method: 'POST', body: foreignPayload, headers: { origin: edge.url } });
    expect(own.status).toBe(201);
    expect(own.headers.get('access-control-allow-origin')).toBe(edge.url);
  });

  it('is rate limited like the git proxy', async () => {
    const limited = await startEdge({ vars: { RATE_LIMIT_REQUESTS: '2' } });
    try {
      expect((await post(limited, payload)).status).toBe(201);
      expect((await fetch(`${limited.url}/api/share/${expectedId(payload)}`)).status).toBe(200);
      const third = await fetch(`${limited.url}/api/share/${expectedId(payload)}`);
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await limited.close();
    }
  });
});

describe('persisted short links', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'share-kv-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('survive an edge restart with the same persisted state (and only with it)', async () => {
    const dir = tempDir();
    const first = await startEdge({ persistDir: dir });
    let id: string | undefined;
    try {
      id = (await post(first, payload)).json.id;
    } finally {
      await first.close();
    }
    const restarted = await startEdge({ persistDir: dir });
    try {
      const response = await fetch(`${restarted.url}/api/share/${id}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(payload);
    } finally {
      await restarted.close();
    }
    const elsewhere = await startEdge({ persistDir: tempDir() });
    try {
      expect((await fetch(`${elsewhere.url}/api/share/${id}`)).status).toBe(404);
    } finally {
      await elsewhere.close();
    }
  });
});
