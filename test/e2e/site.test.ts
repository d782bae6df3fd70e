// The built site in Debian's chromium: examples, editing, located errors,
// download, paste detection, network metadata from a fake registry on
// 127.0.0.1 and the IndexedDB cache. Screenshots land in test-results/.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { startFakeRegistry, type FakeRegistry } from '../support/fake-registry.ts';
import { FIXTURES } from '../support/golden.ts';
import { buildSite } from '../support/site.ts';
import { serveStatic, type StaticServer } from '../support/static-server.ts';
import { EXAMPLE_SOURCES } from '../tools/build-examples.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-results');

let site: StaticServer;
let browser: Browser;
let registry: FakeRegistry;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const [outDir, b, r] = await Promise.all([
    buildSite(),
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

function pageUrl(extra = ''): string {
  const q = new URLSearchParams({ index: registry.indexBase, dl: registry.downloadBase });
  return `${site.url}/?${q}${extra}`;
}

const pageErrors: Error[] = [];

/** A page in its own browser context: fresh localStorage and IndexedDB. */
async function freshPage(): Promise<Page> {
  const context: BrowserContext = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e));
  page.on('close', () => void context.close());
  return page;
}

/** The status line once no run is scheduled or in flight (`N crates, …` or an error). */
async function waitForResult(page: Page): Promise<string> {
  const status = page.locator('footer.status');
  await expect
    .poll(
      async () => {
        const state = await status.getAttribute('data-state');
        return (state === 'done' || state === 'error') && Number(await status.getAttribute('data-runs')) > 0;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  return status.innerText();
}

async function outputText(page: Page): Promise<string> {
  return page.locator('[aria-label="Outputs"] .cm-content').innerText();
}

async function download(page: Page): Promise<Record<string, string>> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .zip' }).click()]);
  const path = await dl.path();
  const files = unzipSync(new Uint8Array(readFileSync(path)));
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k.slice(k.indexOf('/') + 1), strFromU8(v)]));
}

/** Type a fixture case's root Cargo.toml and Cargo.lock into their tabs, as a user pasting them would. */
async function pasteCase(page: Page, dir: string): Promise<void> {
  await page.getByRole('tab', { name: 'Cargo.toml' }).click();
  await replaceEditorText(page, 'Inputs', readFileSync(join(dir, 'Cargo.toml'), 'utf8'));
  await page.getByRole('tab', { name: 'Cargo.lock' }).click();
  await replaceEditorText(page, 'Inputs', readFileSync(join(dir, 'Cargo.lock'), 'utf8'));
}

async function replaceEditorText(page: Page, pane: 'Inputs' | 'Outputs', text: string): Promise<void> {
  await page.locator(`[aria-label="${pane}"] .cm-content`).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}

