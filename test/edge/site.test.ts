// The built site and the edge as Cloudflare serves them (wrangler.jsonc's assets settings under
// workerd): files with their types, the SPA fallback for other paths, and /api/* always answered
// by the Worker — never by index.html.
import { get } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEdge, type EdgeServer } from '../support/edge.ts';
import { buildSite } from '../support/site.ts';

let edge: EdgeServer;

/**
 * A load from the address bar or a link, as a browser sends it (the SPA fallback is for these).
 * node:http rather than fetch, which replaces Sec-Fetch-Mode with its own "cors".
 */
function navigate(path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    get(`${edge.url}${path}`, { headers: { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document', accept: 'text/html' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks).toString() }),
      );
    }).on('error', reject);
  });
}

beforeAll(async () => {
  edge = await startEdge({ assetsDir: await buildSite() });
});

afterAll(() => edge?.close());

it('serves the page, its files and examples with their content types', async () => {
  const index = await fetch(`${edge.url}/`);
  expect(index.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await index.text();
  const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeDefined();
  const js = await fetch(new URL(script!, edge.url));
  expect(js.status).toBe(200);
  expect(js.headers.get('content-type')).toMatch(/javascript/);
  const example = await fetch(`${edge.url}/examples/hello-world.json`);
  expect(example.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(((await example.json()) as { files: object }).files)).toContain('Cargo.lock');
});

it('falls back to index.html for other paths (single-page application)', async () => {
  const res = await navigate('/some/deep/link');
  expect(res.status).toBe(200);
  expect(res.body).toBe(await (await fetch(`${edge.url}/`)).text());
});

it('answers /api/* from the Worker, JSON even for navigations and unknown endpoints', async () => {
  const health = await navigate('/api/health');
  expect(health.type).toMatch(/^application\/json/);
  expect(JSON.parse(health.body)).toMatchObject({ ok: true });
  const missing = await navigate('/api/nothing-here');
  expect(missing.status).toBe(404);
  expect(JSON.parse(missing.body)).toEqual({ error: expect.stringMatching(/no such endpoint/) });
});
