// "Why" from the generated Cargo.nix in Debian's chromium on the built site: crate names and
// features are links (hover tooltip, click, tap on a phone, Alt-Enter on the cursor) that open
// Insight › Why on exactly that crate (and feature); closing Insight goes back to the file and place
// it was opened from. Also the Insight panel's messages when there is nothing to ask about (a failed
// run, nothing resolved yet) and the Why field across runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { linesOf, targetsInLines } from '../../src/lib/tree/cargo-nix-why.ts';
import { FIXTURES } from '../support/golden.ts';
import { importCargo2nixSelf, PHONE, download, runsOf, useE2E, waitForResult } from '../support/e2e.ts';

const { pageUrl, freshPage, newContext, pageErrors, artifacts } = useE2E('why-from-output');

const insightButton = (page: Page) => page.getByRole('button', { name: 'Insight', exact: true });
const outputs = (page: Page) => page.locator('[aria-label="Outputs"]');
const links = (page: Page) => outputs(page).locator('.cm-why-link');
/** The link of a crate's `name."version"` (entry or reference) or of a feature, by its exact text. */
const link = (page: Page, text: string) => links(page).filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\"]/g, '\\$&')}$`) });
const whyTitle = async (page: Page) => (await page.getByTestId('why-title').innerText()).replace(/\u00a0/g, ' ');
/** The crate the Why view answers about, `name version`. */
const whyCrate = async (page: Page) => (await page.getByTestId('why-title').locator('code').innerText()).replace(/\u00a0/g, ' ');
const route = (page: Page) => page.evaluate(() => document.querySelector('#insight-view')?.getAttribute('data-view'));
const selectedOutputTab = (page: Page) => outputs(page).locator('[role=tab][aria-selected=true]').innerText();

async function openExample(page: Page, example: string) {
  await page.goto(pageUrl(`&example=${example}`));
  await waitForResult(page);
  await outputs(page).locator('.editor[data-ready=true]').waitFor();
}

