// The edge function under workerd (miniflare), driven over HTTP on 127.0.0.1 against a fake git
// host. Every safety rule has a case here that lets the request through if the rule is removed:
// dangerous hosts are put on the allowlist and mapped to the fake, which records whether anything
// reached it.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdge, type EdgeServer } from '../support/edge.ts';
import { readBody, startFakeUpstream, type FakeUpstream } from '../support/edge-upstream.ts';

const ADVERTISEMENT = '001e# service=git-upload-pack\n0000003f' + 'a'.repeat(40) + ' HEAD\n0000';
const INFO_REFS = '/info/refs?service=git-upload-pack';

let upstream: FakeUpstream;
/** Sizes of the upload-pack request bodies the fake host received whole. */
const uploads: number[] = [];
let foreign: FakeUpstream;
/** Resolved by the streaming test once the client holds the first response chunk. */
let releaseStreamedResponse: () => void = () => {};

beforeAll(async () => {
  foreign = await startFakeUpstream((_req, res) => res.end('foreign'));
  upstream = await startFakeUpstream((req, res) => {
    const path = req.url ?? '';
    if (path.startsWith('/owner/repo.git/info/refs')) {
      res.writeHead(200, { 'content-type': 'application/x-git-upload-pack-advertisement', 'set-cookie': 'secret=1' });
      res.end(ADVERTISEMENT);
    } else if (path === '/owner/repo.git/git-upload-pack') {
      readBody(req).then(
        (body) => {
          uploads.push(body.length);
          res.writeHead(200, { 'content-type': 'application/x-git-upload-pack-result' });
          res.end(Buffer.concat([Buffer.from('got:'), body]));
        },
        () => {}, // the edge cut the request off
      );
    } else if (path.startsWith('/stream/repo/info/refs')) {
      res.writeHead(200, { 'content-type': 'application/x-git-upload-pack-advertisement' });
      res.write('first;');
      new Promise<void>((resolve) => (releaseStreamedResponse = resolve)).then(() => res.end('second'));
    } else if (path === '/stream/repo/git-upload-pack') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => {
        chunks.push(c);
        // The edge forwarded part of the body before the client finished sending it.
        if (chunks.length === 1) streamedRequestFirstChunk(c.toString());
      });
      req.on('end', () => res.end(`whole:${Buffer.concat(chunks).toString()}`));
    } else if (path.startsWith('/slow/')) {
      // Never answers: the edge's deadline must.
    } else if (path.startsWith('/big-declared/')) {
      res.writeHead(200, { 'content-length': '5000' });
      res.end('x'.repeat(5000));
    } else if (path.startsWith('/big-chunked/')) {
      res.writeHead(200, { 'content-type': 'application/x-git-upload-pack-advertisement' });
      for (let i = 0; i < 10; i++) res.write('y'.repeat(500));
      res.end();
    } else if (path.startsWith('/moved-here/')) {
      res.writeHead(301, { location: '/owner/repo.git/info/refs?service=git-upload-pack' }).end();
    } else if (path.startsWith('/moved-away/')) {
      res.writeHead(302, { location: `${foreign.url}/owner/repo.git/info/refs?service=git-upload-pack` }).end();
    } else if (path.startsWith('/broken/')) {
      res.writeHead(500).end('boom');
    } else {
      res.writeHead(404).end('no such repo');
    }
  });
});

afterAll(async () => {
  await upstream?.close();
  await foreign?.close();
});

let streamedRequestFirstChunk: (chunk: string) => void = () => {};

/** Hosts an operator might (wrongly) list, each mapped to the fake so only the safety rules stand between. */
const DANGEROUS = [
  '127.0.0.1',
  '10.0.0.1',
  '169.254.169.254',
  '[::1]',
  '[::ffff:127.0.0.1]',
  'localhost',
  'foo.localhost',
  'metadata.google.internal',
];

function edgeVars(extra: Record<string, string> = {}): Record<string, string> {
  const hosts = ['github.com', 'git.example.org', ...DANGEROUS];
  return {
    GIT_EXTRA_HOSTS: ['git.example.org', ...DANGEROUS].join(','),
    GIT_UPSTREAMS: JSON.stringify(Object.fromEntries(hosts.map((h) => [new URL(`http://${h}/`).hostname, upstream.url]))),
    MAX_REQUEST_BYTES: '1000',
    MAX_RESPONSE_BYTES: '1000',
    UPSTREAM_TIMEOUT_MS: '300',
    ...extra,
  };
}

