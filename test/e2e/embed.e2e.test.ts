// The embed page in Debian's chromium, framed by a host page served from ANOTHER loopback port (a
// documentation site), with the snippet and auto-size script the Embed dialog hands out. The site is
// the built one served by the real edge function (public/_headers, /api/share). The embed renders
// the CLI's Cargo.nix from the link's snapshot with every request off 127.0.0.1 refused, reports
// its height (the host's frame takes exactly that height), answers a height request, opens the
// playground with the state; a frame without allow-same-origin or without scripts says so instead
// of staying blank. Every wait is for a message, an attribute or a counter, never for time.
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { DESKTOP, download, PHONE, waitForResult } from '../support/e2e.ts';
import { startEdge, type EdgeServer } from '../support/edge.ts';
import { generate } from '../support/engine.ts';
import { buildSite } from '../support/site.ts';
import { HEIGHT_MESSAGE, HEIGHT_REQUEST } from '../../src/embed/host-messages.ts';
import { autoSizeScript, iframeSnippet } from '../../src/embed/snippet.ts';
import type { MetadataSnapshot } from '../../worker/metadata/memory-source.ts';
import { DEFAULT_USER_OPTIONS } from '../../worker/options/user-options.ts';
import { encodeShare } from '../../worker/share/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-results', 'embed');
const example = JSON.parse(readFileSync(join(ROOT, 'public', 'examples', 'workspace.json'), 'utf8')) as {
  files: Record<string, string>;
  snapshot: MetadataSnapshot;
};
const PAYLOAD = encodeShare({
  files: Object.entries(example.files).map(([path, text]) => ({ path, text })),
  options: DEFAULT_USER_OPTIONS,
  snapshot: example.snapshot,
});

let browser: Browser;
let edge: EdgeServer;
let host: { server: Server; url: string; pages: Map<string, string> };
let expected: string;
const pageErrors: string[] = [];
const violations: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  let site: string;
  [site, browser, expected] = await Promise.all([buildSite(), launchBrowser(), generate(example.files, example.snapshot)]);
  edge = await startEdge({ assetsDir: site });
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    const body = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' }).end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  host = { server, url: `http://127.0.0.1:${address.port}`, pages };
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await edge?.close();
  await new Promise((resolve) => host?.server.close(resolve));
});

/** A documentation page on the host's origin: the Embed dialog's snippet and script, plus a log of the height messages it received. */
function hostPage(path: string, src: string, sandbox?: string): string {
  let frame = iframeSnippet(src, 'cargo2nix example');
  if (sandbox !== undefined) frame = frame.replace(/sandbox="[^"]*"/, `sandbox="${sandbox}"`);
  host.pages.set(
    path,
    `<!doctype html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>Docs</title></head><body style="margin:16px;font-family:sans-serif">
<h1>Our docs</h1><p>A live example:</p>
<script>window.heights = []; addEventListener('message', (e) => { if (e.data && e.data.type === ${JSON.stringify(HEIGHT_MESSAGE)}) window.heights.push(e.data); });</script>
${frame}
${autoSizeScript(new URL(edge.url).origin)}
<p>After the example.</p></body></html>`,
  );
  return `${host.url}${path}`;
}

async function visit(options: BrowserContextOptions = DESKTOP): Promise<{ context: BrowserContext; page: Page; offLoopback: string[] }> {
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
  context.on('console', (m) => {
    if (/Content.Security.Policy|CSP violation/i.test(m.text())) violations.push(m.text());
  });
  return { context, page: await context.newPage(), offLoopback };
}

async function embedFrame(page: Page): Promise<Frame> {
  const frame = await (await page.locator('iframe').elementHandle())!.contentFrame();
  if (!frame) throw new Error('no frame');
  return frame;
}

const embedState = (frame: Frame) => frame.locator('.embed').getAttribute('data-state');