/** Scroll Cargo.nix down until a link is drawn (only the lines on screen have links). */
async function scrollTo(page: Page, target: Locator): Promise<Locator> {
  const scroller = outputs(page).locator('.cm-scroller');
  await expect
    .poll(
      async () => {
        if ((await target.count()) > 0) return true;
        await scroller.evaluate((el) => el.scrollBy(0, el.clientHeight / 2));
        return false;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return target;
}

describe('Why from Cargo.nix', () => {
  it('bigger-project: hover and click a crate, click a feature, Alt-Enter on the cursor; closing Insight goes back to the place', async () => {
    const page = await freshPage();
    await openExample(page, 'bigger-project');
    const expected = readFileSync(join(FIXTURES, 'crates-io', 'cases', 'bigger-project', 'expected', 'Cargo.nix'), 'utf8');

    // Hover: the tooltip asks the question; its button opens the why of exactly that crate.
    await (await scrollTo(page, link(page, 'autocfg."1.1.0"').first())).hover();
    const tooltip = page.locator('.cm-why-tooltip button');
    await expect.poll(() => tooltip.innerText()).toBe('Why is autocfg 1.1.0 here?');
    await page.screenshot({ path: join(artifacts, 'hover-desktop.png') });
    await tooltip.click();
    await expect.poll(() => whyTitle(page)).toBe('autocfg 1.1.0');
    expect(await insightButton(page).getAttribute('aria-pressed')).toBe('true');
    // The route names the crate by its Cargo.nix key; the field shows it as people type it.
    expect(await page.getByLabel('Crate', { exact: true }).inputValue()).toBe('autocfg@1.1.0');
    await expect.poll(() => page.getByTestId('why-count').innerText()).toMatch(/chains? leads? here/);

    // Back to Cargo.nix; a click on a crate reference in a dependency list.
    await insightButton(page).click();
    expect(await selectedOutputTab(page)).toBe('Cargo.nix');
    await (await scrollTo(page, link(page, 'tokio."0.2.25"').first())).click();
    await expect.poll(() => whyTitle(page)).toBe('tokio 0.2.25');
    await page.screenshot({ path: join(artifacts, 'why-after-click-desktop.png') });

    // A feature in base64's features list: the why of base64 with that feature chosen.
    await insightButton(page).click();
    // The base64 entry's features follow its entry line.
    await (await scrollTo(page, link(page, 'base64."0.13.1"').first())).scrollIntoViewIfNeeded();
    const std = await scrollTo(page, outputs(page).locator('.cm-why-feature').filter({ hasText: /^std$/ }).first());
    expect(await std.evaluate((el) => el.closest('.cm-line')?.textContent)).toBe('      [ "std" ]');
    await std.click();
    await expect.poll(() => whyTitle(page)).toBe('base64 0.13.1');
    expect(await page.getByLabel('Feature', { exact: true }).inputValue()).toBe('std');
    await expect.poll(() => page.getByTestId('why-feature').innerText()).toMatch(/^Feature std is on /);

    // Keyboard: the cursor on the workspace block's member, announced, then Alt-Enter.
    await insightButton(page).click();
    const content = outputs(page).locator('.cm-content');
    await content.focus();
    await page.keyboard.press('ControlOrMeta+Home');
    const memberLine = expected.split('\n').findIndex((l) => l.includes('bigger-project = rustPackages.unknown.bigger-project."0.1.0";'));
    expect(memberLine).toBeGreaterThan(0);
    for (let i = 0; i < memberLine; i++) await page.keyboard.press('ArrowDown');
    // Off every name first: the key says there is nothing to ask about.
    await page.keyboard.press('Home');
    await page.keyboard.press('Alt+Enter');
    await expect.poll(() => page.getByTestId('why-status').innerText()).toMatch(/^No crate or feature at the cursor/);
    expect(await route(page)).toBeUndefined();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('why-status').innerText()).toBe('Why is bigger-project 0.1.0 here? Alt + Enter answers.');
    await page.keyboard.press('Alt+Enter');
    await expect.poll(() => whyCrate(page)).toBe('bigger-project 0.1.0');
    expect(await whyTitle(page)).toContain('workspace member');
    // The keyboard goes on in the answer.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('insight-view');
    // Closing Insight shows Cargo.nix again at the line the question came from.
    await insightButton(page).click();
    await expect
      .poll(() => outputs(page).locator('.cm-activeLine').innerText())
      .toContain('bigger-project = rustPackages.unknown.bigger-project."0.1.0";');

    // The links are marks: the text the editor copies is the file, byte for byte.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await content.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('ControlOrMeta+c');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
    expect((await download(page))['Cargo.nix']).toBe(expected);
    await page.close();
  });

  it('closing Insight returns to the file that was open before it, not the first one', async () => {
    const page = await freshPage();
    await openExample(page, 'hello-world');
    await outputs(page).getByRole('tab', { name: 'flake.nix' }).click();
    await insightButton(page).click();
    await page.getByRole('tab', { name: 'Platforms' }).click();
    await insightButton(page).click();
    expect(await selectedOutputTab(page)).toBe('flake.nix');
    await expect.poll(() => outputs(page).locator('.editor').getAttribute('data-doc')).toBe('flake.nix');
    await page.close();
  });

  it("cargo2nix's own 388-package Cargo.nix: only the lines on screen are decorated; a crate in the middle and a feature open their why", async () => {
    const dir = join(FIXTURES, 'crates-io', 'cases', 'cargo2nix-self');
    const expected = readFileSync(join(dir, 'expected', 'Cargo.nix'), 'utf8');
    const doc = linesOf(expected);
    const everyTarget = targetsInLines(doc, 1, doc.lines);
    const page = await freshPage();
    await importCargo2nixSelf(page, pageUrl());
    await outputs(page).locator('.editor[data-ready=true]').waitFor();

    // Halfway down the 5,500 lines; the links there are drawn once CodeMirror has drawn those lines.
    const scroller = outputs(page).locator('.cm-scroller');
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    const middleLine = expected.split('\n')[Math.floor(doc.lines / 2)]!.trim();
    await expect.poll(() => outputs(page).locator('.cm-content').innerText()).toContain(middleLine);
    // Fewer links drawn than the file has (thousands): the plugin reads the viewport only.
    expect(everyTarget.length).toBeGreaterThan(2000);
    expect(await links(page).count()).toBeLessThan(everyTarget.length / 4);
    // A crate link that is on screen.
    const box = (await scroller.boundingBox())!;
    const crate = outputs(page).locator('.cm-why-link:not(.cm-why-feature)').filter({ visible: true }).nth(3);
    const at = (await crate.boundingBox())!;
    expect(at.y).toBeGreaterThan(box.y);
    expect(at.y).toBeLessThan(box.y + box.height);
    const [, name, version] = /^([\w-]+)\."([^"]+)"$/.exec(await crate.innerText())!;
    await crate.click();
    await expect.poll(() => whyCrate(page)).toBe(`${name} ${version}`);

    await insightButton(page).click();
    const feature = await scrollTo(page, outputs(page).locator('.cm-why-feature').first());
    const featureName = await feature.innerText();
    await feature.click();
    await expect.poll(() => page.getByLabel('Feature', { exact: true }).inputValue()).toBe(featureName);
    expect(await page.getByTestId('why-feature').innerText()).toContain(`Feature ${featureName} is on`);
    await page.close();
    // Importing and resolving 388 crates is most of it; slow under a loaded machine.
  }, 180_000);

  it('a phone: a tap on a crate opens its why', async () => {
    const page = await freshPage(PHONE);
    await openExample(page, 'bigger-project');
    const tokio = await scrollTo(page, link(page, 'tokio."0.2.25"').first());
    await tokio.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'cargo-nix-phone.png') });
    await tokio.tap();
    await expect.poll(() => whyTitle(page)).toBe('tokio 0.2.25');
    await page.screenshot({ path: join(artifacts, 'why-phone.png') });
    await page.close();
  });
});

