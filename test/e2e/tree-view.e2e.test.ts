// The Insight Tree view in Debian's chromium on the built site: on bundled examples the text on the
// page is, byte for byte, what the command line's `cargo tree` (runTree: parseTreeArgs + cargoTree,
// in-process) prints for the same options set through the controls; a crate opens its "why" and its
// Cargo.nix entry, by mouse and by keyboard; on a phone the tree scrolls sideways inside its box.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../worker/core/summary.ts';
import { MemorySource } from '../../worker/metadata/memory-source.ts';
import type { MetadataSnapshot } from '../../worker/metadata/memory-source.ts';
import { loadSummaries, parseInputs } from '../../worker/pipeline.ts';
import type { TreeWorkspace } from '../../worker/views/cargo-tree.ts';
import { treeWorkspace } from '../../worker/views/tree/tree-workspace.ts';
import { loadTreeWorkspace, runTree, treeManifest } from '../golden/tree/tree-cases.ts';
import { importCargo2nixSelf, PHONE, useE2E, waitForResult } from '../support/e2e.ts';

const { pageUrl, freshPage, pageErrors, artifacts } = useE2E('tree-view');

/** The bundled example as the command line would read it, its workspace root printed as the site prints it. */
async function exampleWorkspace(id: string): Promise<TreeWorkspace> {
  const data = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'public', 'examples', `${id}.json`), 'utf8')) as {
    files: Record<string, string>;
    snapshot: MetadataSnapshot;
  };
  const inputs = parseInputs(new Map(Object.entries(data.files)));
  const summaries: Map<string, Summary> = await loadSummaries(inputs, { source: new MemorySource(data.snapshot) });
  return treeWorkspace(inputs, summaries, '/ws');
}

function cli(ws: TreeWorkspace, args: readonly string[]): string {
  const r = runTree(ws, args);
  if (r.exit !== 0) throw new Error(`cargo tree ${args.join(' ')} failed: ${r.text}`);
  return r.text;
}

const treeText = (page: Page) => page.getByTestId('tree-text');
const command = (page: Page) => page.getByTestId('tree-command');

async function openTree(page: Page, example: string) {
  await page.goto(pageUrl(`&example=${example}`));
  await waitForResult(page);
  await page.getByRole('button', { name: 'Insight', exact: true }).click();
  await page.getByRole('tab', { name: 'Tree' }).click();
}

/** The tree's text once the page shows the answer for `cargo tree <args>`. */
async function shown(page: Page, args: string, timeout = 30_000): Promise<string> {
  await expect.poll(() => command(page).innerText(), { timeout }).toBe(`cargo tree${args ? ` ${args}` : ''}`);
  return treeText(page).evaluate((el) => el.textContent ?? '');
}

