// Share links in Debian's chromium, on the built site served by the real edge function under workerd
// (as in production: static assets with public/_headers, /api/share on KV). A link made by the Share
// dialog, opened in a fresh browser context with every request off 127.0.0.1 refused, downloads the
// same Cargo.nix (fragment link and short link); the address keeps the link until the first edit,
// after which a reload shows the edit; "Back to my work" brings the draft back; every kind of broken
// link gives its message and a working playground; the CSP header is there and nothing violates it.
// Every wait is for an event or a counter the page exposes, never for time.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'fflate';
import CRC32 from 'crc-32';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { DESKTOP, download, PHONE, runsOf, waitForResult } from '../support/e2e.ts';
import { startEdge, type EdgeServer } from '../support/edge.ts';
import { startFakeRegistry, type FakeRegistry } from '../support/fake-registry.ts';
import { FIXTURES, goldenCases } from '../support/golden.ts';
import { buildSite } from '../support/site.ts';
import { DEFAULT_USER_OPTIONS } from '../../worker/options/user-options.ts';
import { encodeShare } from '../../worker/share/index.ts';
import { shareLinkOf } from '../../worker/node/share-link.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-results', 'share');
let browser: Browser;
let edge: EdgeServer;
let registry: FakeRegistry;
let kvDir: string;
let site: string;
const pageErrors: string[] = [];
/** CSP violations reported by any page (securitypolicyviolation events and console reports). */
const violations: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  kvDir = mkdtempSync(join(tmpdir(), 'e2e-share-kv-'));
  [site, browser, registry] = await Promise.all([
    buildSite(),
    launchBrowser(),
    startFakeRegistry([join(FIXTURES, 'crates-io', 'registry'), join(FIXTURES, 'debian', 'registry')]),
  ]);
  edge = await startEdge({ assetsDir: site, persistDir: kvDir });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await edge?.close();
  await registry?.close();
  if (kvDir) rmSync(kvDir, { recursive: true, force: true });
});

interface Visit {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Requests the context refused because they left 127.0.0.1. */
  readonly offLoopback: string[];
}

