// A git dependency in the built site, in Debian's chromium, through the real edge function under
// workerd: the site is served by the edge (as in production, so the page's default git proxy
// `<origin>/api/git` is the edge), whose upstream for git.example.org is `git http-backend` on
// 127.0.0.1 serving the debian/git-path case's bundle; crates.io metadata comes from the fake
// registry. The case imported as a zip must give its golden Cargo.nix byte for byte, and the page
// and the download must show the git source's hash, equal to `nix hash path` of a clean checkout.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { zipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { DESKTOP, download, runsOf, waitForResult } from '../support/e2e.ts';
import { startEdge, type EdgeServer } from '../support/edge.ts';
import { startFakeRegistry, type FakeRegistry } from '../support/fake-registry.ts';
import { git, serveBundle, startGitServer, type GitServer } from '../support/git-server.ts';
import { FIXTURES } from '../support/golden.ts';
import { buildSite } from '../support/site.ts';

const exec = promisify(execFile);
const CASE = join(FIXTURES, 'debian', 'cases', 'git-path');
const GOLDEN = readFileSync(join(CASE, 'expected', 'Cargo.nix'), 'utf8');
const URL_IN_LOCK = 'https://git.example.org/gitdep';
const REV = /git\+https:\/\/git\.example\.org\/gitdep\?branch=main#([0-9a-f]{40})/.exec(readFileSync(join(CASE, 'Cargo.lock'), 'utf8'))![1]!;

let dir: string;
let browser: Browser;
let registry: FakeRegistry;
let server: GitServer;
let edge: EdgeServer;
let expectedSri: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'e2e-git-'));
  let site: string;
  [site, browser, registry, server] = await Promise.all([
    buildSite(),
    launchBrowser(),
    startFakeRegistry([join(FIXTURES, 'crates-io', 'registry'), join(FIXTURES, 'debian', 'registry')]),
    startGitServer(),
  ]);
  serveBundle(server, 'gitdep', join(FIXTURES, 'debian', 'registry', 'git', 'gitdep.bundle'));
  edge = await startEdge({
    assetsDir: site,
    vars: { GIT_EXTRA_HOSTS: 'git.example.org', GIT_UPSTREAMS: JSON.stringify({ 'git.example.org': server.origin }) },
  });
  // What Nix says the locked tree hashes to: a plain clone at the rev, without .git.
  const checkout = join(dir, 'checkout');
  git(dir, 'clone', '-q', join(server.root, 'gitdep'), checkout);
  git(checkout, 'checkout', '-q', REV);
  rmSync(join(checkout, '.git'), { recursive: true, force: true });
  expectedSri = (
    await exec('nix', ['hash', 'path', '--extra-experimental-features', 'nix-command', checkout], { env: { ...process.env, NIX_PATH: '' } })
  ).stdout.trim();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await edge?.close();
  await registry?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The case as a zip, imported through the page's file input (the path dependency needs its manifest too). */
/** Import the case once the first visit's example run is over (or its result could pass for the import's); the runs before it. */
async function importCase(page: Page): Promise<number> {
  await waitForResult(page);
  const before = await runsOf(page);
  const file = (p: string) => readFileSync(join(CASE, p));
  const zip = zipSync({
    'git-path/Cargo.toml': file('Cargo.toml'),
    'git-path/Cargo.lock': file('Cargo.lock'),
    'git-path/shared-dep/Cargo.toml': file('shared-dep/Cargo.toml'),
  });
  await page.locator('input[type=file][accept]').setInputFiles({ name: 'git-path.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  return before;
}

async function openPage(): Promise<Page> {
  const context = await browser.newContext({ ...DESKTOP, acceptDownloads: true });
  context.on('weberror', (e) => pageErrors.push(`${e.page()?.url() ?? '(no page)'}: ${e.error().message}`));
  const page = await context.newPage();
  page.on('close', () => void context.close().catch(() => undefined));
  // No ?git=: the page's own origin (the edge) is the git proxy.
  const q = new URLSearchParams({ index: registry.indexBase, dl: registry.downloadBase });
  await page.goto(`${edge.url}/?${q}`);
  await page.locator('[aria-label="Inputs"] .cm-editor').waitFor();
  return page;
}

it('generates the git-path golden Cargo.nix through the edge, with the git source hash Nix computes', async () => {
  const page = await openPage();
  const gitRequests = server.requests.length;
  const status = await waitForResult(page, await importCase(page));
  expect(status).not.toMatch(/Error/);
  expect(status).toMatch(/\d+ crates, 1 member/);
  // The git host was reached, only through the edge (the page knows no other way to it).
  expect(server.requests.slice(gitRequests)).toEqual(expect.arrayContaining(['/gitdep/info/refs', '/gitdep/git-upload-pack']));

  const row = page.locator(`.git-sources li[data-url="${URL_IN_LOCK}"]`);
  await expect.poll(() => row.getAttribute('data-rev')).toBe(REV);
  expect(await row.locator('.sri').textContent()).toBe(expectedSri);

  const zip = await download(page);
  expect(zip['Cargo.nix'] === GOLDEN).toBe(true);
  const hashes = JSON.parse(zip['nix-hashes.json'] ?? 'null') as {
    git: { url: string; rev: string; packages: string[]; sri: string; base32: string }[];
  };
  expect(hashes.git).toHaveLength(1);
  expect(hashes.git[0]).toMatchObject({ url: URL_IN_LOCK, rev: REV, packages: ['gitdep-0.4.0'], sri: expectedSri });
  expect(hashes.git[0]!.base32).toMatch(/^[0-9a-df-np-sv-z]{52}$/);
  await page.close();
});

it('a second visit answers the git source from the IndexedDB cache: no request reaches the git host', async () => {
  const context = await browser.newContext({ ...DESKTOP, acceptDownloads: true });
  context.on('weberror', (e) => pageErrors.push(`${e.page()?.url() ?? '(no page)'}: ${e.error().message}`));
  const q = new URLSearchParams({ index: registry.indexBase, dl: registry.downloadBase });
  const first = await context.newPage();
  await first.goto(`${edge.url}/?${q}`);
  await first.locator('[aria-label="Inputs"] .cm-editor').waitFor();
  expect(await waitForResult(first, await importCase(first))).toMatch(/\d+ crates, 1 member/);
  await first.close();

  const before = server.requests.length;
  const second = await context.newPage();
  await second.goto(`${edge.url}/?${q}`);
  // The draft was saved; the reload runs it again.
  const status = await waitForResult(second);
  expect(status).toMatch(/\d+ crates, 1 member/);
  expect(await second.locator('.git-sources .sri').textContent()).toBe(expectedSri);
  expect(server.requests.length).toBe(before);
  await context.close();
});

it('no uncaught page errors', () => {
  expect(pageErrors).toEqual([]);
});