describe('the Insight panel when there is nothing to ask about, and the Why field across runs', () => {
  it('a failed run says so, with the place of the error, and a link to it', async () => {
    const page = await freshPage();
    await openExample(page, 'hello-world');
    await insightButton(page).click();
    await page.getByLabel('Crate', { exact: true }).fill('hello-world');
    await page.getByLabel('Crate', { exact: true }).press('Enter');
    await expect.poll(() => whyTitle(page)).toContain('hello-world 0.1.0');
    const runs = await runsOf(page);
    await page.getByRole('tab', { name: 'Cargo.lock' }).click();
    await page.locator('[aria-label="Inputs"] .cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('version = 3\n\n[[package]]\nname = "hello-world"\nversion = "0.1.0"\n[[package\n');
    expect(await waitForResult(page, runs)).toContain('Error');
    const status = page.getByTestId('insight-unavailable');
    await expect.poll(() => status.getAttribute('data-kind')).toBe('failed');
    expect(await status.innerText()).toContain('The last run failed');
    const where = status.getByRole('button', { name: /^Cargo\.lock:\d+(:\d+)?$/ });
    expect(await where.count()).toBe(1);
    await page.screenshot({ path: join(artifacts, 'failed-desktop.png') });
    await where.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[aria-label="Inputs"]') !== null)).toBe(true);
    await page.close();
  });

  it('nothing resolved yet says so, and what to do', async () => {
    const context = await newContext();
    // A saved draft of two empty files: nothing runs.
    await context.addInitScript(() => {
      if (location.protocol === 'about:') return;
      localStorage.setItem(
        'cargo2nix-playground:v1',
        JSON.stringify({
          files: [
            { path: 'Cargo.toml', text: '' },
            { path: 'Cargo.lock', text: '' },
          ],
          options: {},
        }),
      );
    });
    const page = await context.newPage();
    await page.goto(pageUrl());
    await insightButton(page).click();
    const status = page.getByTestId('insight-unavailable');
    await expect.poll(() => status.getAttribute('data-kind')).toBe('nothing');
    expect(await status.innerText()).toBe('Nothing has been resolved yet: paste a Cargo.toml and Cargo.lock, or pick an example.');
    await context.close();
  });

  it('a new run keeps what is typed in the Why field, asks again, and says when the crate is gone', async () => {
    const page = await freshPage();
    await openExample(page, 'bigger-project');
    await insightButton(page).click();
    const field = page.getByLabel('Crate', { exact: true });
    await field.fill('tokio');
    await field.press('Enter');
    await expect.poll(() => whyTitle(page)).toBe('tokio 0.2.25');
    // Typed, not asked yet, when another run finishes.
    await field.fill('serde');
    let runs = await runsOf(page);
    await page.getByRole('button', { name: /^Example/ }).click();
    await page.getByRole('option', { name: /Hello world/ }).click();
    await waitForResult(page, runs);
    await expect
      .poll(() => page.getByTestId('why-gone').innerText())
      .toBe('tokio 0.2.25 is no longer in the workspace: the last run does not have it, nor any other version of tokio.');
    expect(await field.inputValue()).toBe('serde');
    await page.screenshot({ path: join(artifacts, 'gone-desktop.png') });
    // Back to a workspace that has it: asked again.
    runs = await runsOf(page);
    await page.getByRole('button', { name: /^Example/ }).click();
    await page.getByRole('option', { name: /Bigger project/i }).click();
    await waitForResult(page, runs);
    await expect.poll(() => whyTitle(page)).toBe('tokio 0.2.25');
    expect(await page.getByTestId('why-gone').count()).toBe(0);
    await page.close();
  });

  it('raised no uncaught page errors', () => {
    expect(pageErrors.join('\n')).toBe('');
  });
});
