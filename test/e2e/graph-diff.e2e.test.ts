// The Insight Graph and Lock diff views in Debian's chromium on the built site: the graph of the
// bundled bigger-project example and of cargo2nix's own 388-package workspace (crate counts as the
// model gives them, and as real cargo2nix evaluation builds them on x86_64-linux: 83 and 336), a
// click and the find list opening "why", SVG and PNG export, keyboard zoom, filters kept across
// views; grouped by member on the multi-member examples (one box per member and one for the shared
// crates, each crate inside its box as the SVG's geometry says, the grouping toggled by keyboard
// and carried by the link); the lock diff of an
// older Cargo.lock (opened as a file, shared by link, a broken one pointed at) and of an older
// Cargo.nix; and both on a phone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dependencyGraph } from '../../worker/views/graph.ts';
import { backendCase } from '../golden/backends/cases.ts';
import { importCargo2nixSelf, DESKTOP, PHONE, useE2E, waitForResult } from '../support/e2e.ts';
import { FIXTURES } from '../support/golden.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { resolveWorkspace } from '../../worker/pipeline.ts';
import { exampleDir } from '../tools/build-examples.ts';

const { pageUrl, freshPage, pageErrors, artifacts } = useE2E('graph-diff');

const biggerDir = join(FIXTURES, 'crates-io', 'cases', 'bigger-project');
const selfDir = join(FIXTURES, 'crates-io', 'cases', 'cargo2nix-self');
const biggerLock = readFileSync(join(biggerDir, 'Cargo.lock'), 'utf8');

const insightButton = (page: Page) => page.getByRole('button', { name: 'Insight', exact: true });
const graphCount = (page: Page) => page.getByTestId('graph-count');
const nodes = (page: Page) => page.locator('svg.drawing [data-node]');

async function openTab(page: Page, tab: string) {
  await insightButton(page).click();
  await page.getByRole('tab', { name: tab }).click();
}

/** The count line once the layout of a graph with `crates` nodes is drawn. */
async function drawn(page: Page, crates: number): Promise<string> {
  await expect.poll(() => graphCount(page).innerText(), { timeout: 120_000 }).toMatch(new RegExp(`^${crates} crates, \\d+ edges`));
  await expect.poll(() => nodes(page).count()).toBe(crates);
  return graphCount(page).innerText();
}

const boxes = (page: Page) => page.locator('svg.drawing [data-cluster]');

/**
 * At Fit: the smallest crate label's height on screen, and how much of the canvas' height the
 * drawing covers (the canvas follows a drawing flatter than itself, so there is no empty band).
 */
async function fitted(page: Page): Promise<{ label: number; covered: number; frame: number }> {
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  return page.evaluate(() => {
    const labels = [...document.querySelectorAll('svg.drawing [data-node] text')].map((t) => t.getBoundingClientRect().height);
    const frame = document.querySelector('[role=application]')!.getBoundingClientRect();
    const drawing = document.querySelector('svg.drawing [data-viewport]')!.getBoundingClientRect();
    return { label: Math.min(...labels), covered: drawing.height / frame.height, frame: frame.height };
  });
}

/** Each drawn box's name, and the crates (by id) whose boxes lie inside it on screen. */
async function boxContents(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const out: Record<string, string[]> = {};
    const rects = [...document.querySelectorAll('svg.drawing [data-cluster]')].map((g) => ({
      name: g.getAttribute('data-cluster')!,
      r: g.querySelector('rect')!.getBoundingClientRect(),
    }));
    for (const b of rects) out[b.name] = [];
    for (const n of document.querySelectorAll('svg.drawing [data-node]')) {
      const r = n.querySelector('rect')!.getBoundingClientRect();
      const within = rects.filter(
        (b) => r.left >= b.r.left - 0.5 && r.right <= b.r.right + 0.5 && r.top >= b.r.top - 0.5 && r.bottom <= b.r.bottom + 0.5,
      );
      for (const b of within) out[b.name]!.push(n.getAttribute('data-node')!);
    }
    for (const list of Object.values(out)) list.sort();
    return out;
  });
}