/** A request with its path sent byte for byte (fetch would normalise "..", which is what the edge must survive). */
function rawGet(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function expectRefused(response: Response | { status: number; body: string }, status: number, message: RegExp): Promise<void> {
  const text = response instanceof Response ? await response.text() : response.body;
  expect({ status: response.status, text }).toMatchObject({ status });
  const body = JSON.parse(text) as { error: string };
  expect(body.error).toMatch(message);
}

describe('edge function', () => {
  let edge: EdgeServer;
  beforeAll(async () => {
    edge = await startEdge({ vars: edgeVars() });
  });
  afterAll(() => edge?.close());

  it('answers /api/health with ok and the version', async () => {
    const res = await fetch(`${edge.url}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('proxies info/refs to the host and passes back only git headers', async () => {
    const before = upstream.requests.length;
    const res = await fetch(`${edge.url}/api/git/github.com/owner/repo.git${INFO_REFS}`, { headers: { 'git-protocol': 'version=2', cookie: 'c=1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-git-upload-pack-advertisement');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toBe(ADVERTISEMENT);
    const sent = upstream.requests.slice(before);
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`GET /owner/repo.git${INFO_REFS}`]);
    expect(sent[0]!.headers['git-protocol']).toBe('version=2');
    expect(sent[0]!.headers.cookie).toBeUndefined();
    expect(sent[0]!.headers['user-agent']).toMatch(/^git\//);
  });

  it('proxies a git-upload-pack POST with its body', async () => {
    const res = await fetch(`${edge.url}/api/git/github.com/owner/repo.git/git-upload-pack`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-git-upload-pack-request' },
      body: '0032want ' + 'b'.repeat(40) + '\n00000009done\n',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('got:0032want ' + 'b'.repeat(40) + '\n00000009done\n');
  });

  it('streams the response: the first chunk arrives before the upstream finishes', async () => {
    const res = await fetch(`${edge.url}/api/git/github.com/stream/repo${INFO_REFS}`);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('first;')) {
      const { value, done } = await reader.read();
      if (done) throw new Error('ended before the first chunk');
      text += decoder.decode(value, { stream: true });
    }
    releaseStreamedResponse(); // only now may the upstream finish; a buffering proxy would never get here
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value, { stream: true });
    expect(text).toBe('first;second');
  });

  it('streams the request: the upstream sees the first chunk before the client sends the rest', async () => {
    const firstArrived = new Promise<string>((resolve) => (streamedRequestFirstChunk = resolve));
    const encoder = new TextEncoder();
    let step = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (step++ === 0) return controller.enqueue(encoder.encode('one;'));
        expect(await firstArrived).toBe('one;');
        controller.enqueue(encoder.encode('two'));
        controller.close();
      },
    });
    const res = await fetch(`${edge.url}/api/git/github.com/stream/repo/git-upload-pack`, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(await res.text()).toBe('whole:one;two');
  });

  it('refuses hosts that are not on the allowlist', async () => {
    const before = upstream.requests.length;
    await expectRefused(await fetch(`${edge.url}/api/git/evil.example.com/owner/repo.git${INFO_REFS}`), 403, /host not allowed/);
    expect(upstream.requests.length).toBe(before);
  });

  it('serves extra hosts from the wrangler var', async () => {
    const res = await fetch(`${edge.url}/api/git/git.example.org/owner/repo.git${INFO_REFS}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(ADVERTISEMENT);
  });

  it.each([
    ['127.0.0.1', /IP addresses/],
    ['10.0.0.1', /IP addresses/],
    ['169.254.169.254', /IP addresses/],
    ['2130706433', /IP addresses/],
    ['0177.0.0.1', /IP addresses/],
    ['0x7f.0.0.1', /IP addresses/],
    ['0x7f000001', /IP addresses/],
    ['127.1', /IP addresses/],
    ['127.0.0.1.', /IP addresses/],
    ['[::1]', /IP addresses/],
    ['[::ffff:127.0.0.1]', /IP addresses/],
    ['[0:0:0:0:0:ffff:7f00:1]', /IP addresses/],
    ['%31%32%37.0.0.1', /IP addresses/],
    ['localhost', /local or metadata/],
    ['LOCALHOST', /local or metadata/],
    ['localhost.', /local or metadata/],
    ['foo.localhost', /local or metadata/],
    ['metadata.google.internal', /local or metadata/],
    ['github.com.', /host not allowed/],
    ['user@github.com', /credentials/],
    ['github.com:8080', /ports are not allowed/],
    ['github.com:', /ports are not allowed/],
  ])('refuses the host %s (even when an operator lists it)', async (host, message) => {
    const before = upstream.requests.length;
    const res = await rawGet(edge.url, `/api/git/${host}/owner/repo.git${INFO_REFS}`);
    await expectRefused(res, 403, message);
    expect(upstream.requests.length).toBe(before);
  });

  it.each([
    '/api/git/github.com/../127.0.0.1/owner/repo.git/info/refs?service=git-upload-pack',
    '/api/git/github.com/%2e%2e/127.0.0.1/owner/repo.git/info/refs?service=git-upload-pack',
    '/api/git/github.com/.%2E/localhost/owner/repo.git/info/refs?service=git-upload-pack',
    '/api/git/github.com\\..\\127.0.0.1/owner/repo.git/info/refs?service=git-upload-pack',
  ])('a traversal out of the host segment meets the host rules: %s', async (path) => {
    // The URL parser (in workerd and in every client) resolves dot segments before the edge sees the path.
    const before = upstream.requests.length;
    await expectRefused(await rawGet(edge.url, path), 403, /IP addresses|local or metadata/);
    expect(upstream.requests.length).toBe(before);
  });

  it.each([
    '/api/git/github.com/owner/..%2frepo.git/info/refs?service=git-upload-pack',
    '/api/git/github.com/owner%2f..%2f..%2fx/info/refs?service=git-upload-pack',
    '/api/git/github.com/owner/%5c..%5cx/info/refs?service=git-upload-pack',
    '/api/git/github.com/owner/re%00po/info/refs?service=git-upload-pack',
    '/api/git/github.com/.hidden/repo/info/refs?service=git-upload-pack',
    '/api/git/github.com//owner/repo.git/info/refs?service=git-upload-pack',
  ])('refuses encoded separators and odd segments: %s', async (path) => {
    const before = upstream.requests.length;
    await expectRefused(await rawGet(edge.url, path), 403, /path not allowed/);
    expect(upstream.requests.length).toBe(before);
  });

  it('never proxies git-receive-pack, as a service or as a path', async () => {
    const before = upstream.requests.length;
    await expectRefused(await fetch(`${edge.url}/api/git/github.com/owner/repo.git/info/refs?service=git-receive-pack`), 403, /service not allowed/);
    await expectRefused(
      await fetch(`${edge.url}/api/git/github.com/owner/repo.git/git-receive-pack`, { method: 'POST', body: '0000' }),
      403,
      /receive-pack/,
    );
    expect(upstream.requests.length).toBe(before);
  });

  it('refuses other paths, the dumb protocol and wrong methods', async () => {
    const before = upstream.requests.length;
    await expectRefused(await fetch(`${edge.url}/api/git/github.com/owner/repo.git/HEAD`), 403, /path not allowed/);
    await expectRefused(await fetch(`${edge.url}/api/git/github.com/owner/repo.git/objects/info/packs`), 403, /path not allowed/);
    await expectRefused(await fetch(`${edge.url}/api/git/github.com/owner/repo.git/info/refs`), 400, /service=git-upload-pack/);
    await expectRefused(await fetch(`${edge.url}/api/git/github.com/owner/repo.git/git-upload-pack`), 405, /POST/);
    await expectRefused(await fetch(`${edge.url}/api/git/github.com/info/refs?service=git-upload-pack`), 400, /repository/);
    await expectRefused(await fetch(`${edge.url}/api/elsewhere`), 404, /no such endpoint/);
    expect(upstream.requests.length).toBe(before);
  });

  it('follows a redirect on the same host but not one to another host', async () => {
    const res = await fetch(`${edge.url}/api/git/github.com/moved-here/repo.git${INFO_REFS}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(ADVERTISEMENT);
    const foreignBefore = foreign.requests.length;
    await expectRefused(await fetch(`${edge.url}/api/git/github.com/moved-away/repo.git${INFO_REFS}`), 502, /another host/);
    expect(foreign.requests.length).toBe(foreignBefore);
  });

  it('refuses a request body over the cap, declared or streamed', async () => {
    const before = upstream.requests.length;
    const url = `${edge.url}/api/git/github.com/owner/repo.git/git-upload-pack`;
    // `connection: close`: the refused body leaves its connection unusable; a pooled one would fail the next request.
    await expectRefused(await fetch(url, { method: 'POST', body: 'z'.repeat(1001), headers: { connection: 'close' } }), 413, /request body/);
    expect(upstream.requests.length).toBe(before);
    const chunk = new TextEncoder().encode('z'.repeat(400));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 5) controller.enqueue(chunk);
        else controller.close();
      },
    });
    await expectRefused(
      await fetch(url, { method: 'POST', body, duplex: 'half', headers: { connection: 'close' } } as RequestInit),
      413,
      /request body/,
    );
    // The host never received a truncated request as if it were whole.
    expect(uploads.filter((n) => n > 0 && n < 2000 && n % 400 === 0)).toEqual([]);
  });

  it('refuses or cuts an upstream response over the cap', async () => {
    await expectRefused(await fetch(`${edge.url}/api/git/github.com/big-declared/repo${INFO_REFS}`), 413, /upstream response/);
    const res = await fetch(`${edge.url}/api/git/github.com/big-chunked/repo${INFO_REFS}`);
    const got = await res.arrayBuffer().then(
      (b) => b.byteLength,
      () => 'failed' as const,
    );
    // The status is already sent when the cap is crossed, so the body stops short (or fails) instead.
    expect(got === 'failed' || got <= 1000).toBe(true);
  });

  it('answers 504 when the upstream does not answer in time', async () => {
    const arrived = upstream.nextRequest();
    const res = await fetch(`${edge.url}/api/git/github.com/slow/repo${INFO_REFS}`);
    expect((await arrived).url).toBe(`/slow/repo${INFO_REFS}`);
    await expectRefused(res, 504, /did not answer within 300 ms/);
  });

  it('answers 502 when the upstream fails', async () => {
    await expectRefused(await fetch(`${edge.url}/api/git/github.com/broken/repo${INFO_REFS}`), 502, /answered 500/);
  });

  it('gives CORS headers to its own origin and loopback pages, and refuses other origins', async () => {
    const url = `${edge.url}/api/git/github.com/owner/repo.git${INFO_REFS}`;
    const own = await fetch(url, { headers: { origin: edge.url } });
    expect(own.headers.get('access-control-allow-origin')).toBe(edge.url);
    const dev = await fetch(url, { headers: { origin: 'http://127.0.0.1:5173' } });
    expect(dev.status).toBe(200);
    expect(dev.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    const preflight = await fetch(url, { method: 'OPTIONS', headers: { origin: edge.url, 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/git-protocol/);
    const before = upstream.requests.length;
    const evil = await fetch(url, { headers: { origin: 'https://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    await expectRefused(evil, 403, /origin not allowed/);
    expect(upstream.requests.length).toBe(before);
  });
});

describe('edge function rate limit', () => {
  let edge: EdgeServer;
  beforeAll(async () => {
    edge = await startEdge({ vars: edgeVars({ RATE_LIMIT_REQUESTS: '3', RATE_LIMIT_WINDOW_MS: '3600000' }) });
  });
  afterAll(() => edge?.close());

  it('answers 429 with Retry-After once a client spends its budget', async () => {
    const url = `${edge.url}/api/git/github.com/owner/repo.git${INFO_REFS}`;
    for (let i = 0; i < 3; i++) expect((await fetch(url)).status).toBe(200);
    const before = upstream.requests.length;
    const limited = await fetch(url);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectRefused(limited, 429, /rate limited/);
    expect(upstream.requests.length).toBe(before);
    expect((await fetch(`${edge.url}/api/health`)).status).toBe(200);
  });
});
