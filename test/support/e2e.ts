// What every browser suite shares: the built site served on 127.0.0.1, a fake
// registry, Debian's chromium, contexts that record uncaught page errors, and
// waits on the counters the status bar exposes (data-state, data-runs) —
// never on time.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser } from './browser.ts';
import { startFakeRegistry, type FakeRegistry } from './fake-registry.ts';
import { FIXTURES } from './golden.ts';
import { buildSite } from './site.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1440, height: 900 } };
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true };

export interface E2E {
  readonly site: StaticServer;
  readonly browser: Browser;
  readonly registry: FakeRegistry;
  /** Where this suite's screenshots go (created before the tests run). */
  readonly artifacts: string;
  /** Uncaught errors of every page of every context opened through this harness; suites end by expecting none. */
  readonly pageErrors: string[];
  /** The site with the fake registry as its metadata source, plus `extra` (`&example=…`). */
  pageUrl(extra?: string): string;
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in its own context (fresh storage); closing the page closes the context. */
  freshPage(options?: BrowserContextOptions): Promise<Page>;
}

/** Starts site, registry and browser before the suite's tests and stops them after. */
export function useE2E(artifactsSubdir = ''): E2E {
  let site: StaticServer | undefined;
  let browser: Browser | undefined;
  let registry: FakeRegistry | undefined;
  const artifacts = join(import.meta.dirname, '..', '..', 'test-results', artifactsSubdir);
  const pageErrors: string[] = [];
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not started: use the harness inside tests`);
    return v;
  };

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
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

  const e2e: E2E = {
    get site() {
      return ready(site, 'the site');
    },
    get browser() {
      return ready(browser, 'the browser');
    },
    get registry() {
      return ready(registry, 'the fake registry');
    },
    artifacts,
    pageErrors,
    pageUrl(extra = '') {
      const r = e2e.registry;
      const q = new URLSearchParams({ index: r.indexBase, dl: r.downloadBase });
      return `${e2e.site.url}/?${q}${extra}`;
    },
    async newContext(options = {}) {
      const context = await e2e.browser.newContext({ acceptDownloads: true, ...options });
      context.on('weberror', (e) => pageErrors.push(`${e.page()?.url() ?? '(no page)'}: ${e.error().message}`));
      return context;
    },
    async freshPage(options = DESKTOP) {
      const context = await e2e.newContext(options);
      const page = await context.newPage();
      // The browser may already be closing (afterAll); a context it closed needs no second close.
      page.on('close', () => void context.close().catch(() => undefined));
      return page;
    },
  };
  return e2e;
}

export async function runsOf(page: Page): Promise<number> {
  return Number(await page.locator('footer.status').getAttribute('data-runs'));
}

/**
 * The status line once no run is scheduled or in flight (`N crates, …` or an
 * error) and more than `after` runs have finished.
 */
export async function waitForResult(page: Page, after = 0): Promise<string> {
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

/** The element's box is inside the viewport and what is drawn at its middle is the element or inside it (nothing covers it). */
export async function isUncovered(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    if (r.bottom > window.innerHeight || r.top < 0 || r.height === 0) return false;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && el.contains(hit);
  });
}

export const inputEditor = (page: Page): Locator => page.locator('[aria-label="Inputs"] .cm-content');
export const outputEditor = (page: Page): Locator => page.locator('[aria-label="Outputs"] .cm-content');
export const inputText = (page: Page): Promise<string> => inputEditor(page).innerText();
export const outputText = (page: Page): Promise<string> => outputEditor(page).innerText();

export function zipEntries(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, strFromU8(v)]));
}

export type DownloadedZip = Record<string, string> & { readonly ['(name)']?: string; readonly ['(folder)']?: string };

/** Click a download button; the zip's files by path inside its one folder, plus the file and folder names. */
export async function download(page: Page, button = 'Download .zip'): Promise<DownloadedZip> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const entries = zipEntries(new Uint8Array(readFileSync(await dl.path())));
  const folders = new Set(Object.keys(entries).map((k) => k.slice(0, k.indexOf('/'))));
  expect(folders.size).toBe(1);
  const files: Record<string, string> = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k.slice(k.indexOf('/') + 1), v]));
  return { ...files, '(name)': dl.suggestedFilename(), '(folder)': [...folders][0]! };
}

/**
 * cargo2nix's own workspace (388 crates, the large case) opened at `url` and imported as a
 * .zip, the way a user brings a project in; resolves to the status line once its result is on screen.
 */
export async function importCargo2nixSelf(page: Page, url: string): Promise<string> {
  const dir = join(FIXTURES, 'crates-io', 'cases', 'cargo2nix-self');
  await page.goto(url);
  await waitForResult(page);
  const runs = await runsOf(page);
  const zip = zipSync({
    'cargo2nix/Cargo.toml': readFileSync(join(dir, 'Cargo.toml')),
    'cargo2nix/Cargo.lock': readFileSync(join(dir, 'Cargo.lock')),
    'cargo2nix/src/main.rs': readFileSync(join(dir, 'src', 'main.rs')),
  });
  await page.locator('input[type=file][accept]').setInputFiles({ name: 'cargo2nix.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  const status = await waitForResult(page, runs);
  expect(status).toMatch(/^388 crates/);
  return status;
}
