// The git source where the site runs it: a module Web Worker in Debian's
// chromium (no Node Buffer: the `buffer` package stands in), fetching
// cross-origin through a `corsProxy` in the edge function's layout
// (`<proxy>/<host>/<path>`) from git http-backend on 127.0.0.1: gitdep's
// manifest as the bundle holds it, and the commit tree's Nix hash equal to
// what real Nix computes for a plain checkout.
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { git, serveBundle, startGitServer, type GitServer } from '../support/git-server.ts';
import { FIXTURES } from '../support/golden.ts';
import { buildWorkerBundle, type WorkerBundle } from '../support/worker-bundle.ts';
import { serveStatic, type StaticServer } from '../support/static-server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const exec = promisify(execFile);
const GITDEP = 'https://git.example.org/gitdep';

const ENTRY = `
import { GitSource } from ${JSON.stringify(join(ROOT, 'worker/metadata/git/git-source.ts'))};
import { narHash } from ${JSON.stringify(join(ROOT, 'worker/hash/nar-hash.ts'))};
import { packageId } from ${JSON.stringify(join(ROOT, 'worker/core/package-id.ts'))};
import { parseSourceId } from ${JSON.stringify(join(ROOT, 'worker/core/source-id.ts'))};
self.onmessage = async ({ data: { corsProxy, url, commit } }) => {
  try {
    const requests = [];
    const source = new GitSource({ corsProxy, onRequest: (u) => requests.push(u) });
    const manifest = await source.gitManifest(packageId('gitdep', '0.4.0', parseSourceId('git+' + url + '?branch=main#' + commit)));
    const hash = await narHash((await source.checkout(url, commit)).tree);
    self.postMessage({ manifest, sri: hash.sri, requests, hasNodeBuffer: typeof process !== 'undefined' });
  } catch (e) {
    self.postMessage({ error: String(e && e.stack || e) });
  }
};
`;

let bundle: WorkerBundle | undefined;
let site: StaticServer;
let browser: Browser;
let server: GitServer;

beforeAll(async () => {
  bundle = await buildWorkerBundle(ENTRY, 'git source');
  [site, browser, server] = await Promise.all([serveStatic(bundle.out), launchBrowser(), startGitServer()]);
  serveBundle(server, 'gitdep', join(FIXTURES, 'debian', 'registry', 'git', 'gitdep.bundle'));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.close();
  bundle?.remove();
});

it('fetches gitdep through a corsProxy in a Web Worker; the manifest and the Nix hash match', async () => {
  const commit = git(join(server.root, 'gitdep'), 'rev-parse', 'HEAD');
  const page = await browser.newPage();
  await page.goto(`${site.url}/`);
  const result = (await page.evaluate(
    (data) =>
      new Promise<unknown>((resolve, reject) => {
        const worker = new Worker('/worker.js', { type: 'module' });
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
        worker.postMessage(data);
      }),
    { corsProxy: `${server.origin}/proxy`, url: GITDEP, commit },
  )) as { manifest: string; sri: string; requests: string[]; hasNodeBuffer: boolean; error?: string };
  await page.close();
  expect(result.error).toBeUndefined();
  expect(result.hasNodeBuffer).toBe(false);
  expect(result.manifest).toBe(readFileSync(join(FIXTURES, 'debian', 'registry', 'git', 'gitdep@0.4.0', 'Cargo.toml'), 'utf8'));
  expect(result.requests.map((u) => new URL(u).pathname)).toEqual([
    '/proxy/git.example.org/gitdep/info/refs',
    '/proxy/git.example.org/gitdep/git-upload-pack',
    '/proxy/git.example.org/gitdep/info/refs',
    '/proxy/git.example.org/gitdep/git-upload-pack',
  ]);

  const checkout = join(bundle!.out, '..', 'checkout');
  git(join(bundle!.out, '..'), 'clone', '-q', join(server.root, 'gitdep'), checkout);
  git(checkout, 'checkout', '-q', commit);
  rmSync(join(checkout, '.git'), { recursive: true, force: true });
  const nix = await exec('nix', ['hash', 'path', '--extra-experimental-features', 'nix-command', checkout], {
    env: { ...process.env, NIX_PATH: '' },
  });
  expect(result.sri).toBe(nix.stdout.trim());
});