describe('playground site', () => {
  it('renders the shell, then the editors', async () => {
    const page = await freshPage();
    await page.goto(pageUrl());
    await expect.poll(() => page.locator('h1').innerText()).toContain('cargo2nix playground');
    await page.locator('[aria-label="Inputs"] .cm-editor').waitFor();
    await page.close();
  });

  for (const id of Object.keys(EXAMPLE_SOURCES)) {
    it(`example ${id}: renders instantly and downloads the golden Cargo.nix with flake.nix and inputs`, async () => {
      const page = await freshPage();
      await page.goto(pageUrl());
      await page.getByRole('combobox', { name: 'Examples' }).selectOption(id);
      const status = await waitForResult(page);
      expect(status).not.toMatch(/Error/);
      expect(status).toMatch(/0 fetched|served from cache|\d+ crates, \d+ members? · \d+ ms\s*$/);
      const zip = await download(page);
      const src = EXAMPLE_SOURCES[id]!;
      const golden = readFileSync(join(FIXTURES, src.set, 'cases', src.name, 'expected', 'Cargo.nix'), 'utf8');
      expect(zip['Cargo.nix'] === golden).toBe(true);
      expect(Object.keys(zip)).toEqual(expect.arrayContaining(['Cargo.nix', 'flake.nix', 'Cargo.toml', 'Cargo.lock', 'README.md']));
      expect(zip['flake.nix']).toMatch(/cargo2nix/);
      await page.close();
    });
  }

  it('regenerates when the lock is edited, and shows a located error for invalid TOML', async () => {
    const page = await freshPage();
    await page.goto(pageUrl());
    await page.getByRole('combobox', { name: 'Examples' }).selectOption('hello-world');
    await waitForResult(page);
    const before = (await outputText(page)).match(/nixifiedLockHash = "([0-9a-f]+)"/)?.[1];
    expect(before).toBeDefined();

    await page.getByRole('tab', { name: 'Cargo.lock' }).click();
    await page.locator('[aria-label="Inputs"] .cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\n');
    await expect.poll(async () => (await outputText(page)).match(/nixifiedLockHash = "([0-9a-f]+)"/)?.[1], { timeout: 30_000 }).not.toBe(before);

    await page.getByRole('tab', { name: 'Cargo.toml' }).click();
    await replaceEditorText(page, 'Inputs', '[package]\nname = "hello-world"\nversion = 0.1.0"\n');
    const status = await waitForResult(page);
    expect(status).toMatch(/Error\s+Cargo\.toml:3:\d+/);
    await page.locator('.cm-lint-marker-error').first().waitFor();
    await page.getByRole('button', { name: /Cargo\.toml:3:/ }).click();
    await page.screenshot({ path: join(ARTIFACTS, 'playground-error.png') });
    await page.close();
  });

  it('moves a lockfile pasted into the manifest tab to the Cargo.lock tab', async () => {
    const page = await freshPage();
    await page.goto(pageUrl());
    await page.getByRole('combobox', { name: 'Examples' }).selectOption('hello-world');
    await waitForResult(page);
    const lock = readFileSync(join(FIXTURES, 'debian', 'cases', 'workspace', 'Cargo.lock'), 'utf8');
    await page.getByRole('tab', { name: 'Cargo.toml' }).click();
    await page.locator('[aria-label="Inputs"] .cm-content').evaluate((el, text) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, lock);
    await expect.poll(() => page.getByRole('tab', { name: 'Cargo.lock' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.locator('footer.status').innerText()).toMatch(/looked like a Cargo\.lock/);
    await page.close();
  });

  it('fetches metadata from the registry, then serves a second run from the IndexedDB cache', async () => {
    const page = await freshPage();
    await page.goto(pageUrl());
    const dir = join(FIXTURES, 'debian', 'cases', 'features-misc');
    await pasteCase(page, dir);
    await page.getByRole('button', { name: 'Generate' }).click();
    const first = await waitForResult(page);
    expect(first).toMatch(/\d+ crates, 1 member .* \d+ fetched/);
    expect(registry.requestCount()).toBeGreaterThan(0);
    const zip = await download(page);
    expect(zip['Cargo.nix'] === readFileSync(join(dir, 'expected', 'Cargo.nix'), 'utf8')).toBe(true);

    const requestsBefore = registry.requestCount();
    await page.reload();
    const second = await waitForResult(page);
    expect(second).toMatch(/metadata served from cache/);
    expect(registry.requestCount()).toBe(requestsBefore);
    await page.screenshot({ path: join(ARTIFACTS, 'playground.png') });
    await page.close();
  });

  it('stops with a clear error naming git dependencies', async () => {
    const page = await freshPage();
    await page.goto(pageUrl());
    const dir = join(FIXTURES, 'debian', 'cases', 'git-path');
    await pasteCase(page, dir);
    const status = await waitForResult(page);
    expect(status).toMatch(/Error/);
    expect(status).toMatch(/gitdep/);
    await page.close();
  });

  it('shows crate counts while metadata loads, and a newer input cancels the slow run', async () => {
    registry.setFault('/index/', { kind: 'delay', ms: 400 });
    try {
      const page = await freshPage();
      await page.goto(pageUrl());
      await pasteCase(page, join(FIXTURES, 'debian', 'cases', 'features-misc'));
      await expect.poll(() => page.locator('footer.status').innerText(), { timeout: 30_000 }).toMatch(/\d+\/\d+ crates/);
      await expect(page.getByRole('progressbar', { name: 'Crate metadata loaded' }).count()).resolves.toBe(1);
      // Switch to an example mid-run: the slow run is cancelled and never overwrites it.
      await page.getByRole('combobox', { name: 'Examples' }).selectOption('hello-world');
      const status = await waitForResult(page);
      expect(status).toMatch(/^1 crates, 1 member/);
      expect(await outputText(page)).toContain('"hello-world/default"');
      await page.waitForTimeout(1500);
      expect(await outputText(page)).toContain('"hello-world/default"');
      await page.close();
    } finally {
      registry.clearFaults();
    }
  });

  it('imports a project .zip from the file picker, saying what it ignored', async () => {
    const page = await freshPage();
    await page.goto(pageUrl());
    const dir = join(FIXTURES, 'debian', 'cases', 'workspace');
    const zip = zipSync({
      'ws/Cargo.toml': readFileSync(join(dir, 'Cargo.toml')),
      'ws/Cargo.lock': readFileSync(join(dir, 'Cargo.lock')),
      'ws/app/Cargo.toml': readFileSync(join(dir, 'app', 'Cargo.toml')),
      'ws/app/src/main.rs': strToU8('fn main() {}\n'),
      'ws/util/Cargo.toml': readFileSync(join(dir, 'util', 'Cargo.toml')),
      'ws/macros/Cargo.toml': readFileSync(join(dir, 'macros', 'Cargo.toml')),
      'ws/README.md': strToU8('hello'),
      'ws/target/debug/junk': strToU8('x'),
    });
    await page.locator('input[type=file][accept]').setInputFiles({ name: 'ws.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await expect
      .poll(() => page.locator('footer.status').innerText())
      .toMatch(/Imported 4 Cargo\.toml files and Cargo\.lock from ws\.zip; ignored 2 other files/);
    for (const tab of ['app/Cargo.toml', 'macros/Cargo.toml', 'util/Cargo.toml']) await page.getByRole('tab', { name: tab }).waitFor();
    const status = await waitForResult(page);
    expect(status).toMatch(/16 crates, 3 members/);
    await page.close();
  });

  it('adds, renames and removes a member manifest', async () => {
    const page = await freshPage();
    await page.goto(pageUrl('&example=hello-world'));
    await waitForResult(page);
    await page.getByRole('button', { name: 'Add a member Cargo.toml' }).click();
    await page.locator('#member-path').fill('crates/extra');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('tab', { name: 'crates/extra/Cargo.toml' }).waitFor();
    expect(await page.getByRole('tab', { name: 'crates/extra/Cargo.toml' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('button', { name: 'Rename crates/extra/Cargo.toml' }).click();
    await page.locator('#member-path').fill('../outside');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').first().innerText()).toMatch(/inside the workspace/);
    await page.locator('#member-path').fill('tools/extra');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await page.getByRole('tab', { name: 'tools/extra/Cargo.toml' }).waitFor();
    await page.getByRole('button', { name: 'Remove tools/extra/Cargo.toml' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'tools/extra/Cargo.toml' }).count()).toBe(0);
    await page.close();
  });

  it('has no serious accessibility violations (axe-core), light and dark', async () => {
    const axe = readFileSync(join(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(pageUrl('&example=workspace'));
      await waitForResult(page);
      await page.getByRole('button', { name: 'Options' }).click();
      await page.addScriptTag({ content: axe });
      // A string, not a function, so no test-runner helpers leak into the page.
      const violations = await page.evaluate<{ id: string; impact: string; nodes: number; help: string }[]>(`(async () => {
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help, targets: v.nodes.map((n) => String(n.target) + ' ' + (n.failureSummary || '').slice(0, 160)) }));
      })()`);
      expect(violations, colorScheme).toEqual([]);
      await context.close();
    }
  });

  it('raised no uncaught page errors', () => {
    expect(pageErrors.map((e) => e.message)).toEqual([]);
  });

  it('fits a phone screen', async () => {
    // Dark, as a phone at night: the page follows the OS colour scheme.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, colorScheme: 'dark' });
    const page = await phone.newPage();
    await page.goto(pageUrl('&example=workspace'));
    await waitForResult(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(21, 24, 28)');
    await page.screenshot({ path: join(ARTIFACTS, 'playground-phone.png') });
    await phone.close();
  });
});
