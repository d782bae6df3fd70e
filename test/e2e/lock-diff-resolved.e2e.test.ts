// The lock diff of an older Cargo.lock resolved against the current manifests, in Debian's chromium
// on the built site: bigger-project locked after a tempfile upgrade (test/fixtures/lock-diff/
// bigger-project-tempfile) with bigger-project's own lock pasted as the older one — feature and
// platform changes in the table, the two generated Cargo.nix files in the text diff, the same diff
// from a share link read without any registry; an older lock that does not resolve (its reason,
// located, over the lock-only diff); a resolution cancelled while a crate download hangs, then
// resolved again; and the view on a phone. Expected rows come from the engine in Node (checked
// against the two Cargo.nix files by test/unit/lock-diff-resolved.test.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { OlderLocks, resolvedLockDiff } from '../../worker/browser/older-lock.ts';
import type { LockDiffAnswer } from '../../worker/browser/insight-types.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { generateCargoNix } from '../../worker/pipeline.ts';
import { lockDiff, type LockDiff } from '../../worker/views/lock-diff.ts';
import { DESKTOP, PHONE, runsOf, useE2E, waitForResult } from '../support/e2e.ts';
import { FIXTURES } from '../support/golden.ts';

const e2e = useE2E('lock-diff-resolved');
const { pageUrl, freshPage, pageErrors, artifacts } = e2e;

const biggerDir = join(FIXTURES, 'crates-io', 'cases', 'bigger-project');
const manifest = readFileSync(join(biggerDir, 'Cargo.toml'), 'utf8');
const olderLock = readFileSync(join(biggerDir, 'Cargo.lock'), 'utf8');
const currentLock = readFileSync(join(FIXTURES, 'lock-diff', 'bigger-project-tempfile', 'Cargo.lock'), 'utf8');
const missingLock = olderLock.replace('name = "tempfile"\nversion = "3.8.0"', 'name = "tempfile"\nversion = "3.7.0"');

/** The engine's answer in Node, from the fixture registry the fake one serves. */
async function expected(older: string): Promise<Extract<LockDiffAnswer, { ok: true }>> {
  const files = new Map([
    ['Cargo.toml', manifest],
    ['Cargo.lock', currentLock],
  ]);
  const source = new RegistryDirSource(join(FIXTURES, 'crates-io', 'registry'));
  const currentNix = await generateCargoNix(files, { source });
  const olders = new OlderLocks();
  olders.setRun({ files, source });
  const a = await resolvedLockDiff({ lockText: currentLock, cargoNix: () => currentNix }, olders, older);
  if (!a?.ok) throw new Error('no diff');
  return a;
}

const counts = (d: LockDiff) =>
  `Cargo.lock: ${d.counts.added} added, ${d.counts.removed} removed, ${d.counts.bumped} bumped, ${d.counts.changed} changed, ${d.counts.unchanged} unchanged.`;

const insightButton = (page: Page) => page.getByRole('button', { name: 'Insight', exact: true });
const olderEditor = (page: Page) => page.locator('.diff-view .older .cm-content');
const tableRow = (page: Page, crate: string) =>
  page
    .getByTestId('diff-table')
    .locator('tbody tr')
    .filter({ hasText: new RegExp(`^\\s*${crate}\\b`) });