/** A page in a fresh context (its own storage) that may reach 127.0.0.1 only, recording CSP violations and page errors. */
async function visit(options: BrowserContextOptions = DESKTOP): Promise<Visit> {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const offLoopback: string[] = [];
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => {
      offLoopback.push(route.request().url());
      return route.abort();
    },
  );
  context.on('weberror', (e) => pageErrors.push(`${e.page()?.url() ?? '(no page)'}: ${e.error().message}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content.Security.Policy|CSP violation/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
  });
  return { context, page, offLoopback };
}

const registryQuery = () => `index=${encodeURIComponent(registry.indexBase)}&dl=${encodeURIComponent(registry.downloadBase)}`;

/** The Cargo.nix of the download (the zip's one folder may group files by backend). */
async function downloadedCargoNix(page: Page): Promise<string> {
  const files = await download(page);
  const key = Object.keys(files).find((k) => k === 'Cargo.nix' || k.endsWith('/Cargo.nix'));
  expect(key, `Cargo.nix in ${Object.keys(files).join(', ')}`).toBeDefined();
  return files[key!]!;
}

/** Open the Share dialog and wait until the metadata snapshot is recorded (the checkbox becomes usable). */
async function openShare(page: Page) {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Share' });
  await dialog.locator('input[type=checkbox]:enabled').waitFor({ timeout: 60_000 });
  return dialog;
}

/** The example on screen with its result; returns the downloaded Cargo.nix. */
async function exampleOnScreen(page: Page, example: string): Promise<string> {
  await page.goto(`${edge.url}/?${registryQuery()}&example=${example}`);
  await waitForResult(page);
  return downloadedCargoNix(page);
}

describe('share links', () => {
  it('a fragment link opens in a fresh browser with no network and downloads the same Cargo.nix', async () => {
    const sharer = await visit();
    const expected = await exampleOnScreen(sharer.page, 'workspace');
    await sharer.page.getByRole('tab', { name: 'flake.nix' }).first().click();
    const dialog = await openShare(sharer.page);
    // The workspace example's link with its snapshot is well under the threshold: on by default.
    await expect.poll(() => dialog.getByRole('checkbox').isChecked()).toBe(true);
    const link = await dialog.getByRole('textbox', { name: 'Link', exact: true }).inputValue();
    expect(link).toMatch(new RegExp(`^${edge.url}/#s=1\\.[A-Za-z0-9_-]+$`));
    expect(await dialog.getByTestId('link-length').innerText()).toContain(`${link.length.toLocaleString('en')} characters`);
    await dialog.screenshot({ path: join(ARTIFACTS, 'share-dialog-desktop.png') });
    expect(sharer.offLoopback).toEqual([]);
    await sharer.context.close();

    const reader = await visit();
    await reader.page.goto(link);
    const status = await waitForResult(reader.page);
    expect(status).toMatch(/\d+ crates?,/);
    await reader.page.getByRole('status').filter({ hasText: 'Shared snapshot' }).waitFor();
    // The sharer's selected tab is the one shown.
    await expect.poll(() => reader.page.getByRole('tab', { name: 'flake.nix' }).first().getAttribute('aria-selected')).toBe('true');
    expect(await downloadedCargoNix(reader.page)).toBe(expected);
    // With the snapshot the page never asked the network (crates.io would have been refused and recorded here).
    expect(reader.offLoopback).toEqual([]);
    await reader.context.close();
  });

  it('a short link goes through the edge, survives an edge restart, and downloads the same Cargo.nix', async () => {
    const sharer = await visit();
    const expected = await exampleOnScreen(sharer.page, 'features');
    const dialog = await openShare(sharer.page);
    // This example's link with its metadata is past the default threshold: chosen by hand (it matters little in a short link).
    const box = dialog.getByRole('checkbox');
    expect(await box.isChecked()).toBe(false);
    const plainLength = (await dialog.getByRole('textbox', { name: 'Link', exact: true }).inputValue()).length;
    await box.check();
    await expect
      .poll(async () => (await dialog.getByRole('textbox', { name: 'Link', exact: true }).inputValue()).length)
      .toBeGreaterThan(plainLength);
    await dialog.getByRole('button', { name: 'Create short link' }).click();
    const shortField = dialog.getByRole('textbox', { name: 'Short link' });
    await shortField.waitFor();
    const short = await shortField.inputValue();
    expect(short).toMatch(new RegExp(`^${edge.url}/s/[0-9a-f]{32}$`));
    await sharer.context.close();

    // A restarted edge (same KV folder, as `npm start` keeps .wrangler/state) still has it.
    await edge.close();
    edge = await startEdge({ assetsDir: site, persistDir: kvDir });
    const restarted = `${edge.url}${new URL(short).pathname}`;
    const reader = await visit();
    await reader.page.goto(restarted);
    await waitForResult(reader.page);
    await reader.page.getByRole('status').filter({ hasText: 'Shared snapshot from a short link' }).waitFor();
    expect(await downloadedCargoNix(reader.page)).toBe(expected);
    // The address stays the short link while the snapshot is unchanged.
    expect(reader.page.url()).toBe(restarted);
    expect(reader.offLoopback).toEqual([]);
    await reader.context.close();
  });

  it('the link stays in the address until the first edit; then a reload shows the edit, and the draft can come back', async () => {
    const user = await visit();
    // The user's own draft: an example with an edit, saved when the page is left.
    await exampleOnScreen(user.page, 'hello-world');
    const before = await runsOf(user.page);
    await user.page.locator('[aria-label="Inputs"] .cm-content').click();
    await user.page.keyboard.press('ControlOrMeta+End');
    await user.page.keyboard.type('\n# my own draft\n');
    await waitForResult(user.page, before);
    const draft = await user.page.locator('[aria-label="Inputs"] .cm-content').innerText();
    expect(draft).toContain('# my own draft');

    const sharer = await visit();
    await exampleOnScreen(sharer.page, 'workspace');
    const link = await (await openShare(sharer.page)).getByRole('textbox', { name: 'Link', exact: true }).inputValue();
    await sharer.context.close();

    // Opened in the same tab (only the fragment changes: the page opens it without reloading).
    let runs = await runsOf(user.page);
    await user.page.goto(link);
    await waitForResult(user.page, runs);
    await user.page.getByRole('status').filter({ hasText: 'Shared snapshot' }).waitFor();
    await user.page.reload();
    await waitForResult(user.page);
    await user.page.getByRole('status').filter({ hasText: 'Shared snapshot' }).waitFor();
    expect(user.page.url()).toBe(link);

    // Back to my work: the draft as it was.
    runs = await runsOf(user.page);
    await user.page.getByRole('button', { name: 'Back to my work' }).click();
    await waitForResult(user.page, runs);
    expect(await user.page.locator('[aria-label="Inputs"] .cm-content').innerText()).toBe(draft);
    expect(new URL(user.page.url()).hash).toBe('');

    // Open it again and edit: the link leaves the address, the edit is the draft, a reload keeps it.
    runs = await runsOf(user.page);
    await user.page.goto(link);
    await waitForResult(user.page, runs);
    runs = await runsOf(user.page);
    await user.page.locator('[aria-label="Inputs"] .cm-content').click();
    await user.page.keyboard.press('ControlOrMeta+End');
    await user.page.keyboard.type('\n# edited the shared one\n');
    await waitForResult(user.page, runs);
    expect(new URL(user.page.url()).hash).toBe('');
    await user.page.getByRole('button', { name: 'Bring back my earlier draft' }).waitFor();
    await user.page.reload();
    await waitForResult(user.page);
    expect(await user.page.locator('[aria-label="Inputs"] .cm-content').innerText()).toContain('# edited the shared one');
    expect(await user.page.getByRole('status').filter({ hasText: 'Shared snapshot' }).count()).toBe(0);
    await user.context.close();
  });
});

