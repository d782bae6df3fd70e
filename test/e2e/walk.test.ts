// A walk through the site as a first-time user, on a desktop (1440×900) and a
// phone (390×844): first visit → pick an example → edit → error → fix →
// options → download. Each step checks what the page shows and leaves a
// screenshot in test-results/walk/<device>-<n>-<step>.png to look at.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { startFakeRegistry, type FakeRegistry } from '../support/fake-registry.ts';
import { FIXTURES } from '../support/golden.ts';
import { buildSite } from '../support/site.ts';
import { serveStatic, type StaticServer } from '../support/static-server.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-results', 'walk');
const DEVICES: Record<string, BrowserContextOptions> = {
  desktop: { viewport: { width: 1440, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true },
};

let site: StaticServer;
let browser: Browser;
let registry: FakeRegistry;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const [outDir, b, r] = await Promise.all([
    process.env.UX_SITE_DIR ?? buildSite(),
    launchBrowser(),
    startFakeRegistry([join(FIXTURES, 'crates-io', 'registry'), join(FIXTURES, 'debian', 'registry')]),
  ]);
  site = await serveStatic(outDir);
  browser = b;
  registry = r;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await registry?.close();
});

async function settled(page: Page, after: number): Promise<string> {
  const status = page.locator('footer.status');
  await expect
    .poll(
      async () => {
        const state = await status.getAttribute('data-state');
        return (state === 'done' || state === 'error') && Number(await status.getAttribute('data-runs')) > after;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  return status.innerText();
}

const runs = async (page: Page) => Number(await page.locator('footer.status').getAttribute('data-runs'));
const inputs = (page: Page) => page.locator('[aria-label="Inputs"] .cm-content');
const outputs = (page: Page) => page.locator('[aria-label="Outputs"] .cm-content');

/** Nothing is drawn over the element's middle, and it is inside the viewport. */
async function onScreen(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    if (r.height === 0 || r.top < 0 || r.bottom > window.innerHeight) return false;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && el.contains(hit);
  });
}

for (const [device, options] of Object.entries(DEVICES)) {
  describe(`walk on a ${device}`, () => {
    it('first visit → example → edit → error → fix → options → download', async () => {
      const errors: string[] = [];
      const context = await browser.newContext({ acceptDownloads: true, ...options });
      context.on('weberror', (e) => errors.push(e.error().message));
      const page = await context.newPage();
      let step = 0;
      const shot = async (name: string) => {
        step++;
        await page.screenshot({ path: join(ARTIFACTS, `${device}-${step}-${name}.png`) });
      };

      // 1. First visit: what this is, a working example, its summary.
      const q = new URLSearchParams({ index: registry.indexBase, dl: registry.downloadBase });
      await page.goto(`${site.url}/?${q}`);
      expect(await settled(page, 0)).toMatch(/^1 crate, 1 member\b/);
      const intro = page.getByRole('region', { name: 'About this page' });
      expect(await intro.innerText()).toMatch(/Cargo\.nix/);
      await expect.poll(() => page.getByRole('button', { name: /^Example/ }).getAttribute('aria-label')).toBe('Example: Hello world');
      expect(await outputs(page).innerText()).toContain('hello-world');
      expect(await onScreen(page, 'footer.status')).toBe(true);
      await shot('first-visit');

      // 2. Pick the workspace example: an untouched example is replaced without asking.
      let before = await runs(page);
      await page.getByRole('button', { name: /^Example/ }).click();
      await page.getByRole('option', { name: /A workspace/ }).click();
      expect(await settled(page, before)).toMatch(/crates, 3 members/);
      await page.getByRole('tab', { name: 'app/Cargo.toml' }).waitFor();
      expect(await page.getByRole('button', { name: /^Example/ }).getAttribute('aria-label')).toBe('Example: A workspace (3 members, proc-macro)');
      await shot('example');

      // 3. Edit a member: the output follows.
      before = await runs(page);
      await page.getByRole('tab', { name: 'util/Cargo.toml' }).click();
      await inputs(page).click();
      await page.keyboard.press('ControlOrMeta+End');
      await page.keyboard.insertText('\n# edited in the walk\n');
      expect(await settled(page, before)).toMatch(/crates, 3 members/);
      await shot('edit');

      // 4. Break the TOML: a located error, on screen (not under an editor).
      before = await runs(page);
      await page.keyboard.insertText('version = = "1"\n');
      expect(await settled(page, before)).toMatch(/Error\s+util\/Cargo\.toml:\d+:\d+/);
      expect(await onScreen(page, 'footer.status [role=alert]')).toBe(true);
      // The outputs pane says its files are from earlier inputs, and where the error is.
      expect(await page.locator('[aria-label="Outputs"] .banner').innerText()).toMatch(
        /out of date\. The inputs on screen have an error \(util\/Cargo\.toml:\d+\), so/,
      );
      await shot('error');

      // 5. Fix it: Undo in the editor removes the bad line; the summary is back.
      before = await runs(page);
      await page.keyboard.press('ControlOrMeta+z');
      expect(await settled(page, before)).toMatch(/crates, 3 members/);
      expect(await inputs(page).innerText()).toContain('# edited in the walk');
      expect(await inputs(page).innerText()).not.toContain('version = =');
      await shot('fixed');

      // 6. Options: a debug build changes flake.nix; Escape closes the panel.
      await page.getByRole('button', { name: 'Options' }).click();
      const panel = page.getByRole('region', { name: 'Options' });
      await panel.waitFor();
      await shot('options');
      before = await runs(page);
      await panel.getByRole('checkbox', { name: /release build/ }).uncheck();
      await settled(page, before);
      await page.keyboard.press('Escape');
      await expect.poll(() => panel.count()).toBe(0);
      await page.getByRole('tab', { name: 'flake.nix' }).click();
      await expect.poll(() => outputs(page).innerText()).toMatch(/release = false/);

      // 7. How to build, then the download holds what was on screen.
      await page.getByRole('button', { name: 'How to build' }).click();
      expect(await page.getByRole('region', { name: 'How to build this' }).innerText()).toContain('nix build');
      await shot('how-to-build');
      await page.keyboard.press('Escape');
      const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download/ }).click()]);
      const zip = unzipSync(new Uint8Array(readFileSync(await dl.path())));
      const files = Object.fromEntries(Object.entries(zip).map(([k, v]) => [k.slice(k.indexOf('/') + 1), strFromU8(v)]));
      expect(Object.keys(files)).toEqual(expect.arrayContaining(['Cargo.nix', 'flake.nix', 'Cargo.lock', 'util/Cargo.toml', 'README.md']));
      expect(files['util/Cargo.toml']).toContain('# edited in the walk');
      expect(files['flake.nix']).toMatch(/release = false/);
      await shot('downloaded');

      await context.close();
      expect(errors).toEqual([]);
    });
  });
}
