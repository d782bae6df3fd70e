// The built site in Debian's chromium: examples, editing, located errors,
// download, paste detection, network metadata from a fake registry on
// 127.0.0.1 and the IndexedDB cache; outputs always those of the inputs on
// screen. Every wait is for an event or a counter the page exposes
// (data-state, data-runs, data-cancelled on the status bar), never for time.
// Screenshots land in test-results/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { download, importCargo2nixSelf, inputText, outputText, runsOf, useE2E, waitForResult } from '../support/e2e.ts';
import { unreachableOrigin } from '../support/fake-registry.ts';
import { FIXTURES } from '../support/golden.ts';
import { EXAMPLE_SOURCES } from '../tools/build-examples.ts';

const e2e = useE2E();
const { pageErrors, artifacts: ARTIFACTS, pageUrl, freshPage, newContext } = e2e;

/** Choose an example in the header's picker; `confirm` answers the dialog shown when the inputs hold the user's own work. */
async function pickExample(page: Page, id: string, { confirm }: { confirm: boolean }): Promise<void> {
  await page.locator('[aria-controls="example-list"]').click();
  await page.locator(`#example-${id}`).click();
  if (confirm) await page.getByRole('button', { name: 'Load the example' }).click();
}

function fixture(set: string, name: string, file: string): string {
  return readFileSync(join(FIXTURES, set, 'cases', name, file), 'utf8');
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
      await page.goto(pageUrl(`&example=${id}`));
      const requests = e2e.registry.requestCount();
      const status = await waitForResult(page);
      // Bundled metadata: nothing fetched, nothing from the cache, not one request to the e2e.registry.
      expect(status.trim()).toMatch(/^\d+ crates?, \d+ members? · \d+ ms$/);
      expect(e2e.registry.requestCount()).toBe(requests);
      expect(await runsOf(page)).toBe(1);
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
    await page.goto(pageUrl('&example=hello-world'));
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
    await page.goto(pageUrl('&example=hello-world'));
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
    expect(e2e.registry.requestCount()).toBeGreaterThan(0);
    const zip = await download(page);
    expect(zip['Cargo.nix'] === readFileSync(join(dir, 'expected', 'Cargo.nix'), 'utf8')).toBe(true);

    const requestsBefore = e2e.registry.requestCount();
    // Link parameters are used once, so the second visit comes from the link again (same browser profile).
    await page.goto(pageUrl());
    const second = await waitForResult(page);
    expect(second).toMatch(/metadata served from cache/);
    expect(e2e.registry.requestCount()).toBe(requestsBefore);
    await page.screenshot({ path: join(ARTIFACTS, 'playground.png') });
    await page.close();
  });

  it('with the edge function unreachable, a git dependency stops the run with an error naming it and the proxy', async () => {
    // (test/e2e/git.test.ts fetches it for real through the edge.)
    const offline = await unreachableOrigin();
    const page = await freshPage();
    await page.goto(pageUrl(`&git=${encodeURIComponent(`${offline}/api/git`)}`));
    const dir = join(FIXTURES, 'debian', 'cases', 'git-path');
    await pasteCase(page, dir);
    const status = await waitForResult(page);
    expect(status).toMatch(/Error/);
    expect(status).toContain(
      `cannot fetch git package \`gitdep@0.4.0\` from https://git.example.org/gitdep through the git proxy ${offline}/api/git`,
    );
    await page.close();
  });

  it('shows crate counts while metadata loads, and a newer input cancels the slow run', async () => {
    e2e.registry.setFault('/index/', { kind: 'delay', ms: 400 });
    try {
      const page = await freshPage();
      await page.goto(pageUrl());
      await pasteCase(page, join(FIXTURES, 'debian', 'cases', 'features-misc'));
      await expect.poll(() => page.locator('footer.status').innerText(), { timeout: 30_000 }).toMatch(/\d+\/\d+ crates/);
      await expect(page.getByRole('progressbar', { name: 'Crate metadata loaded' }).count()).resolves.toBe(1);
      // Switch to an example mid-run: the slow run is cancelled and never overwrites it.
      await pickExample(page, 'hello-world', { confirm: true });
      const status = await waitForResult(page);
      expect(status).toMatch(/^1 crate, 1 member/);
      expect(await outputText(page)).toContain('"hello-world/default"');
      // The slow run ends (the worker answers for it) without touching the screen.
      await expect
        .poll(async () => Number(await page.locator('footer.status').getAttribute('data-cancelled')), { timeout: 30_000 })
        .toBeGreaterThan(0);
      expect(await outputText(page)).toContain('"hello-world/default"');
      expect(await page.locator('footer.status').getAttribute('data-state')).toBe('done');
      await page.close();
    } finally {
      e2e.registry.clearFaults();
    }
  });

  it('imports a project .zip from the file picker, saying what it ignored', async () => {
    const page = await freshPage();
    await page.goto(pageUrl());
    // The first visit's example run must be over, or its result could pass for the import's.
    await waitForResult(page);
    const runs = await runsOf(page);
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
    const status = await waitForResult(page, runs);
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
      const context = await newContext({ colorScheme });
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

  it('fits a phone screen', async () => {
    // Dark, as a phone at night: the page follows the OS colour scheme.
    const phone = await newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, colorScheme: 'dark' });
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
  it('when the inputs fail, download and copy are off, the outputs say so, and the last working project downloads whole (phone)', async () => {
    const offline = await unreachableOrigin();
    const page = await freshPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await page.goto(`${e2e.site.url}/?${new URLSearchParams({ index: `${offline}/index`, dl: `${offline}/crates`, example: 'hello-world' })}`);
    await waitForResult(page);
    // The cross-compiling example's files while crates.io is unreachable.
    await pasteCase(page, join(FIXTURES, 'crates-io', 'cases', 'cross-compiling'));
    const status = page.locator('footer.status');
    await expect
      .poll(async () => (await status.getAttribute('data-state')) === 'error' && !/not in Cargo\.lock/.test(await status.innerText()), {
        timeout: 60_000,
      })
      .toBe(true);
    expect(await status.innerText()).toMatch(/Error/);
    expect(await page.getByRole('button', { name: 'Download .zip' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Copy' }).isDisabled()).toBe(true);
    const banner = page.locator('[aria-label="Outputs"] [role="alert"]');
    expect(await banner.innerText()).toMatch(/These outputs are out of date/);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-phone-stale.png') });

    const zip = await download(page, 'Download that last working project');
    expect(zip['(name)']).toBe('hello-world-last-working-nix.zip');
    expect(zip['(folder)']).toBe('hello-world-last-working');
    expect(zip['Cargo.toml'] === fixture('crates-io', 'hello-world', 'Cargo.toml')).toBe(true);
    expect(zip['Cargo.lock'] === fixture('crates-io', 'hello-world', 'Cargo.lock')).toBe(true);
    expect(zip['Cargo.nix'] === fixture('crates-io', 'hello-world', 'expected/Cargo.nix')).toBe(true);
    expect(zip['flake.nix']).toMatch(/cargo2nix/);
    await page.close();
  });

  it('adding, renaming or removing a member regenerates: the status and the download follow the workspace on screen', async () => {
    const page = await freshPage();
    await page.goto(pageUrl('&example=workspace'));
    expect(await waitForResult(page)).toMatch(/16 crates, 3 members/);

    // A manifest outside the members list: a run, and the download holds it next to the others.
    let runs = await runsOf(page);
    await page.getByRole('button', { name: 'Add a member Cargo.toml' }).click();
    await page.locator('#member-path').fill('crates/extra');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    expect(await waitForResult(page, runs)).toMatch(/^16 crates, 3 members/);
    expect(Object.keys(await download(page))).toContain('crates/extra/Cargo.toml');

    runs = await runsOf(page);
    await page.getByRole('button', { name: 'Rename crates/extra/Cargo.toml' }).click();
    await page.locator('#member-path').fill('tools/extra');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    expect(await waitForResult(page, runs)).toMatch(/^16 crates, 3 members/);
    const renamed = Object.keys(await download(page));
    expect(renamed).toContain('tools/extra/Cargo.toml');
    expect(renamed).not.toContain('crates/extra/Cargo.toml');

    // Removing a real member: the workspace on screen no longer builds, so the status says why and nothing downloads.
    runs = await runsOf(page);
    await page.getByRole('tab', { name: 'util/Cargo.toml' }).click();
    await page.getByRole('button', { name: 'Remove util/Cargo.toml' }).click();
    expect(await waitForResult(page, runs)).toMatch(/Error[\s\S]*util/);
    expect(await page.getByRole('button', { name: 'Download .zip' }).isDisabled()).toBe(true);
    await page.close();
  });

  it('an empty Cargo.lock says so, located, instead of generating forever', async () => {
    const page = await freshPage();
    await page.goto(pageUrl('&example=hello-world'));
    await waitForResult(page);
    const after = await runsOf(page);
    await page.getByRole('tab', { name: 'Cargo.lock' }).click();
    await page.locator('[aria-label="Inputs"] .cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    const status = await waitForResult(page, after);
    expect(status).toMatch(/Error\s+Cargo\.lock:1:1\s+Cargo\.lock is empty/);
    expect(await page.getByRole('button', { name: 'Generate' }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Download .zip' }).isDisabled()).toBe(true);
    expect(await outputText(page)).not.toMatch(/Generating/);
    await page.close();
  });

  it('a lock that does not match the manifest fails at once, without a single registry request', async () => {
    const page = await freshPage();
    await page.goto(pageUrl());
    await waitForResult(page);
    const requests = e2e.registry.requestCount();
    await page.getByRole('tab', { name: 'Cargo.lock' }).click();
    await replaceEditorText(page, 'Inputs', fixture('crates-io', 'bigger-project', 'Cargo.lock'));
    await page.getByRole('tab', { name: 'Cargo.toml' }).click();
    const runs = await runsOf(page);
    await replaceEditorText(page, 'Inputs', fixture('crates-io', 'bigger-project', 'Cargo.toml').replace(/^version = "[^"]+"/m, 'version = "9.9.9"'));
    expect(await waitForResult(page, runs)).toMatch(/Error\s+Cargo\.toml[\s\S]*not in Cargo\.lock/);
    expect(e2e.registry.requestCount()).toBe(requests);
    await page.close();
  });

  it('link parameters are used once: the address is cleaned, a reload keeps the edits, and the registry is not saved', async () => {
    const page = await freshPage();
    await page.goto(pageUrl('&example=workspace'));
    await waitForResult(page);
    expect(page.url()).toBe(`${e2e.site.url}/`);
    await page.locator('[aria-label="Inputs"] .cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\n# my own edit\n');
    await page.reload();
    await waitForResult(page);
    expect(await inputText(page)).toContain('# my own edit');
    const saved = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(saved).toContain('my own edit');
    expect(saved).not.toContain(e2e.registry.origin);
    await page.close();
  });

  it('each file keeps its own undo history across tab switches', async () => {
    const page = await freshPage();
    await page.goto(pageUrl('&example=hello-world'));
    await waitForResult(page);
    await page.locator('[aria-label="Inputs"] .cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\n# undo me\n');
    expect(await inputText(page)).toContain('# undo me');
    await page.getByRole('tab', { name: 'Cargo.lock' }).click();
    await expect.poll(() => page.locator('[aria-label="Inputs"] .cm-content').getAttribute('aria-label')).toBe('Cargo.lock editor');
    await page.getByRole('tab', { name: 'Cargo.toml' }).click();
    await expect.poll(() => page.locator('[aria-label="Inputs"] .cm-content').getAttribute('aria-label')).toBe('Cargo.toml editor');
    await page.locator('[aria-label="Inputs"] .cm-content').click();
    await page.keyboard.press('ControlOrMeta+z');
    await expect.poll(() => inputText(page)).not.toContain('# undo me');
    expect(await inputText(page)).toContain('name = "hello-world"');
    await page.close();
  });

  it("cargo2nix's own 388-crate workspace, imported as a .zip with metadata from the registry, downloads its golden Cargo.nix", async () => {
    const dir = join(FIXTURES, 'crates-io', 'cases', 'cargo2nix-self');
    const page = await freshPage();
    const status = await importCargo2nixSelf(page, pageUrl());
    expect(status).toMatch(/^388 crates, 1 member · \d+ ms · \d+ fetched/);
    const files = await download(page);
    expect(files['Cargo.nix'] === readFileSync(join(dir, 'expected', 'Cargo.nix'), 'utf8')).toBe(true);
    expect(files['Cargo.lock'] === readFileSync(join(dir, 'Cargo.lock'), 'utf8')).toBe(true);
    await page.close();
  });

  // Last: every context above reported its pages' uncaught errors here.
  it('raised no uncaught page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