describe('the share command’s link for every golden case, opened with its snapshot and no network', () => {
  const cases = goldenCases().filter((c) => existsSync(c.expected));
  it.each(cases.map((c) => [`${c.set}/${c.name}`, c] as const))('%s downloads the golden Cargo.nix', async (_name, c) => {
    const link = await shareLinkOf({
      kind: 'share',
      workspace: c.dir,
      base: edge.url,
      embed: false,
      snapshot: true,
      registry: c.registry,
      gitRewrites: [],
    });
    const { page, context, offLoopback } = await visit();
    await page.goto(link);
    expect(await waitForResult(page)).toMatch(/\d+ crates?,/);
    expect(await downloadedCargoNix(page)).toBe(readFileSync(c.expected, 'utf8'));
    expect(offLoopback).toEqual([]);
    await context.close();
  });
});

/** A payload whose JSON inflates past the page's cap (32 MiB): a few kilobytes of zeros compressed. */
function zipBombPayload(): string {
  const json = new TextEncoder().encode(`{"files":[{"path":"Cargo.toml","text":"${'0'.repeat(33 * 1024 * 1024)}"}],"options":{}}`);
  const deflated = deflateSync(json, { level: 9 });
  const body = new Uint8Array(4 + deflated.length);
  new DataView(body.buffer).setUint32(0, CRC32.buf(json) >>> 0);
  body.set(deflated, 4);
  return `1.${Buffer.from(body).toString('base64url')}`;
}

describe('broken links give a message and a working playground', () => {
  const example = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'public', 'examples', 'hello-world.json'), 'utf8')) as {
    files: Record<string, string>;
  };
  const good = encodeShare({ files: Object.entries(example.files).map(([path, text]) => ({ path, text })), options: DEFAULT_USER_OPTIONS });

  const cases: [string, () => string, RegExp][] = [
    ['truncated', () => `/#s=${good.slice(0, Math.floor(good.length * 0.6))}`, /could not be opened: .*(cut short|damaged)/],
    ['tampered', () => `/#s=${good.slice(0, 20)}${good[20] === 'A' ? 'B' : 'A'}${good.slice(21)}`, /could not be opened: .*(damaged|changed)/],
    ['malformed', () => '/#s=hello%20world', /could not be opened: /],
    ['from a future schema', () => `/#s=7.${good.split('.')[1]}`, /newer version of the playground/],
    ['oversize (inflates past the cap)', () => `/#s=${zipBombPayload()}`, /could not be opened: .*(at most|bytes|large|big)/i],
    ['an unknown short id', () => `/s/${'0'.repeat(32)}`, /the server has no shared state with the id 0{32}/],
    ['not a short id', () => '/s/nope', /“nope” is not a short link id/],
  ];
  it.each(cases)('%s', async (_name, path, message) => {
    const { page, context } = await visit();
    await page.goto(`${edge.url}${path()}`);
    const status = await waitForResult(page);
    await expect.poll(() => page.locator('footer.status .notice').innerText()).toMatch(message);
    // A first visit: the first example instead, generated.
    expect(status).toMatch(/\d+ crates?,/);
    expect(await page.getByRole('status').filter({ hasText: 'Shared snapshot' }).count()).toBe(0);
    await context.close();
  });

  it('a short link while the server cannot be reached', async () => {
    const { page, context } = await visit();
    await context.route('**/api/share/**', (route) => route.abort('connectionrefused'));
    await page.goto(`${edge.url}/s/${'a'.repeat(32)}`);
    await waitForResult(page);
    await expect.poll(() => page.locator('footer.status .notice').innerText()).toMatch(/the server could not be reached/);
    await context.close();
  });
});

describe('screenshots', () => {
  it('share and embed dialogs on a phone', async () => {
    const { page, context } = await visit(PHONE);
    await exampleOnScreen(page, 'workspace');
    await page.screenshot({ path: join(ARTIFACTS, 'playground-phone.png') });
    const dialog = await openShare(page);
    await page.screenshot({ path: join(ARTIFACTS, 'share-dialog-phone.png') });
    await dialog.getByRole('button', { name: 'Embed…' }).click();
    const embed = page.getByRole('dialog', { name: 'Embed' });
    await expect
      .poll(() => embed.getByRole('textbox', { name: 'iframe' }).inputValue())
      .toMatch(/<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed#s=1\./);
    await page.screenshot({ path: join(ARTIFACTS, 'embed-dialog-phone.png') });
    await context.close();
  });
});

describe('content security policy', () => {
  it('the built site carries a CSP without inline script; the playground is framed only by itself, the embed by anyone', async () => {
    const csp = async (path: string) => (await fetch(`${edge.url}${path}`)).headers.get('content-security-policy') ?? '';
    for (const path of ['/', '/s/abc', '/embed', '/docs']) {
      const policy = await csp(path);
      expect(policy, path).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
      expect(policy, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(policy, path).toMatch(/object-src 'none'/);
    }
    expect(await csp('/')).toMatch(/frame-ancestors 'self'/);
    expect(await csp('/embed')).not.toMatch(/frame-ancestors/);
    expect(await csp('/embed/s/abc')).not.toMatch(/frame-ancestors/);
    // The built page has no inline script for the policy to refuse.
    const html = await (await fetch(`${edge.url}/`)).text();
    expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g) ?? []).toEqual([]);
  });

  it('no page of these tests violated it, and none threw', () => {
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