describe('an embed on another origin', () => {
  it('renders the CLI’s Cargo.nix offline, auto-sizes from its messages, and opens the playground with the state', async () => {
    const { context, page, offLoopback } = await visit();
    // Exactly the sandbox documentation sites use.
    await page.goto(hostPage('/docs.html', `${edge.url}/embed?layout=both&readonly=1#s=${PAYLOAD}`, 'allow-scripts allow-same-origin allow-popups'));
    const frame = await embedFrame(page);
    await expect.poll(() => embedState(frame), { timeout: 60_000 }).toBe('done');
    expect(await frame.locator('[aria-label="Outputs"] pre').textContent()).toBe(expected);
    // layout=both, readonly: the inputs are shown as text, not editable.
    expect(await frame.locator('[aria-label="Inputs"] pre').textContent()).toBe(example.files['Cargo.toml']);
    expect(await frame.locator('textarea').count()).toBe(0);

    // Auto-size: the frame ends up exactly as tall as the embed's content, as the last message said.
    const content = () => frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    await expect
      .poll(async () => {
        const heights = await page.evaluate(() => (window as unknown as { heights: { height: number }[] }).heights);
        const frameHeight = await page.locator('iframe').evaluate((f) => f.getBoundingClientRect().height);
        const last = heights.at(-1)?.height;
        return last !== undefined && last === (await content()) && frameHeight === last;
      })
      .toBe(true);
    const messages = await page.evaluate(() => (window as unknown as { heights: unknown[] }).heights);
    for (const m of messages) expect(m).toEqual({ type: HEIGHT_MESSAGE, height: expect.any(Number) });

    // The host may ask again; anything else it sends is ignored.
    const count = messages.length;
    await page.evaluate(
      ([request]) => {
        const w = document.querySelector('iframe')!.contentWindow!;
        w.postMessage('<img src=x onerror=alert(1)>', '*');
        w.postMessage({ type: request, height: 1, html: '<b>x</b>' }, '*');
        w.postMessage({ type: request }, '*');
      },
      [HEIGHT_REQUEST],
    );
    await expect.poll(() => page.evaluate(() => (window as unknown as { heights: unknown[] }).heights.length)).toBe(count + 1);
    await page.screenshot({ path: join(ARTIFACTS, 'host-desktop.png'), fullPage: true });

    // "Open in playground": a new tab with the whole state (under this sandbox the tab inherits it, so
    // it cannot download; the snippet's sandbox lets it escape, see the editing test).
    const [playground] = await Promise.all([context.waitForEvent('page'), frame.getByRole('link', { name: 'Open in playground ↗' }).click()]);
    expect(playground.url()).toBe(`${edge.url}/#s=${PAYLOAD}`);
    expect(await waitForResult(playground)).toMatch(/16 crates, 3 members/);
    await playground.getByRole('status').filter({ hasText: 'Shared snapshot' }).waitFor();
    expect(offLoopback).toEqual([]);
    await context.close();
  });

  it('a short link embed (/embed/s/<id>) renders the same, on a phone, in the dark theme', async () => {
    const stored = (await (await fetch(`${edge.url}/api/share`, { method: 'POST', body: PAYLOAD })).json()) as { id: string };
    const { context, page } = await visit(PHONE);
    await page.goto(hostPage('/short.html', `${edge.url}/embed/s/${stored.id}?theme=dark`));
    const frame = await embedFrame(page);
    await expect.poll(() => embedState(frame), { timeout: 60_000 }).toBe('done');
    expect(await frame.locator('[aria-label="Outputs"] pre').textContent()).toBe(expected);
    expect(await frame.locator('.embed').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(21, 24, 28)');
    expect(await frame.getByRole('link', { name: 'Open in playground ↗' }).getAttribute('href')).toBe(`${edge.url}/s/${stored.id}`);
    await page.screenshot({ path: join(ARTIFACTS, 'host-phone-dark.png'), fullPage: true });
    await context.close();
  });

  it('editable inputs regenerate, and "Open in playground" then carries the edit', async () => {
    const { context, page } = await visit();
    await page.goto(hostPage('/edit.html', `${edge.url}/embed?layout=both#s=${PAYLOAD}`));
    const frame = await embedFrame(page);
    await expect.poll(() => embedState(frame), { timeout: 60_000 }).toBe('done');
    const runs = Number(await frame.locator('.embed').getAttribute('data-runs'));
    await frame.locator('textarea').fill(`${example.files['Cargo.toml']}\n[profile.release]\nopt-level = 2\n`);
    await expect
      .poll(async () => Number(await frame.locator('.embed').getAttribute('data-runs')) > runs && (await embedState(frame)) === 'done')
      .toBe(true);
    const link = frame.getByRole('link', { name: 'Open in playground ↗' });
    await link.focus();
    const href = (await link.getAttribute('href'))!;
    expect(href).not.toBe(`${edge.url}/#s=${PAYLOAD}`);
    const [playground] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await waitForResult(playground);
    await playground.getByRole('tab', { name: 'Cargo.toml', exact: true }).first().click();
    expect(await playground.locator('[aria-label="Inputs"] .cm-content').innerText()).toContain('opt-level = 2');
    // The snippet's sandbox lets the tab escape it: a normal playground that downloads what the CLI makes of the edit.
    const files = await download(playground);
    const edited = await generate(
      { ...example.files, 'Cargo.toml': `${example.files['Cargo.toml']}\n[profile.release]\nopt-level = 2\n` },
      example.snapshot,
    );
    expect(files['Cargo.nix'] ?? Object.entries(files).find(([k]) => k.endsWith('/Cargo.nix'))?.[1]).toBe(edited);
    await context.close();
  });

  it('a broken link in an embed says so, with a way to the playground', async () => {
    const { context, page } = await visit();
    await page.goto(hostPage('/broken.html', `${edge.url}/embed#s=1.AAAA`));
    const frame = await embedFrame(page);
    await expect.poll(() => embedState(frame), { timeout: 60_000 }).toBe('failed');
    expect(await frame.getByRole('alert').innerText()).toMatch(/This shared link could not be opened/);
    await context.close();
  });
});

describe('stricter sandboxes', () => {
  it('without allow-same-origin: a clear message and a link that opens the state', async () => {
    const { context, page } = await visit();
    await page.goto(hostPage('/no-same-origin.html', `${edge.url}/embed#s=${PAYLOAD}`, 'allow-scripts allow-popups'));
    const frame = await embedFrame(page);
    await expect.poll(() => embedState(frame), { timeout: 60_000 }).toBe('failed');
    expect(await frame.getByRole('alert').innerText()).toMatch(/without allow-same-origin/);
    expect(await frame.getByRole('link', { name: 'Open this example in a new tab ↗' }).getAttribute('href')).toBe(`${edge.url}/#s=${PAYLOAD}`);
    await page.screenshot({ path: join(ARTIFACTS, 'no-same-origin.png') });
    await context.close();
  });

  it('without scripts: the static page says why, instead of a blank or ever-loading frame', async () => {
    const { context, page } = await visit();
    await page.goto(hostPage('/no-scripts.html', `${edge.url}/embed#s=${PAYLOAD}`, 'allow-popups'));
    const frame = await embedFrame(page);
    await frame.locator('noscript, p').filter({ hasText: 'does not let it run scripts' }).first().waitFor();
    expect(await frame.locator('p.loading').isVisible()).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'no-scripts.png') });
    await context.close();
  });
});

describe('the whole run', () => {
  it('no CSP violations and no page errors', () => {
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
