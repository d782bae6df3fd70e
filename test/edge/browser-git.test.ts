// isomorphic-git in Debian's chromium through the real edge function: a module Web Worker uses the
// git source with `corsProxy: '<edge>/api/git'` (the layout isomorphic-git produces) against git
// http-backend on 127.0.0.1 — once from a page the edge serves itself (same origin), once from a
// page on another loopback port (CORS with preflight, as in local development).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { startEdge, type EdgeServer } from '../support/edge.ts';
import { git, serveBundle, startGitServer, type GitServer } from '../support/git-server.ts';
import { FIXTURES } from '../support/golden.ts';
import { buildWorkerBundle, type WorkerBundle } from '../support/worker-bundle.ts';
import { serveStatic, type StaticServer } from '../support/static-server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const URL_IN_LOCK = 'https://git.example.org/gitdep';

const ENTRY = `
import { GitSource } from ${JSON.stringify(join(ROOT, 'worker/metadata/git/git-source.ts'))};
import { packageId } from ${JSON.stringify(join(ROOT, 'worker/core/package-id.ts'))};
import { parseSourceId } from ${JSON.stringify(join(ROOT, 'worker/core/source-id.ts'))};
self.onmessage = async ({ data: { corsProxy, url, commit } }) => {
  try {
    const requests = [];
    const source = new GitSource({ corsProxy, onRequest: (u) => requests.push(u) });
    const manifest = await source.gitManifest(packageId('gitdep', '0.4.0', parseSourceId('git+' + url + '?branch=main#' + commit)));
    self.postMessage({ manifest, requests });
  } catch (e) {
    self.postMessage({ error: String((e && e.stack) || e) });
  }
};
`;

let bundle: WorkerBundle | undefined;
let browser: Browser;
let server: GitServer;
let edge: EdgeServer;
let otherSite: StaticServer;

beforeAll(async () => {
  bundle = await buildWorkerBundle(ENTRY, 'git through the edge');
  [browser, server] = await Promise.all([launchBrowser(), startGitServer()]);
  serveBundle(server, 'gitdep', join(FIXTURES, 'debian', 'registry', 'git', 'gitdep.bundle'));
  [edge, otherSite] = await Promise.all([
    startEdge({
      assetsDir: bundle.out,
      vars: { GIT_EXTRA_HOSTS: 'git.example.org', GIT_UPSTREAMS: JSON.stringify({ 'git.example.org': server.origin }) },
    }),
    serveStatic(bundle.out),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await edge?.close();
  await otherSite?.close();
  await server?.close();
  bundle?.remove();
});

async function fetchInWorker(pageOrigin: string): Promise<{ manifest?: string; requests?: string[]; error?: string }> {
  const commit = git(join(server.root, 'gitdep'), 'rev-parse', 'HEAD');
  const page = await browser.newPage();
  try {
    await page.goto(`${pageOrigin}/`);
    return (await page.evaluate(
      (data) =>
        new Promise((resolve, reject) => {
          const worker = new Worker('/worker.js', { type: 'module' });
          worker.onmessage = (e) => resolve(e.data);
          worker.onerror = (e) => reject(new Error(e.message));
          worker.postMessage(data);
        }),
      { corsProxy: `${edge.url}/api/git`, url: URL_IN_LOCK, commit },
    )) as { manifest?: string; requests?: string[]; error?: string };
  } finally {
    await page.close();
  }
}

const MANIFEST = () => readFileSync(join(FIXTURES, 'debian', 'registry', 'git', 'gitdep@0.4.0', 'Cargo.toml'), 'utf8');

it('fetches a locked commit through the edge from a page it serves (same origin)', async () => {
  const before = server.requests.length;
  const result = await fetchInWorker(edge.url);
  expect(result.error).toBeUndefined();
  expect(result.manifest).toBe(MANIFEST());
  expect(new Set(result.requests!.map((u) => new URL(u).pathname))).toEqual(
    new Set(['/api/git/git.example.org/gitdep/info/refs', '/api/git/git.example.org/gitdep/git-upload-pack']),
  );
  expect(server.requests.length).toBeGreaterThan(before);
});

it('fetches through the edge from a page on another loopback port (CORS)', async () => {
  const result = await fetchInWorker(otherSite.url);
  expect(result.error).toBeUndefined();
  expect(result.manifest).toBe(MANIFEST());
});