describe('Tree view', () => {
  it('workspace example: the text equals the command line for each set of options from the controls', async () => {
    const ws = await exampleWorkspace('workspace');
    const page = await freshPage();
    await openTree(page, 'workspace');
    expect(await shown(page, '')).toBe(cli(ws, []));
    await page.screenshot({ path: join(artifacts, 'tree-desktop.png') });

    await page.getByRole('checkbox', { name: 'features', exact: true }).check();
    expect(await shown(page, '-e normal,build,dev,features')).toBe(cli(ws, ['-e', 'features']));
    await page.getByRole('checkbox', { name: 'features', exact: true }).uncheck();
    await page.getByRole('checkbox', { name: 'dev', exact: true }).uncheck();
    expect(await shown(page, '-e normal,build')).toBe(cli(ws, ['-e', 'no-dev']));
    await page.getByRole('checkbox', { name: 'dev', exact: true }).check();

    await page.getByLabel('Target').selectOption('all');
    expect(await shown(page, '--target all')).toBe(cli(ws, ['--target', 'all']));
    await page.getByLabel('Target').selectOption('x86_64-pc-windows-msvc');
    await page.getByLabel('Prefix').selectOption('depth');
    expect(await shown(page, '--target x86_64-pc-windows-msvc --prefix depth')).toBe(
      cli(ws, ['--target', 'x86_64-pc-windows-msvc', '--prefix', 'depth']),
    );
    await page.getByLabel('Prefix').selectOption('indent');
    await page.getByLabel('Charset').selectOption('ascii');
    await page.getByLabel('Depth', { exact: true }).fill('1');
    await page.getByLabel('Depth', { exact: true }).press('Enter');
    expect(await shown(page, '--target x86_64-pc-windows-msvc --depth 1 --charset ascii')).toBe(
      cli(ws, ['--charset', 'ascii', '--depth', '1', '--target', 'x86_64-pc-windows-msvc']),
    );
    await page.getByLabel('Depth', { exact: true }).fill('');
    await page.getByLabel('Depth', { exact: true }).press('Enter');
    await page.getByLabel('Charset').selectOption('utf8');
    await page.getByLabel('Target').selectOption('');

    await page.getByLabel('Package (-p)').fill('app');
    await page.getByRole('textbox', { name: 'Features' }).fill('extra');
    await page.getByRole('textbox', { name: 'Features' }).press('Enter');
    expect(await shown(page, '-p app -F extra')).toBe(cli(ws, ['-p', 'app', '--features', 'extra']));
    await page.getByRole('checkbox', { name: 'no dedupe' }).check();
    expect(await shown(page, '-p app -F extra --no-dedupe')).toBe(cli(ws, ['-p', 'app', '--features', 'extra', '--no-dedupe']));
    await page.getByRole('checkbox', { name: 'no dedupe' }).uncheck();
    await page.getByLabel('Package (-p)').fill('');
    await page.getByRole('textbox', { name: 'Features' }).fill('');
    await page.getByRole('textbox', { name: 'Features' }).press('Enter');
    await page.getByRole('checkbox', { name: 'all features' }).check();
    await page.getByLabel('Invert (-i)').fill('syn');
    await page.getByLabel('Invert (-i)').press('Enter');
    expect(await shown(page, '-i syn --all-features')).toBe(cli(ws, ['-i', 'syn', '--all-features']));

    // The options travel in a share link (the output tab's route).
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Share' });
    // The reader has no registry: the link must carry the run's metadata, recorded after the dialog opens.
    await dialog.locator('input[type=checkbox]:enabled').waitFor({ timeout: 60_000 });
    await dialog.getByRole('checkbox').check();
    const link = await dialog.getByRole('textbox', { name: 'Link', exact: true }).inputValue();
    await page.keyboard.press('Escape');
    const reader = await freshPage();
    await reader.goto(link);
    await waitForResult(reader);
    expect(await shown(reader, '-i syn --all-features')).toBe(cli(ws, ['-i', 'syn', '--all-features']));
    expect(await reader.getByRole('checkbox', { name: 'all features' }).isChecked()).toBe(true);
    expect(await reader.getByLabel('Invert (-i)').inputValue()).toBe('syn');
    await reader.close();

    // cargo's own refusal, in its words.
    await page.getByLabel('Invert (-i)').fill('nosuch');
    await page.getByLabel('Invert (-i)').press('Enter');
    await expect.poll(() => page.getByTestId('tree-error').innerText()).toBe(`cargo: ${runTree(ws, ['-i', 'nosuch', '--all-features']).text.trim()}`);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('bigger-project: the default tree equals the command line; a crate opens its why and its Cargo.nix entry, by mouse and keyboard', async () => {
    const ws = await exampleWorkspace('bigger-project');
    const page = await freshPage();
    await openTree(page, 'bigger-project');
    const text = await shown(page, '');
    expect(text).toBe(cli(ws, []));

    const tree = treeText(page);
    await tree.getByRole('button', { name: 'native-tls v0.2.11', exact: true }).first().click();
    expect(await page.getByRole('tab', { name: 'Why' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(async () => (await page.getByTestId('why-title').innerText()).replace(/\u00a0/g, ' ')).toBe('native-tls 0.2.11');

    // Back to the tree (the tab keeps no options: the default tree again), then to the Cargo.nix entry.
    await page.getByRole('tab', { name: 'Tree' }).click();
    await shown(page, '');
    await tree.getByRole('button', { name: 'openssl-sys@0.9.93 in Cargo.nix' }).first().click();
    expect(await page.getByRole('tab', { name: 'Cargo.nix' }).getAttribute('aria-selected')).toBe('true');
    const entry = page.locator('[aria-label="Outputs"] .cm-line', { hasText: '.openssl-sys."0.9.93" = overridableMkRustCrate' });
    await expect.poll(() => entry.isVisible()).toBe(true);
    await page.screenshot({ path: join(artifacts, 'tree-cargo-nix.png') });

    // Keyboard: one tab stop in the tree, arrows between crates, Enter opens why.
    await page.getByRole('button', { name: 'Insight', exact: true }).click();
    await page.getByRole('tab', { name: 'Tree' }).click();
    await shown(page, '');
    await page.getByRole('checkbox', { name: 'duplicates only' }).focus();
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.node ?? '');
    expect(await focused()).toBe('0');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('2');
    const third = (await page.evaluate(() => document.activeElement?.textContent ?? '')).split(' v');
    // → moves to the crate's Cargo.nix button and ← back, on the same node.
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`${third[0]}@${third[1]} in Cargo.nix`);
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toBe('2');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await page.getByTestId('why-title').innerText()).replace(/\u00a0/g, ' ')).toBe(`${third[0]} ${third[1]}`);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('cargo2nix-self (388 packages): the default and the 109,000-line --no-dedupe tree equal the command line; a tree of millions of lines is refused', async () => {
    const ws = await loadTreeWorkspace({ ...treeManifest().runs[0]!, dir: 'crates-io/cases/cargo2nix-self', registry: 'crates-io/registry' }, '/ws');
    const page = await freshPage();
    await importCargo2nixSelf(page, pageUrl());
    await page.getByRole('button', { name: 'Insight', exact: true }).click();
    await page.getByRole('tab', { name: 'Tree' }).click();
    expect(await shown(page, '')).toBe(cli(ws, []));

    // Past 20,000 crates the rest is plain text; the text is still cargo's, whole.
    await page.getByRole('checkbox', { name: 'no dedupe' }).check();
    const long = await shown(page, '--no-dedupe', 120_000);
    expect(long).toBe(cli(ws, ['--no-dedupe']));
    expect(long.split('\n').length).toBeGreaterThan(100_000);
    expect(await treeText(page).locator('button.crate').count()).toBe(20_000);

    await page.getByRole('checkbox', { name: 'features', exact: true }).check();
    await expect.poll(() => page.getByTestId('tree-error').innerText()).toMatch(/^error: with --no-dedupe this tree has more than 200,000 lines/);
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('phone: the tree scrolls sideways inside its box, the page does not', async () => {
    const page = await freshPage(PHONE);
    await openTree(page, 'bigger-project');
    // On a phone the options are folded away until asked for.
    await page.getByTestId('tree-options-summary').click();
    await page.getByRole('checkbox', { name: 'features', exact: true }).check();
    await shown(page, '-e normal,build,dev,features');
    const box = await treeText(page).evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(box.scroll).toBeGreaterThan(box.client);
    const pageWide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(pageWide).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(artifacts, 'tree-phone.png') });
    await treeText(page).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'tree-phone-tree.png') });
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
