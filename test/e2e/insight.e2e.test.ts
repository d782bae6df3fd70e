// The Insight area in Debian's chromium on the built site: why a crate is here, what builds on a
// platform and how two platforms differ, native libraries — on the bundled bigger-project example
// and on cargo2nix's own 388-package workspace imported as a .zip (numbers as the unit tests hold
// them to cargo tree and real evaluation), by keyboard, through a share link, and on a phone.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { importCargo2nixSelf, PHONE, useE2E, waitForResult } from '../support/e2e.ts';

const { pageUrl, freshPage, pageErrors, artifacts } = useE2E('insight');

const insightButton = (page: Page) => page.getByRole('button', { name: 'Insight', exact: true });
const view = (page: Page) => page.locator('#insight-view');

/** Ask for a crate's why; waits until the route (hence the view) names it. */
async function askWhy(page: Page, spec: string) {
  await page.getByLabel('Crate', { exact: true }).fill(spec);
  await page.getByLabel('Crate', { exact: true }).press('Enter');
  await expect.poll(() => view(page).innerText()).not.toContain('Asking…');
}

const whyTitle = async (page: Page) => (await page.getByTestId('why-title').innerText()).replace(/\u00a0/g, ' ');

describe('Insight', () => {
  it('bigger-project: why openssl-sys, a click to the next why, platforms compared, native libraries, shared by link', async () => {
    const page = await freshPage();
    await page.goto(pageUrl('&example=bigger-project'));
    await waitForResult(page);
    await insightButton(page).click();
    expect(await insightButton(page).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('tab', { name: 'Why' }).getAttribute('aria-selected')).toBe('true');

    await askWhy(page, 'openssl-sys');
    // cargo tree -i openssl-sys prints the same 8 paths (test/unit/why.test.ts).
    await expect.poll(() => page.getByTestId('why-count').innerText()).toMatch(/^8 chains lead here from the workspace/);
    expect(await page.getByTestId('why-chain').count()).toBe(8);
    const first = (await page.getByTestId('why-chain').first().innerText()).replace(/\u00a0/g, ' ');
    expect(first).toContain('bigger-project 0.1.0');
    expect(first).toContain('native-tls 0.2.11');
    expect(first).toContain('Holds on x86_64-linux, aarch64-linux, x86_64-linux-musl.');
    await page.screenshot({ path: join(artifacts, 'why-desktop.png') });

    // A crate name in a chain opens its own why.
    await page
      .getByTestId('why-chain')
      .first()
      .getByRole('button', { name: /^native-tls/ })
      .click();
    await expect.poll(() => whyTitle(page)).toBe('native-tls 0.2.11');

    await page.getByRole('tab', { name: 'Platforms' }).click();
    await expect.poll(() => page.getByTestId('plan-count').innerText()).toMatch(/^\d+ crates build on x86_64-linux/);
    await page.getByLabel('compared with').selectOption('x86_64-windows-gnu');
    const diff = page.getByTestId('plan-diff');
    await expect.poll(() => diff.innerText()).toContain('Only on x86_64-linux (11)');
    expect(await diff.innerText()).toContain('Only on x86_64-windows-gnu (11)');
    expect(await diff.getByRole('button', { name: /^schannel/ }).count()).toBe(1);
    await page.screenshot({ path: join(artifacts, 'platforms-desktop.png') });

    await page.getByRole('tab', { name: 'Native libraries' }).click();
    const openssl = page.locator('[data-crate="openssl-sys"]');
    await expect.poll(() => openssl.getAttribute('data-status')).toBe('stock');
    const sf = page.locator('[data-crate="security-framework-sys"]');
    expect(await sf.getAttribute('data-status')).toBe('rule');
    await sf
      .locator('summary')
      .filter({ hasText: /^cargo2nix/ })
      .click();
    expect(await sf.locator('pre').first().innerText()).toContain('name = "security-framework-sys";');
    await page.screenshot({ path: join(artifacts, 'native-desktop.png') });

    // The view on screen travels in a share link (the output tab), crate included.
    await page.getByRole('tab', { name: 'Why' }).click();
    await askWhy(page, 'bytes@0.5.6');
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Share' });
    // With the run's metadata in the link, the reader needs no registry.
    await dialog.locator('input[type=checkbox]:enabled').waitFor({ timeout: 60_000 });
    await dialog.getByRole('checkbox').check();
    const link = await dialog.getByRole('textbox', { name: 'Link', exact: true }).inputValue();
    await page.close();
    const reader = await freshPage();
    await reader.goto(link);
    await waitForResult(reader);
    await expect.poll(() => whyTitle(reader)).toBe('bytes 0.5.6');
    // cargo tree -i bytes@0.5.6: the same chains hold on x86_64-linux (unit test); here every one is listed.
    expect(await reader.getByTestId('why-count').innerText()).toMatch(/chains lead here/);
    await reader.close();
  });

  it('is reachable by keyboard: the Insight button, arrow keys between views, Enter on a crate', async () => {
    const page = await freshPage();
    await page.goto(pageUrl('&example=root-features'));
    await waitForResult(page);
    await insightButton(page).focus();
    await page.keyboard.press('Enter');
    // Whatever views there are (others add theirs), the arrow keys move between neighbours and Home goes back.
    const tabs = page.getByRole('tablist', { name: 'Insight views' }).getByRole('tab');
    const labels = await tabs.allInnerTexts();
    expect(labels[0]).toBe('Why');
    expect(labels).toEqual(expect.arrayContaining(['Platforms', 'Native libraries']));
    // From Platforms, the arrow keys move to the neighbouring views (only this suite's views are opened).
    const at = labels.indexOf('Platforms');
    await page.getByRole('tab', { name: 'Platforms' }).click();
    await page.getByRole('tab', { name: 'Platforms' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(labels[at + 1]);
    expect(labels[at + 1]).toBe('Native libraries');
    expect(await view(page).getAttribute('data-view')).toBe('native');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => view(page).getAttribute('data-view')).toBe('platforms');
    await page.keyboard.press('Home');
    await expect.poll(() => view(page).getAttribute('data-view')).toBe('why');
    await page.getByLabel('Crate', { exact: true }).focus();
    await page.keyboard.type('itoa');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('why-chain').first().innerText()).toContain('with root-features/default or root-features/fast');
    await page
      .getByTestId('why-chain')
      .first()
      .getByRole('button', { name: /^root-features/ })
      .focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => whyTitle(page)).toContain('root-features 0.1.0');
    expect(await page.getByTestId('why-title').innerText()).toContain('workspace member');
    await page.close();
  });

  it("cargo2nix's own 388-package workspace: why, platforms and native libraries", async () => {
    const page = await freshPage();
    await importCargo2nixSelf(page, pageUrl());
    await insightButton(page).click();

    await askWhy(page, 'windows-sys');
    // Three versions: the view asks which, each a link.
    await expect.poll(() => view(page).getByRole('alert').innerText()).toBe('windows-sys names 3 crates: pick one');
    await view(page)
      .getByRole('button', { name: /^windows-sys\s0\.59\.0/ })
      .click();
    await expect.poll(() => page.getByTestId('why-presets').innerText()).toBe('x86_64-windows-gnu');

    await askWhy(page, 'unicode-ident');
    await expect.poll(() => page.getByTestId('why-count').innerText()).toMatch(/^[\d,]+ chains lead here from the workspace; the 15 shortest:$/);
    expect(await page.getByTestId('why-chain').count()).toBe(15);
    await page.getByRole('button', { name: 'Show 25 more' }).click();
    await expect.poll(() => page.getByTestId('why-chain').count()).toBe(40);
    expect(await page.getByTestId('why-count').innerText()).toMatch(/the 40 shortest:$/);
    // The button keeps the keyboard while there are more.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Show 25 more');

    // openssl-sys: 19 chains in cargo2nix's workspace, 15 listed, "Show 4 more" lists
    // the rest; the button goes and the keyboard lands on the first added chain's member.
    await askWhy(page, 'openssl-sys');
    await expect.poll(() => page.getByTestId('why-count').innerText()).toBe('19 chains lead here from the workspace; the 15 shortest:');
    expect(await page.getByTestId('why-chain').count()).toBe(15);
    await page.getByRole('button', { name: 'Show 4 more' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('why-chain').count()).toBe(19);
    expect(await page.getByTestId('why-count').innerText()).toBe('19 chains lead here from the workspace:');
    expect(await page.getByRole('button', { name: /^Show \d+ more$/ }).count()).toBe(0);
    const added = page.getByTestId('why-chain').nth(15);
    const addedText = (await added.innerText()).replace(/\u00a0/g, ' ');
    expect(addedText).toMatch(/^cargo2nix 0\.12\.0 →/);
    expect(addedText).toContain('→ openssl-sys 0.9.106');
    expect(await page.evaluate(() => document.activeElement?.textContent?.replace(/\u00a0/g, ' '))).toBe('cargo2nix 0.12.0');
    await page.screenshot({ path: join(artifacts, 'why-show-more-desktop.png') });
    // Its links open their own why.
    const second = added.getByRole('button').nth(1);
    const secondName = (await second.innerText()).replace(/\u00a0/g, ' ');
    expect(secondName).not.toMatch(/^(cargo2nix|openssl-sys) /);
    await second.click();
    await expect.poll(() => whyTitle(page)).toBe(secondName);

    await page.getByRole('tab', { name: 'Platforms' }).click();
    await expect.poll(() => page.getByTestId('plan-count').innerText()).toMatch(/^336 crates build on x86_64-linux/);
    await page.getByLabel('compared with').selectOption('aarch64-darwin');
    const diff = page.getByTestId('plan-diff');
    await expect.poll(() => diff.innerText()).toContain('329 crates build on both.');
    expect(await diff.innerText()).toContain('Only on x86_64-linux (7)');
    expect(await diff.innerText()).toContain('Only on aarch64-darwin (5)');

    await page.getByRole('tab', { name: 'Native libraries' }).click();
    await expect.poll(() => page.locator('[data-crate="libnghttp2-sys"]').getAttribute('data-status')).toBe('unknown');
    expect(await page.locator('[data-crate="libgit2-sys"]').getAttribute('data-status')).toBe('rule');
    await page.close();
  });

  it('fits a phone: no sideways scrolling, the views readable', async () => {
    const page = await freshPage(PHONE);
    await page.goto(pageUrl('&example=bigger-project'));
    await waitForResult(page);
    await insightButton(page).scrollIntoViewIfNeeded();
    await insightButton(page).click();
    await askWhy(page, 'openssl-sys');
    await expect.poll(() => page.getByTestId('why-chain').count()).toBe(8);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await view(page).screenshot({ path: join(artifacts, 'why-phone.png') });
    await page.screenshot({ path: join(artifacts, 'why-phone-page.png') });
    await page.getByRole('tab', { name: 'Platforms' }).click();
    await page.getByLabel('compared with').selectOption('x86_64-windows-gnu');
    await expect.poll(() => page.getByTestId('plan-diff').innerText()).toContain('Only on x86_64-linux (11)');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await view(page).screenshot({ path: join(artifacts, 'platforms-phone.png') });
    await page.getByRole('tab', { name: 'Native libraries' }).click();
    await page.getByTestId('native-library').first().waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await view(page).screenshot({ path: join(artifacts, 'native-phone.png') });
    await page.close();
  });

  it('raised no uncaught page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