/** What the model says: each cluster's crates, for the graph the page shows unfiltered. */
function expectedBoxes(g: ReturnType<typeof dependencyGraph>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const n of g.nodes) (out[g.clusters.get(n.id)!] ??= []).push(n.id);
  for (const list of Object.values(out)) list.sort();
  return out;
}

async function openOlder(page: Page, name: string, text: string) {
  await page.locator('.diff-view input[type=file]').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
}

async function importSelf(page: Page) {
  await importCargo2nixSelf(page, pageUrl());
}

describe('Graph', () => {
  it('bigger-project: every crate drawn, filters, find, a click opens why, SVG and PNG, keyboard zoom', async () => {
    const bigger = (await backendCase('crates-io/bigger-project')).ws;
    const all = dependencyGraph(bigger);
    const page = await freshPage();
    await page.goto(pageUrl('&example=bigger-project'));
    await waitForResult(page);
    await openTab(page, 'Graph');
    expect(await drawn(page, all.nodes.length)).toContain(`${all.edges.length} edges`);
    await page.screenshot({ path: join(artifacts, 'graph-desktop.png') });

    // What real cargo2nix evaluation builds on x86_64-linux (test/unit/comparison.test.ts): 83 crates.
    await page.getByLabel('Platform', { exact: true }).selectOption('x86_64-linux');
    await page.getByRole('checkbox', { name: 'dev' }).uncheck();
    await drawn(page, 83);
    expect(await page.locator('svg.drawing path[data-kind=dev]').count()).toBe(0);
    // Platform-specific edges are dotted, and only normal and build edges are left.
    expect(await page.locator('svg.drawing path[data-kind=build]').count()).toBeGreaterThan(0);

    await page.getByLabel('Find', { exact: true }).fill('openssl-sys');
    const found = page.getByRole('list', { name: 'Crates found' });
    await expect.poll(() => found.innerText()).toContain('openssl-sys 0.9.93');
    await found.getByRole('button', { name: 'why?' }).first().click();
    await expect.poll(() => page.getByTestId('why-title').innerText()).toBe('openssl-sys 0.9.93');

    // Back to the graph: its filters as they were; then every kind again, and a click on a crate's box.
    await page.getByRole('tab', { name: 'Graph' }).click();
    await drawn(page, 83);
    await expect.poll(() => page.getByLabel('Platform', { exact: true }).inputValue()).toBe('x86_64-linux');
    expect(await page.getByRole('checkbox', { name: 'dev' }).isChecked()).toBe(false);
    expect(await page.getByLabel('Find', { exact: true }).inputValue()).toBe('openssl-sys');
    await page.getByRole('tab', { name: 'Platforms' }).click();
    await page.getByRole('tab', { name: 'Graph' }).click();
    await drawn(page, 83);
    await page.getByLabel('Platform', { exact: true }).selectOption('');
    await page.getByRole('checkbox', { name: 'dev' }).check();
    await page.getByLabel('Find', { exact: true }).fill('');
    await drawn(page, all.nodes.length);
    // One member: not grouped unless asked.
    expect(await boxes(page).count()).toBe(0);
    await page.getByRole('button', { name: 'Fit' }).click();
    await page.locator('svg.drawing [data-node][data-name="tokio"] text').click();
    await expect.poll(() => page.getByTestId('why-title').innerText()).toBe('tokio 0.2.25');
    await page.getByRole('tab', { name: 'Graph' }).click();
    await drawn(page, all.nodes.length);

    const [svgDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG', exact: true }).click()]);
    expect(svgDl.suggestedFilename()).toBe('dependency-graph.svg');
    const svg = readFileSync(await svgDl.path(), 'utf8');
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg.match(/<g [^>]*data-node=/g)?.length).toBe(all.nodes.length);
    expect(svg.match(/<path [^>]*data-kind=/g)?.length).toBe(all.edges.length);
    expect(svg).toContain('openssl-sys 0.9.93');
    expect(svg).not.toMatch(/data-viewport="" transform=/);
    const [pngDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG', exact: true }).click()]);
    const png = readFileSync(await pngDl.path());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    // Keyboard: the drawing takes focus, + zooms in, 0 fits again.
    const transform = () => page.locator('svg.drawing [data-viewport]').getAttribute('transform');
    await page.getByRole('application').focus();
    const before = await transform();
    await page.keyboard.press('+');
    await expect.poll(transform).not.toBe(before);
    await page.keyboard.press('0');
    await expect.poll(transform).toBe(before);
    await page.close();
  }, 240_000);

  it("cargo2nix's own workspace: 388 crates drawn, 336 on x86_64-linux over normal and build edges", async () => {
    const page = await freshPage();
    await importSelf(page);
    await openTab(page, 'Graph');
    await drawn(page, 388);
    await page.getByLabel('Platform', { exact: true }).selectOption('x86_64-linux');
    await page.getByRole('checkbox', { name: 'dev' }).uncheck();
    await drawn(page, 336);
    await page.screenshot({ path: join(artifacts, 'graph-self-desktop.png') });
    await page.getByLabel('Member', { exact: true }).selectOption('cargo2nix');
    await drawn(page, 336);
    // Grouped on request: one box, every crate drawn inside it.
    expect(await boxes(page).count()).toBe(0);
    await page.getByRole('checkbox', { name: 'Group by member' }).check();
    await expect.poll(() => boxes(page).count(), { timeout: 120_000 }).toBe(1);
    await drawn(page, 336);
    const inside = await boxContents(page);
    expect(Object.keys(inside)).toEqual(['cargo2nix']);
    expect(inside['cargo2nix']!.length).toBe(336);
    await page.screenshot({ path: join(artifacts, 'graph-self-grouped.png') });
    await page.close();
  }, 240_000);

  it('multi-member examples: one box per member and one for shared crates, each crate in its own box; toggled by keyboard, kept by the link', async () => {
    const workspace = dependencyGraph((await backendCase('debian/workspace')).ws);
    const page = await freshPage();
    await page.goto(pageUrl('&example=workspace'));
    await waitForResult(page);
    await openTab(page, 'Graph');
    await drawn(page, workspace.nodes.length);
    await expect.poll(() => boxes(page).count(), { timeout: 120_000 }).toBe(4);
    expect(await boxes(page).evaluateAll((gs) => gs.map((g) => g.getAttribute('data-cluster')))).toEqual(['app', 'macros', 'util', 'shared']);
    expect(await boxContents(page)).toEqual(expectedBoxes(workspace));
    expect(await page.locator('svg.drawing [data-cluster-label="shared"]').textContent()).toBe('shared by several members · 7 crates');
    // Every edge still drawn: the ones across boxes as curves.
    expect(await page.locator('svg.drawing path[data-kind]').count()).toBe(workspace.edges.length);
    expect(await page.locator('svg.drawing path[data-kind][d*="C"]').count()).toBeGreaterThan(0);
    // The boxes stacked to the canvas' shape: labels readable at Fit (they were 5 px tall with the
    // boxes in one row), and the canvas no taller than the drawing.
    const desktop = await fitted(page);
    expect(desktop.label).toBeGreaterThanOrEqual(9);
    expect(desktop.covered).toBeGreaterThan(0.9);
    await page.screenshot({ path: join(artifacts, 'graph-workspace-grouped.png') });

    // The SVG export carries the boxes.
    const [svgDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG', exact: true }).click()]);
    const svg = readFileSync(await svgDl.path(), 'utf8');
    expect(svg.match(/<g [^>]*data-cluster=/g)?.length).toBe(4);
    expect(svg.match(/<g [^>]*data-node=/g)?.length).toBe(workspace.nodes.length);

    // By keyboard: Space on the focused checkbox flattens the drawing and brings the boxes back.
    const toggle = page.getByRole('checkbox', { name: 'Group by member' });
    await toggle.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => boxes(page).count(), { timeout: 120_000 }).toBe(0);
    await drawn(page, workspace.nodes.length);
    expect(await toggle.isChecked()).toBe(false);
    // The link keeps it flat.
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const link = await page.getByRole('dialog', { name: 'Share' }).getByRole('textbox', { name: 'Link', exact: true }).inputValue();
    await page.keyboard.press('Escape');
    await toggle.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => boxes(page).count(), { timeout: 120_000 }).toBe(4);
    await page.close();

    const reader = await freshPage();
    await reader.goto(pageUrl() + link.slice(link.indexOf('#')));
    await waitForResult(reader);
    await drawn(reader, workspace.nodes.length);
    expect(await reader.getByRole('checkbox', { name: 'Group by member' }).isChecked()).toBe(false);
    expect(await boxes(reader).count()).toBe(0);
    await reader.close();

    // The small two-member example: app and greeting, and what both reach.
    const membersWs = await resolveWorkspace(await readWorkspaceDir(exampleDir('workspace-members')), {
      source: new RegistryDirSource(join(FIXTURES, 'crates-io', 'registry')),
    });
    const members = dependencyGraph(membersWs);
    const small = await freshPage();
    await small.goto(pageUrl('&example=workspace-members'));
    await waitForResult(small);
    await openTab(small, 'Graph');
    await drawn(small, members.nodes.length);
    const expected = expectedBoxes(members);
    expect(Object.keys(expected)).toEqual(expect.arrayContaining(['app', 'greeting']));
    await expect.poll(() => boxes(small).count(), { timeout: 120_000 }).toBe(Object.keys(expected).length);
    expect(await boxContents(small)).toEqual(expected);
    await small.screenshot({ path: join(artifacts, 'graph-members-grouped.png') });
    await small.close();

    // On a phone: the boxes drawn, the controls (the grouping among them) wrap with no sideways scrolling.
    const phone = await freshPage(PHONE);
    await phone.goto(pageUrl('&example=workspace'));
    await waitForResult(phone);
    await insightButton(phone).scrollIntoViewIfNeeded();
    await openTab(phone, 'Graph');
    await drawn(phone, workspace.nodes.length);
    await expect.poll(() => boxes(phone).count(), { timeout: 120_000 }).toBe(4);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    // On the phone the canvas shrinks to its floor (300 px, room to pan once zoomed in): a band
    // under 40% of it is left (it was over two thirds of a 600 px canvas with the boxes in one row).
    const onPhone = await fitted(phone);
    expect(onPhone.frame).toBeLessThanOrEqual(302);
    expect(onPhone.covered).toBeGreaterThan(0.6);
    await phone.getByRole('checkbox', { name: 'Group by member' }).scrollIntoViewIfNeeded();
    await phone.screenshot({ path: join(artifacts, 'graph-workspace-phone.png') });
    await phone.close();
  }, 240_000);
});

