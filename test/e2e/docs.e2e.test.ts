// The documentation page (/docs) in Debian's chromium: every live example renders from its bundled
// snapshot with every host but the site unreachable, and shows exactly the Cargo.nix and flake.nix
// the command line writes for the same example folder; the page reads on a phone and works from
// the keyboard. Waits are on the embeds' data-state, never on time. Screenshots land in
// test-results/docs/.
import { join } from 'node:path';
import type { BrowserContextOptions, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { DEFAULT_USER_OPTIONS, flakeOptionsOf } from '../../worker/options/user-options.ts';
import { resolveWorkspace } from '../../worker/pipeline.ts';
import { RENDERERS, renderAll } from '../../worker/render/index.ts';
import { DESKTOP, isUncovered, PHONE, useE2E, waitForResult } from '../support/e2e.ts';
import { startEdge } from '../support/edge.ts';
import { FIXTURES } from '../support/golden.ts';
import { buildSite } from '../support/site.ts';
import { exampleDir, EXAMPLE_SOURCES, SMALL_EXAMPLE_SOURCES } from '../tools/build-examples.ts';

// The site is built once, here, so that the edge (which serves it with the real response headers)
// and the harness's static server show the same build.
let siteDir = '';
const givenSiteDir = process.env.SITE_DIR;
beforeAll(async () => {
  siteDir = await buildSite();
  process.env.SITE_DIR = siteDir;
}, 180_000);
afterAll(() => {
  if (givenSiteDir === undefined) delete process.env.SITE_DIR;
  else process.env.SITE_DIR = givenSiteDir;
});

const e2e = useE2E('docs');
const { pageErrors, artifacts: ARTIFACTS } = e2e;

/** What `npm run generate -- <example dir> --registry <its set's registry> --out <dir>` writes for cargo2nix, by file name. */
async function cliOutputs(id: string): Promise<Record<string, string>> {
  const set = (SMALL_EXAMPLE_SOURCES[id] ?? EXAMPLE_SOURCES[id])!.set;
  const model = await resolveWorkspace(await readWorkspaceDir(exampleDir(id)), { source: new RegistryDirSource(join(FIXTURES, set, 'registry')) });
  const outputs = renderAll(
    model,
    { flake: flakeOptionsOf(DEFAULT_USER_OPTIONS) },
    RENDERERS.filter((r) => r.backend === 'cargo2nix'),
  );
  const files: Record<string, string> = {};
  for (const o of outputs) {
    if (!o.ok) throw new Error(`${id}: ${o.label}: ${o.error.message}`);
    for (const f of o.files) files[f.path] = f.text;
  }
  return files;
}

/** A page whose every request to a host other than the site is refused (counted), as with no network. */
async function offlinePage(options: BrowserContextOptions, siteUrl = e2e.site.url): Promise<{ page: Page; refused: string[] }> {
  const context = await e2e.newContext(options);
  const refused: string[] = [];
  const site = new URL(siteUrl).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === site || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    refused.push(url);
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  page.on('close', () => void context.close().catch(() => undefined));
  return { page, refused };
}

interface EmbedOnPage {
  readonly example: string;
  readonly output: string;
  readonly frame: FrameLocator;
}

async function embedsOf(page: Page): Promise<EmbedOnPage[]> {
  const figures = page.locator('figure.docs-embed');
  await figures.first().waitFor();
  const out: EmbedOnPage[] = [];
  for (let i = 0; i < (await figures.count()); i++) {
    const figure = figures.nth(i);
    out.push({
      example: (await figure.getAttribute('data-example'))!,
      output: (await figure.getAttribute('data-output'))!,
      frame: figure.frameLocator('iframe'),
    });
  }
  return out;
}

/** Scrolls the embed into view (its frame loads lazily) and waits for its first result. */
async function waitForEmbed(page: Page, index: number): Promise<FrameLocator> {
  const figure = page.locator('figure.docs-embed').nth(index);
  await figure.scrollIntoViewIfNeeded();
  const frame = figure.frameLocator('iframe');
  await expect.poll(() => frame.locator('.embed').getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
  return frame;
}

const shownOutput = (frame: FrameLocator) => frame.locator('section[aria-label="Outputs"] pre').textContent();

describe('documentation page', () => {
  it('every embed renders offline from its bundled snapshot and shows what the CLI generates for that example', async () => {
    const { page, refused } = await offlinePage(DESKTOP);
    await page.goto(`${e2e.site.url}/docs`);
    await expect.poll(() => page.locator('h1').innerText()).toBe('What cargo2nix does with your manifests');
    const embeds = await embedsOf(page);
    // One per idea: members, features, platforms, build scripts, native libraries, the flake.
    expect(embeds.map((e) => `${e.example}:${e.output}`)).toEqual([
      'workspace-members:Cargo.nix',
      'root-features:Cargo.nix',
      'target-deps:Cargo.nix',
      'build-script:Cargo.nix',
      'sys-crate:flake.nix',
      'workspace-members:flake.nix',
    ]);
    const registryRequests = e2e.registry.requestCount();
    for (const [i, embed] of embeds.entries()) {
      const frame = await waitForEmbed(page, i);
      const expected = await cliOutputs(embed.example);
      // Opens on the output the page names, then each output file byte for byte.
      expect(await frame.locator('[aria-label="Generated files"] [aria-selected="true"]').innerText()).toBe(embed.output);
      expect((await shownOutput(frame)) === expected[embed.output]).toBe(true);
      for (const name of ['Cargo.nix', 'flake.nix']) {
        await frame.getByRole('tab', { name, exact: true }).click();
        await expect.poll(() => frame.locator('[aria-label="Generated files"] [aria-selected="true"]').innerText()).toBe(name);
        expect((await shownOutput(frame)) === expected[name], `${embed.example} ${name}`).toBe(true);
      }
      // Inputs beside the outputs: the example's own manifest.
      expect(await frame.locator('section[aria-label="Inputs"] [aria-selected="true"]').innerText()).toBe('Cargo.toml');
      // Auto-sized: the frame becomes as tall as the embed's content (once its height message arrives),
      // not the fixed height it starts with.
      const heights = () =>
        page
          .locator('figure.docs-embed iframe')
          .nth(i)
          .evaluate((el: HTMLIFrameElement) => ({
            frame: el.clientHeight,
            content: Math.ceil(el.contentDocument!.body.getBoundingClientRect().height),
          }));
      await expect.poll(async () => ((h) => h.frame === h.content)(await heights())).toBe(true);
      expect((await heights()).frame).not.toBe(460);
    }
    expect(refused).toEqual([]);
    expect(e2e.registry.requestCount()).toBe(registryRequests);
    await page.screenshot({ path: join(ARTIFACTS, 'docs-desktop-embed.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'docs-desktop.png') });
    await page.close();
  });

  it('reads on a phone (dark scheme): no sideways scrolling, embeds as wide as the text', async () => {
    const { page } = await offlinePage({ ...PHONE, colorScheme: 'dark' });
    await page.goto(`${e2e.site.url}/docs`);
    await waitForEmbed(page, 0);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
      frame: document.querySelector('figure.docs-embed iframe')!.getBoundingClientRect().width,
      text: document.querySelector('#derivations p')!.getBoundingClientRect().width,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    expect(widths.frame).toBe(widths.text);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'docs-phone.png') });
    await page.locator('#features').scrollIntoViewIfNeeded();
    await waitForEmbed(page, 1);
    await page.screenshot({ path: join(ARTIFACTS, 'docs-phone-embed.png') });
    await page.screenshot({ path: join(ARTIFACTS, 'docs-phone-full.png'), fullPage: true });
    await page.close();
  });

  it('works from the keyboard: skip link, contents, every embed, back to the playground', async () => {
    const { page } = await offlinePage(DESKTOP);
    await page.goto(`${e2e.site.url}/docs`);
    const count = await page.locator('figure.docs-embed').count();
    for (let i = 0; i < count; i++) await waitForEmbed(page, i);
    await page.evaluate(() => window.scrollTo(0, 0));

    // The first Tab reaches the skip link; Enter moves focus to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('content');

    // From the top, Tab visits the header, the contents, then each embed's frame in page order.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.locator('.docs-header .home').focus();
    const visited: string[] = [];
    for (let i = 0; i < 400; i++) {
      const here = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return 'body';
        if (el.tagName === 'IFRAME')
          return `frame:${el.closest('figure')!.getAttribute('data-example')}:${el.closest('figure')!.getAttribute('data-output')}`;
        return `${el.tagName.toLowerCase()}:${(el.textContent ?? '').trim()}`;
      });
      if (visited[visited.length - 1] !== here) visited.push(here);
      if (here === 'a:Try it with your own Cargo.toml and Cargo.lock') break;
      await page.keyboard.press('Tab');
    }
    const toc = visited.filter((v) => /^a:/.test(v)).slice(0, 10);
    expect(toc).toEqual([
      'a:❄ cargo2nix playground',
      'a:Back to the playground',
      'a:One derivation per crate',
      'a:Features, per root feature',
      'a:Platform-specific dependencies',
      'a:Build scripts',
      'a:Native libraries and overrides',
      'a:flake.nix',
      'a:Building it',
      'a:cargo2nix',
    ]);
    expect(visited.filter((v) => v.startsWith('frame:'))).toEqual([
      'frame:workspace-members:Cargo.nix',
      'frame:root-features:Cargo.nix',
      'frame:target-deps:Cargo.nix',
      'frame:build-script:Cargo.nix',
      'frame:sys-crate:flake.nix',
      'frame:workspace-members:flake.nix',
    ]);
    expect(visited[visited.length - 1]).toBe('a:Try it with your own Cargo.toml and Cargo.lock');

    // A contents entry scrolls to its section; the way back leads to the playground.
    await page.locator('.toc a', { hasText: 'Native libraries and overrides' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#native-libraries');
    await expect
      .poll(() => page.evaluate(() => Math.round(document.getElementById('native-libraries')!.getBoundingClientRect().top)))
      .toBeLessThan(40);
    await page.locator('.docs-header .back').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${e2e.site.url}/`);
    await page.locator('[aria-label="Inputs"] .cm-editor').waitFor();
    await page.close();
  });

  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`the playground header links to the page (${name})`, async () => {
      const page = await e2e.freshPage(viewport);
      await page.goto(e2e.pageUrl('&example=hello-world'));
      await waitForResult(page);
      expect(await isUncovered(page, '.app-header .docs-link')).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, `playground-header-${name}.png`) });
      await page.getByRole('link', { name: 'Docs' }).click();
      await page.waitForURL(`${e2e.site.url}/docs`);
      await expect.poll(() => page.locator('h1').innerText()).toBe('What cargo2nix does with your manifests');
      await page.close();
    });
  }

  it('served by the edge with its Content-Security-Policy: every embed renders and nothing violates it', async () => {
    const edge = await startEdge({ assetsDir: siteDir });
    try {
      const response = await fetch(`${edge.url}/docs`);
      expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      // The SPA fallback: /docs is index.html, routed by main.ts.
      expect(await response.text()).toContain('<div id="app">');
      const { page, refused } = await offlinePage(DESKTOP, edge.url);
      const violations: string[] = [];
      await page.context().addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
      });
      page.on('console', (m) => {
        if (/Content.Security.Policy|CSP violation/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(`${edge.url}/docs`);
      const count = await page.locator('figure.docs-embed').count();
      expect(count).toBe(6);
      for (let i = 0; i < count; i++) await waitForEmbed(page, i);
      expect(violations).toEqual([]);
      expect(refused).toEqual([]);
      await page.close();
    } finally {
      await edge.close();
    }
  });

  it('had no uncaught page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