/** bigger-project after the tempfile upgrade, imported as a .zip, with the Lock diff tab open. */
async function openWorkspace(page: Page) {
  await page.goto(pageUrl());
  await waitForResult(page);
  const runs = await runsOf(page);
  const zip = zipSync({
    'bigger-project/Cargo.toml': Buffer.from(manifest),
    'bigger-project/Cargo.lock': Buffer.from(currentLock),
  });
  await page.locator('input[type=file][accept]').setInputFiles({ name: 'bigger-project.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  expect(await waitForResult(page, runs)).toMatch(/^\d+ crates/);
  await insightButton(page).click();
  await page.getByRole('tab', { name: 'Lock diff' }).click();
}

/** Pastes the older lock into its editor (as the clipboard would) and compares. */
async function pasteOlder(page: Page, text: string) {
  await olderEditor(page).click();
  await page.evaluate((t) => {
    const target = document.querySelector('.diff-view .older .cm-content')!;
    const data = new DataTransfer();
    data.setData('text/plain', t);
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  await page.locator('.diff-view').getByRole('button', { name: 'Compare', exact: true }).click();
}

/** The Share dialog's link with the run's metadata in it, once the snapshot is recorded. */
async function linkWithSnapshot(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Share' });
  await dialog.locator('input[type=checkbox]:enabled').waitFor({ timeout: 60_000 });
  await dialog.getByRole('checkbox').check();
  const link = await dialog.getByRole('textbox', { name: 'Link', exact: true }).inputValue();
  await page.keyboard.press('Escape');
  return link;
}

/** The link opened by a reader with no registry, once its lock diff has an answer. */
async function readerOf(link: string): Promise<Page> {
  const reader = await freshPage(DESKTOP);
  await reader.goto(link);
  await waitForResult(reader);
  await reader.getByTestId('diff-basis').waitFor({ timeout: 60_000 });
  return reader;
}

describe('an older Cargo.lock resolved against the current manifests', () => {
  it('pasted: feature and platform changes in the table, the generated Cargo.nix files in the text diff; a share link read without a registry shows the same', async () => {
    const want = await expected(olderLock);
    expect(want.resolution?.ok).toBe(true);
    const page = await freshPage(DESKTOP);
    await openWorkspace(page);
    await pasteOlder(page, olderLock);
    await page.getByTestId('diff-basis').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('diff-counts').innerText()).toBe(counts(want.diff));
    expect(await page.getByTestId('diff-resolution').count()).toBe(0);

    const tempfile = await tableRow(page, 'tempfile').innerText();
    expect(tempfile).toMatch(/tempfile\W+3\.18\.0\s+bumped\s+3\.8\.0\s+3\.18\.0\s/);
    expect(tempfile).toContain('+features default, getrandom');
    expect(tempfile).toContain(
      '+platform-gated normal getrandom if hostPlatform.isUnix || hostPlatform.isWindows || hostPlatform.parsed.kernel.name == "wasi"',
    );
    expect(tempfile).toContain('−platform-gated normal syscall if hostPlatform.parsed.kernel.name == "redox"');
    // Unchanged in the locks, changed in what builds: only the resolution knows.
    expect(await tableRow(page, 'windows-sys').first().innerText()).toMatch(/changed\s+0\.48\.0\s+0\.48\.0\s+−features Win32_NetworkManagement/);
    expect(await tableRow(page, 'rustix').innerText()).toContain('platform condition of normal libc:');
    // An added crate: what it brings and the edge that pulls it in, from the current Cargo.nix.
    const wasi = tableRow(page, 'wasi').filter({ hasText: '0.13.3+wasi-0.2.2' });
    expect(await wasi.innerText()).toMatch(
      /^wasi\W+0\.13\.3\+wasi-0\.2\.2\s+added\s+0\.13\.3\+wasi-0\.2\.2\s+pulled in by getrandom 0\.3\.1 as normal wasi, platform-gated if hostPlatform\.parsed\.cpu\.name == "wasm32" && hostPlatform\.parsed\.kernel\.name == "wasi" && hostPlatform\.parsed\.abi\.name == "p2"$/,
    );
    expect(await tableRow(page, 'wit-bindgen-rt').innerText()).toContain(
      'features bitflags\npulled in by wasi 0.13.3+wasi-0.2.2 as normal wit_bindgen_rt, always',
    );
    await wasi.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'added-crate-desktop.png') });
    await tableRow(page, 'tempfile').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'resolved-table-desktop.png') });

    await page.getByText('Text diff').click();
    // The first change of the locks (bitflags), both sides.
    await expect.poll(() => page.locator('.merge .cm-content').innerText()).toMatch(/version = "2\.4\.1"[\s\S]*version = "2\.9\.0"/);
    await page.getByRole('radio', { name: /^Cargo\.nix/ }).check();
    // The first change of the two Cargo.nix files: the hash of the lock each was generated from.
    const lockHash = (text: string) => createHash('sha256').update(text).digest('hex');
    await expect
      .poll(() => page.locator('.merge .cm-content').innerText())
      .toMatch(new RegExp(`nixifiedLockHash = "${lockHash(olderLock)}";[\\s\\S]*nixifiedLockHash = "${lockHash(currentLock)}";`));
    expect(await page.locator('.merge [aria-label="Text diff of the older Cargo.nix and the current one"]').count()).toBe(1);
    await page.getByRole('radio', { name: 'Cargo.lock', exact: true }).check();
    await page.screenshot({ path: join(artifacts, 'resolved-desktop.png'), fullPage: false });

    // The reader has no registry: the link carries the metadata, the older lock's included.
    const reader = await readerOf(await linkWithSnapshot(page));
    expect(await reader.getByTestId('diff-counts').innerText()).toBe(counts(want.diff));
    expect(await tableRow(reader, 'tempfile').innerText()).toBe(tempfile);
    await reader.close();
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('a link made after the Share dialog was already open carries the older lock compared since', async () => {
    const page = await freshPage(DESKTOP);
    await openWorkspace(page);
    // The dialog asks every run from now on to record its metadata; this run knows nothing of tempfile 3.8.0.
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Share' });
    await dialog.locator('input[type=checkbox]:enabled').waitFor({ timeout: 60_000 });
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Lock diff' }).click();
    await pasteOlder(page, olderLock);
    await page.getByTestId('diff-basis').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('diff-resolution').count()).toBe(0);
    const tempfile = await tableRow(page, 'tempfile').innerText();

    // No registry for the reader: without tempfile 3.8.0 in the link the older lock would not resolve.
    const reader = await readerOf(await linkWithSnapshot(page));
    expect(await reader.getByTestId('diff-resolution').count()).toBe(0);
    expect(await tableRow(reader, 'tempfile').innerText()).toBe(tempfile);
    await reader.close();
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('does not resolve: the reason, located in the older lock and its editor, over the lock-only diff', async () => {
    const want = await expected(missingLock);
    expect(want.resolution).toMatchObject({ ok: false, cancelled: false });
    const page = await freshPage(DESKTOP);
    await openWorkspace(page);
    await pasteOlder(page, missingLock);
    const reason = page.getByTestId('diff-resolution');
    await reason.waitFor({ timeout: 60_000 });
    const line = missingLock.split('\n').indexOf('name = "tempfile"'); // its `[[package]]` header, 1-based
    expect(await reason.innerText()).toBe(
      `Lock-only diff (no features or platforms): older Cargo.lock:${line}:1: the older Cargo.lock does not resolve against the current manifests: ` +
        'crates.io has no version 3.7.0 of `tempfile`: check the older Cargo.lock (`cargo update -p tempfile` picks a published version) (tempfile@3.7.0)',
    );
    expect(await page.getByTestId('diff-counts').innerText()).toBe(counts(want.diff));
    expect(await page.getByTestId('diff-basis').count()).toBe(0);
    expect(await tableRow(page, 'tempfile').innerText()).not.toContain('features');
    // CodeMirror draws only the lines in view: scroll the older editor to the line, then its marker shows.
    await page.evaluate(
      ([at, total]) => {
        const scroller = document.querySelector<HTMLElement>('.diff-view .older .cm-scroller')!;
        scroller.scrollTop = (scroller.scrollHeight * (at! - 3)) / total!;
      },
      [line, missingLock.split('\n').length],
    );
    await expect.poll(() => page.locator('.diff-view .cm-lintRange-error, .diff-view .cm-lint-marker-error').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifacts, 'unresolved-desktop.png') });
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('cancelled while a download hangs: the lock-only diff says so; resolved again, the full diff', async () => {
    const lockOnly = lockDiff(olderLock, { lock: currentLock, cargoNix: undefined });
    const want = await expected(olderLock);
    const page = await freshPage(DESKTOP);
    await openWorkspace(page);
    const download = /^\/crates\/tempfile\/.*3\.8\.0/;
    const registry = e2e.registry;
    const before = registry.requestCount(download);
    registry.setFault(download, { kind: 'hang', times: 1 });
    try {
      await pasteOlder(page, olderLock);
      await page.getByTestId('diff-resolving').waitFor();
      await registry.arrived(before + 1, download);
      // The lock-only comparison is on screen while the older lock resolves.
      expect(await page.getByTestId('diff-counts').innerText()).toBe(counts(lockOnly));
      await page.getByTestId('diff-resolving').getByRole('button', { name: 'Cancel' }).click();
      const notice = page.getByTestId('diff-resolution');
      await notice.waitFor();
      expect(await notice.innerText()).toContain('Resolving was cancelled: this is the lock-only diff');
      expect(await page.getByTestId('diff-resolving').count()).toBe(0);
      expect(await page.getByTestId('diff-counts').innerText()).toBe(counts(lockOnly));
    } finally {
      registry.clearFaults();
    }
    await page.getByRole('button', { name: 'Resolve again' }).click();
    await page.getByTestId('diff-basis').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('diff-counts').innerText()).toBe(counts(want.diff));
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('fits a phone', async () => {
    const page = await freshPage(PHONE);
    await openWorkspace(page);
    await pasteOlder(page, olderLock);
    await page.getByTestId('diff-basis').waitFor({ timeout: 60_000 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await tableRow(page, 'tempfile').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'resolved-phone.png') });
    // An added crate's lines stack under its name and versions, inside the screen.
    const wasi = tableRow(page, 'wasi').filter({ hasText: '0.13.3+wasi-0.2.2' });
    await wasi.scrollIntoViewIfNeeded();
    // Added: no "Older" label over an empty version on a phone, the current one shown.
    expect(await wasi.locator('td.from').isVisible()).toBe(false);
    expect(await wasi.locator('td.to').innerText()).toBe('0.13.3+wasi-0.2.2');
    expect(await wasi.locator('td.what').innerText()).toMatch(/^pulled in by getrandom 0\.3\.1 as normal wasi, platform-gated if /);
    const box = (await wasi.locator('td.what').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(artifacts, 'added-crate-phone.png') });
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