describe('Lock diff', () => {
  it('bigger-project: an older lock opened as a file, the crate table and text diff, a share link carries it', async () => {
    const page = await freshPage();
    await page.goto(pageUrl('&example=bigger-project'));
    await waitForResult(page);
    await openTab(page, 'Lock diff');
    const older = biggerLock.replace('name = "base64"\nversion = "0.13.1"', 'name = "base64"\nversion = "0.12.3"');
    expect(older).not.toBe(biggerLock);
    await openOlder(page, 'Cargo.lock', older);
    await expect.poll(() => page.getByTestId('diff-counts').innerText()).toBe('Cargo.lock: 0 added, 0 removed, 1 bumped, 0 changed, 125 unchanged.');
    const row = page.getByTestId('diff-table').locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toMatch(/base64[\s\S]*bumped[\s\S]*0\.12\.3[\s\S]*0\.13\.1/);
    await page.getByText('Text diff').click();
    await expect.poll(() => page.locator('.merge .cm-deletedLine, .merge .cm-deletedChunk').count()).toBeGreaterThan(0);
    expect(await page.locator('.merge .cm-content').innerText()).toContain('version = "0.13.1"');
    await page.screenshot({ path: join(artifacts, 'diff-desktop.png') });

    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const link = await page.getByRole('dialog', { name: 'Share' }).getByRole('textbox', { name: 'Link', exact: true }).inputValue();
    await page.close();
    const reader = await freshPage();
    // The link's fragment on a page that reads crates from the fake registry (the link is too long to carry a snapshot by default).
    expect(link).toMatch(/#s=/);
    await reader.goto(pageUrl() + link.slice(link.indexOf('#')));
    await waitForResult(reader);
    await expect
      .poll(() => reader.getByTestId('diff-counts').innerText())
      .toBe('Cargo.lock: 0 added, 0 removed, 1 bumped, 0 changed, 125 unchanged.');
    await reader.close();
  }, 240_000);

  it('points at a broken older lock, in the message and in its editor', async () => {
    const page = await freshPage();
    await page.goto(pageUrl('&example=bigger-project'));
    await waitForResult(page);
    await openTab(page, 'Lock diff');
    await openOlder(page, 'Cargo.lock', 'version = 3\n\n[[package]]\nname = "a"\nversion = = "1"\n');
    await expect.poll(() => page.getByTestId('diff-error').innerText()).toMatch(/^older Cargo\.lock:5:\d+: invalid TOML/);
    await expect.poll(() => page.locator('.diff-view .cm-lintRange-error, .diff-view .cm-lint-marker-error').count()).toBeGreaterThan(0);
    await page.close();
  });

  it("cargo2nix's own workspace: an older Cargo.nix with a platform condition changed", async () => {
    const page = await freshPage();
    await importSelf(page);
    await openTab(page, 'Lock diff');
    const nix = readFileSync(join(selfDir, 'expected', 'Cargo.nix'), 'utf8');
    const older = nix.replace('${ if hostPlatform.isUnix then "libc" else null }', '${ if hostPlatform.isLinux then "libc" else null }');
    expect(older).not.toBe(nix);
    await openOlder(page, 'Cargo.nix', older);
    await expect.poll(() => page.getByTestId('diff-counts').innerText()).toBe('Cargo.nix: 0 added, 0 removed, 0 bumped, 1 changed, 387 unchanged.');
    expect(await page.getByTestId('diff-table').innerText()).toContain(
      'platform condition of normal libc: hostPlatform.isLinux → hostPlatform.isUnix',
    );
    await page.close();
  });
});

describe('on a phone and by keyboard', () => {
  it('fits a phone: no sideways scrolling in either view', async () => {
    const page = await freshPage(PHONE);
    await page.goto(pageUrl('&example=bigger-project'));
    await waitForResult(page);
    await insightButton(page).scrollIntoViewIfNeeded();
    await openTab(page, 'Graph');
    const bigger = (await backendCase('crates-io/bigger-project')).ws;
    await drawn(page, dependencyGraph(bigger).nodes.length);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    // The drawing gets a usable share of the phone's screen once scrolled to.
    const frame = page.getByRole('application');
    await frame.scrollIntoViewIfNeeded();
    const box = (await frame.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(300);
    expect(box.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(artifacts, 'graph-phone.png') });
    await page.getByRole('tab', { name: 'Lock diff' }).click();
    await openOlder(page, 'Cargo.lock', biggerLock.replace('name = "base64"\nversion = "0.13.1"', 'name = "base64"\nversion = "0.12.3"'));
    await expect.poll(() => page.getByTestId('diff-counts').innerText()).toContain('1 bumped');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByTestId('diff-counts').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'diff-phone.png') });
    await page.close();
  });

  it('reaches both views and their controls by keyboard', async () => {
    const page = await freshPage(DESKTOP);
    await page.goto(pageUrl('&example=workspace'));
    await waitForResult(page);
    await insightButton(page).click();
    await page.getByRole('tab', { name: 'Why' }).focus();
    await page.keyboard.press('End');
    expect(await page.locator('#insight-view').getAttribute('data-view')).toBe('diff');
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('#insight-view').getAttribute('data-view')).toBe('graph');
    // The view's panel takes focus first (it scrolls), then its first control.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('checkbox');
    // Space on the focused "normal" checkbox drops normal edges: only the members are left.
    await page.keyboard.press('Space');
    await expect.poll(() => graphCount(page).innerText(), { timeout: 120_000 }).toMatch(/^3 crates, 0 edges/);
    // With every kind unchecked, none is followed (not all three again).
    await page.getByRole('checkbox', { name: 'build' }).uncheck();
    await page.getByRole('checkbox', { name: 'dev' }).uncheck();
    for (const k of ['normal', 'build', 'dev']) expect(await page.getByRole('checkbox', { name: k }).isChecked()).toBe(false);
    await expect.poll(() => graphCount(page).innerText(), { timeout: 120_000 }).toMatch(/^3 crates, 0 edges/);
    await page.close();
  });

  it('raised no uncaught page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
