// Every Insight view and the backend comparison on a phone (390×844, touch) in Debian's chromium on
// the built site, on the bundled bigger-project example and on cargo2nix's own 388-package
// workspace: each view opens, shows its real content (a why chain's crates, the platform count, a
// native library, the graph's nodes, lock-diff rows, the tree as the command line prints it), has a
// screen of its own (most of the viewport, no sideways page scroll, controls at least 44 px tall),
// is reached and used by keyboard alone, and its share link reopens it on a phone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../worker/core/summary.ts';
import { MemorySource, type MetadataSnapshot } from '../../worker/metadata/memory-source.ts';
import { loadSummaries, parseInputs } from '../../worker/pipeline.ts';
import type { TreeWorkspace } from '../../worker/views/cargo-tree.ts';
import { dependencyGraph } from '../../worker/views/graph.ts';
import { treeWorkspace } from '../../worker/views/tree/tree-workspace.ts';
import { backendCase } from '../golden/backends/cases.ts';
import { loadTreeWorkspace, runTree, treeManifest } from '../golden/tree/tree-cases.ts';
import { FIXTURES } from '../support/golden.ts';
import { importCargo2nixSelf, PHONE, useE2E, waitForResult } from '../support/e2e.ts';

const { pageUrl, freshPage, pageErrors, artifacts } = useE2E('insight-phone');

const selfDir = join(FIXTURES, 'crates-io', 'cases', 'cargo2nix-self');
const biggerDir = join(FIXTURES, 'crates-io', 'cases', 'bigger-project');

interface Project {
  readonly name: 'bigger' | 'self';
  readonly lock: string;
  /** What `cargo tree` prints for the workspace with the command line's defaults. */
  readonly tree: string;
  /** The crate asked about in Why, the member its chains start at and how many chains there are. */
  readonly why: { readonly crate: string; readonly title: string; readonly member: string; readonly count: RegExp };
  readonly crates: number;
  readonly built: number;
  /** A native library and its status. */
  readonly native: { readonly crate: string; readonly status: string };
  readonly graphNodes: number;
}

async function open(page: Page, name: Project['name']) {
  if (name === 'bigger') {
    await page.goto(pageUrl('&example=bigger-project'));
    expect(await waitForResult(page)).toMatch(/^126 crates/);
    return;
  }
  await importCargo2nixSelf(page, pageUrl());
}

/** The element that has the keyboard focus, described well enough to assert on. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      role: el?.getAttribute('role') ?? '',
      label: el?.getAttribute('aria-label') ?? '',
      text: (el?.innerText ?? '').trim().slice(0, 80),
      id: el?.id ?? '',
      type: (el as HTMLInputElement | null)?.type ?? '',
    };
  });

/**
 * Press Tab until the focus is on an element matching `selector` (as a keyboard user would: out of
 * a code editor with Escape first, as the page's own hint says). Fails if it is never reached.
 */
async function tabTo(page: Page, selector: string, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    if (await page.evaluate(() => document.activeElement?.closest('.cm-content') != null)) await page.keyboard.press('Escape');
    await page.keyboard.press(key);
  }
  throw new Error(`Tab never reached ${selector}; focus ends on ${JSON.stringify(await focused(page))}`);
}

/**
 * The view has a screen of its own: the page never scrolls sideways, the view's box is on screen
 * and at least 60% of the viewport's height, and the controls in it (fields, pickers, tabs, folds,
 * check boxes) are at least 44 px tall. Saves the screenshot looked at.
 */
async function fitsPhone(page: Page, box: string, shot: string, controlsToo = true) {
  const m = await page.evaluate((sel) => {
    const el = document.querySelector(sel)!;
    const r = el.getBoundingClientRect();
    return { scrollWidth: document.scrollingElement!.scrollWidth, width: innerWidth, height: innerHeight, top: r.top, bottom: r.bottom };
  }, box);
  expect(m.scrollWidth, `${shot}: page scrolls sideways`).toBeLessThanOrEqual(m.width);
  expect(m.top, shot).toBeGreaterThanOrEqual(0);
  expect(m.bottom, shot).toBeLessThanOrEqual(m.height + 1);
  expect(m.bottom - m.top, `${shot}: the view's height`).toBeGreaterThanOrEqual(0.6 * m.height);
  // Every Insight tab is on screen (none scrolled out of sight in its bar).
  const tabs = await page.evaluate(() => {
    const list = document.querySelector('[role=tablist][aria-label="Insight views"]');
    return list ? [...list.children].map((t) => t.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })) : [];
  });
  for (const t of tabs) {
    expect(t.left, `${shot}: an Insight tab off screen`).toBeGreaterThanOrEqual(0);
    expect(t.right, `${shot}: an Insight tab off screen`).toBeLessThanOrEqual(m.width);
  }
  if (controlsToo) {
    const small = await page.evaluate((sel) => {
      const controls = [
        ...document.querySelectorAll<HTMLElement>(
          `${sel} select, ${sel} input[type=text], ${sel} input[type=search], ${sel} input[type=number], ${sel} input:not([type]), ${sel} summary, ` +
            `${sel} label:has(> input[type=checkbox]), ${sel} label:has(> input[type=radio]), [role=tablist][aria-label="Insight views"] [role=tab], ${sel} header button`,
        ),
      ];
      return controls
        .map((c) => ({
          what: `${c.tagName.toLowerCase()} ${c.innerText.trim().slice(0, 30) || c.getAttribute('aria-label') || ''}`,
          h: c.getBoundingClientRect().height,
        }))
        .filter((c) => c.h > 0 && c.h < 44);
    }, box);
    expect(small, `${shot}: controls under 44 px`).toEqual([]);
  }
  await page.screenshot({ path: join(artifacts, `${shot}.png`) });
}

const view = (page: Page) => page.locator('#insight-view');
/** The backend comparison's toggle (the lock diff has a Compare button of its own). */
const compareButton = (page: Page) => page.getByRole('button', { name: 'Compare', exact: true }).and(page.locator('[aria-pressed]'));
/** The Insight tab on screen (the one in the tab order). */
const insightTab = (page: Page) => page.getByRole('tablist', { name: 'Insight views' }).locator('[aria-selected=true]');
const whyTitle = async (page: Page) => (await page.getByTestId('why-title').innerText()).replace(/\u00a0/g, ' ');
const treeLines = (text: string, n: number) => text.split('\n').slice(0, n).join('\n');

/** The focused Insight tab, then → until the view `id` is on screen. */
async function arrowToView(page: Page, id: string) {
  for (let i = 0; i < 6 && (await view(page).getAttribute('data-view')) !== id; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(() => view(page).getAttribute('data-view')).toBe(id);
  expect((await focused(page)).role).toBe('tab');
}

/** The share dialog's link for what is on screen (the inputs and the output tab, hence the view). */
async function shareLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByRole('dialog', { name: 'Share' }).getByRole('textbox', { name: 'Link', exact: true }).inputValue();
  await page.keyboard.press('Escape');
  expect(link).toMatch(/#s=/);
  return link;
}

/** Opens a share link on a phone (the crates come from the fake registry) and returns the reader once the run is done. */
async function reopen(link: string): Promise<Page> {
  const reader = await freshPage(PHONE);
  await reader.goto(pageUrl() + link.slice(link.indexOf('#')));
  await waitForResult(reader);
  return reader;
}

/** Every view and the comparison, by keyboard, on one phone page. */
async function walk(p: Project) {
  const page = await freshPage(PHONE);
  await open(page, p.name);
  const shot = (n: string) => `${p.name}-${n}`;

  // The comparison: Enter on Compare opens it on a screen of its own; Show files picks a backend.
  await compareButton(page).focus();
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.getByTestId('comparison-scope').innerText())
    .toContain(`${p.built} crates built on x86_64-linux, ${p.crates} packages in Cargo.lock`);
  expect(await page.locator('.comparison article').count()).toBe(6);
  await fitsPhone(page, '.comparison', shot('comparison'));
  await tabTo(page, '[data-backend="crate2nix"] button');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('.comparison article.chosen').getAttribute('data-backend')).toBe('crate2nix');
  // The button pressed is gone (that card is the chosen one now): back to the first card's.
  await tabTo(page, '[data-backend="cargo2nix"] button', 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('.comparison article.chosen').getAttribute('data-backend')).toBe('cargo2nix');
  await compareButton(page).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('.comparison').count()).toBe(0);

  // Insight by keyboard: Enter on its button, Tab to its tabs, arrows between views.
  await page.getByRole('button', { name: 'Insight', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => view(page).getAttribute('data-view')).toBe('why');
  await tabTo(page, '#insight-tab-why');

  // Why: the crate field, typed into, Enter asks.
  await tabTo(page, '#why-crate');
  await page.keyboard.type(p.why.crate);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('why-count').innerText()).toMatch(p.why.count);
  expect(await whyTitle(page)).toBe(p.why.title);
  const chain = (await page.getByTestId('why-chain').first().innerText()).replace(/\u00a0/g, ' ');
  expect(chain).toContain(p.why.member);
  expect(chain).toContain(p.why.title);
  await fitsPhone(page, '#insight-view', shot('why'));

  // Tree: the options folded on a phone, the summary one line; the text is the command line's.
  await insightTab(page).focus();
  await arrowToView(page, 'tree');
  await expect.poll(() => page.getByTestId('tree-options-summary').innerText()).toBe('cargo tree');
  const text = await page.getByTestId('tree-text').evaluate((el) => el.textContent ?? '');
  expect(treeLines(text, 40)).toBe(treeLines(p.tree, 40));
  expect(await page.locator('.tree-options').getAttribute('open')).toBeNull();
  const summary = await page.locator('.tree-options > summary').boundingBox();
  expect(summary!.height).toBeLessThan(60);
  await fitsPhone(page, '#insight-view', shot('tree'));
  await tabTo(page, '.tree-options > summary');
  await page.keyboard.press('Enter');
  expect(await page.locator('.tree-options').getAttribute('open')).toBe('');
  await tabTo(page, 'label:has(> input[type=checkbox]) > input:not(:checked)');
  await page.keyboard.press('Space');
  await expect.poll(() => page.getByTestId('tree-options-summary').innerText()).toBe('cargo tree -e normal,build,dev,features');
  await fitsPhone(page, '#insight-view', shot('tree-options'));
  await page.keyboard.press('Space');
  await expect.poll(() => page.getByTestId('tree-options-summary').innerText()).toBe('cargo tree');

  // Platforms: the count, and the second platform picked with the keyboard.
  await insightTab(page).focus();
  await arrowToView(page, 'platforms');
  await expect.poll(() => page.getByTestId('plan-count').innerText()).toMatch(new RegExp(`^${p.built} crates build on x86_64-linux`));
  await fitsPhone(page, '#insight-view', shot('platforms'));
  await tabTo(page, '#plan-b');
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => page.getByTestId('plan-diff').innerText()).toMatch(/crates build on both\./);
  await fitsPhone(page, '#insight-view', shot('platforms-diff'));

  // Native libraries: a library's card, its override opened with Enter.
  await insightTab(page).focus();
  await arrowToView(page, 'native');
  const lib = page.locator(`[data-crate="${p.native.crate}"]`);
  await expect.poll(() => lib.getAttribute('data-status')).toBe(p.native.status);
  await tabTo(page, `[data-crate="${p.native.crate}"] summary`);
  await page.keyboard.press('Enter');
  await expect.poll(() => lib.locator('details[open] pre').first().innerText()).toContain(p.native.crate);
  await fitsPhone(page, '#insight-view', shot('native'));

  // Graph: every crate drawn; the drawing takes the focus and + zooms.
  await insightTab(page).focus();
  await arrowToView(page, 'graph');
  await expect
    .poll(() => page.getByTestId('graph-count').innerText(), { timeout: 120_000 })
    .toMatch(new RegExp(`^${p.graphNodes} crates, \\d+ edges`));
  await expect.poll(() => page.locator('svg.drawing [data-node]').count()).toBe(p.graphNodes);
  await fitsPhone(page, '#insight-view', shot('graph'));
  await tabTo(page, '[role=application]');
  const transform = () => page.locator('svg.drawing [data-viewport]').getAttribute('transform');
  const before = await transform();
  await page.keyboard.press('+');
  await expect.poll(transform).not.toBe(before);

  // Lock diff: an older lock opened (a file picker has no keyboard path to test), the rows stacked; the radio group by keyboard.
  await insightTab(page).focus();
  await arrowToView(page, 'diff');
  const older = p.lock.replace(/name = "base64"\nversion = "([^"]+)"/, 'name = "base64"\nversion = "0.12.3"');
  expect(older).not.toBe(p.lock);
  await page.locator('.diff-view input[type=file]').setInputFiles({ name: 'Cargo.lock', mimeType: 'text/plain', buffer: Buffer.from(older) });
  await expect.poll(() => page.getByTestId('diff-counts').innerText()).toMatch(/^Cargo\.lock: 0 added, 0 removed, 1 bumped, /);
  const row = page.getByTestId('diff-table').locator('tbody tr', { hasText: 'base64' });
  expect(await row.count()).toBe(1);
  expect(await row.innerText()).toMatch(/^base64\s0\.\d+\.\d+\s+bumped\s+0\.12\.3\s+0\.\d+\.\d+$/);
  // Stacked: the row is no wider than the view, its cells one under another.
  const cells = await row
    .locator('td')
    .evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect()).map((r) => ({ top: r.top, right: r.right })));
  expect(Math.max(...cells.map((c) => c.right))).toBeLessThanOrEqual(390);
  expect(new Set(cells.map((c) => Math.round(c.top))).size).toBeGreaterThan(1);
  await page.getByTestId('diff-table').scrollIntoViewIfNeeded();
  await fitsPhone(page, '#insight-view', shot('diff'));
  await tabTo(page, 'input[type=radio][value=all]');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => view(page).innerText()).toContain('No changes of this kind.');
  await page.close();
}

async function exampleTree(id: string): Promise<string> {
  const data = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'public', 'examples', `${id}.json`), 'utf8')) as {
    files: Record<string, string>;
    snapshot: MetadataSnapshot;
  };
  const inputs = parseInputs(new Map(Object.entries(data.files)));
  const summaries: Map<string, Summary> = await loadSummaries(inputs, { source: new MemorySource(data.snapshot) });
  return cli(treeWorkspace(inputs, summaries, '/ws'));
}

function cli(ws: TreeWorkspace): string {
  const r = runTree(ws, []);
  if (r.exit !== 0) throw new Error(`cargo tree failed: ${r.text}`);
  return r.text;
}

describe('Insight and the comparison on a phone', () => {
  it('bigger-project: every view and the comparison fill the screen, show their content and work by keyboard', async () => {
    const bigger = (await backendCase('crates-io/bigger-project')).ws;
    await walk({
      name: 'bigger',
      lock: readFileSync(join(biggerDir, 'Cargo.lock'), 'utf8'),
      tree: await exampleTree('bigger-project'),
      // cargo tree -i openssl-sys prints the same 8 paths (test/unit/why.test.ts).
      why: { crate: 'openssl-sys', title: 'openssl-sys 0.9.93', member: 'bigger-project 0.1.0', count: /^8 chains lead here from the workspace/ },
      crates: 126,
      built: 83,
      native: { crate: 'openssl-sys', status: 'stock' },
      graphNodes: dependencyGraph(bigger).nodes.length,
    });
  }, 300_000);

  it("cargo2nix's own 388-package workspace: every view and the comparison fill the screen, show their content and work by keyboard", async () => {
    const ws = await loadTreeWorkspace({ ...treeManifest().runs[0]!, dir: 'crates-io/cases/cargo2nix-self', registry: 'crates-io/registry' }, '/ws');
    await walk({
      name: 'self',
      lock: readFileSync(join(selfDir, 'Cargo.lock'), 'utf8'),
      tree: cli(ws),
      why: {
        crate: 'unicode-ident',
        title: 'unicode-ident 1.0.18',
        member: 'cargo2nix 0.12.0',
        count: /^[\d,]+ chains lead here from the workspace; the \d+ shortest:$/,
      },
      crates: 388,
      // As real cargo2nix evaluation builds it on x86_64-linux (test/unit/comparison.test.ts).
      built: 336,
      native: { crate: 'libgit2-sys', status: 'rule' },
      graphNodes: 388,
    });
  }, 420_000);

  it('a share link reopens each view on a phone, on a screen of its own', async () => {
    const page = await freshPage(PHONE);
    await open(page, 'bigger');
    const insight = page.getByRole('button', { name: 'Insight', exact: true });
    await insight.click();
    const routes: { id: string; set: () => Promise<void>; check: (reader: Page) => Promise<void> }[] = [
      {
        id: 'why',
        set: async () => {
          await page.getByLabel('Crate', { exact: true }).fill('bytes@0.5.6');
          await page.getByLabel('Crate', { exact: true }).press('Enter');
          await expect.poll(() => whyTitle(page)).toBe('bytes 0.5.6');
        },
        check: async (r) => expect.poll(() => whyTitle(r)).toBe('bytes 0.5.6'),
      },
      {
        id: 'tree',
        set: async () => {
          await page.getByTestId('tree-options-summary').click();
          await page.getByLabel('Invert (-i)').fill('openssl-sys');
          await page.getByLabel('Invert (-i)').press('Enter');
          await expect.poll(() => page.getByTestId('tree-options-summary').innerText()).toBe('cargo tree -i openssl-sys');
        },
        check: async (r) => {
          await expect.poll(() => r.getByTestId('tree-options-summary').innerText()).toBe('cargo tree -i openssl-sys');
          expect((await r.getByTestId('tree-text').innerText()).split('\n')[0]).toBe('openssl-sys v0.9.93');
        },
      },
      {
        id: 'platforms',
        set: async () => {
          await page.getByLabel('compared with').selectOption('x86_64-windows-gnu');
          await expect.poll(() => page.getByTestId('plan-diff').innerText()).toContain('Only on x86_64-linux (11)');
        },
        check: async (r) => expect.poll(() => r.getByTestId('plan-diff').innerText()).toContain('Only on x86_64-windows-gnu (11)'),
      },
      {
        id: 'native',
        set: async () => {
          await page.locator('[data-crate="openssl-sys"]').waitFor();
        },
        check: async (r) => expect.poll(() => r.locator('[data-crate="openssl-sys"]').getAttribute('data-status')).toBe('stock'),
      },
      {
        id: 'graph',
        set: async () => {
          await page.getByLabel('Find', { exact: true }).fill('openssl');
          await expect.poll(() => page.getByRole('list', { name: 'Crates found' }).innerText(), { timeout: 120_000 }).toContain('openssl-sys 0.9.93');
        },
        check: async (r) => {
          await expect.poll(() => r.getByRole('list', { name: 'Crates found' }).innerText(), { timeout: 120_000 }).toContain('openssl-sys 0.9.93');
          expect(await r.getByLabel('Find', { exact: true }).inputValue()).toBe('openssl');
        },
      },
      {
        id: 'diff',
        set: async () => {
          const lock = readFileSync(join(biggerDir, 'Cargo.lock'), 'utf8');
          const older = lock.replace('name = "base64"\nversion = "0.13.1"', 'name = "base64"\nversion = "0.12.3"');
          await page.locator('.diff-view input[type=file]').setInputFiles({ name: 'Cargo.lock', mimeType: 'text/plain', buffer: Buffer.from(older) });
          await expect.poll(() => page.getByTestId('diff-counts').innerText()).toContain('1 bumped');
        },
        check: async (r) => expect.poll(() => r.getByTestId('diff-counts').innerText()).toContain('1 bumped'),
      },
    ];
    for (const route of routes) {
      await page.locator(`#insight-tab-${route.id}`).click();
      await expect.poll(() => view(page).getAttribute('data-view')).toBe(route.id);
      await route.set();
      const reader = await reopen(await shareLink(page));
      await expect.poll(() => view(reader).getAttribute('data-view')).toBe(route.id);
      await route.check(reader);
      // The reader lands on the view, not on the inputs above it.
      await fitsPhone(reader, '#insight-view', `shared-${route.id}`, false);
      await reader.close();
    }
    // The comparison is an output tab of its own, so a link reopens it too.
    await compareButton(page).click();
    await page.locator('.comparison article').first().waitFor();
    const reader = await reopen(await shareLink(page));
    await expect
      .poll(() => reader.getByTestId('comparison-scope').innerText())
      .toContain('83 crates built on x86_64-linux, 126 packages in Cargo.lock');
    expect(await compareButton(reader).getAttribute('aria-pressed')).toBe('true');
    await fitsPhone(reader, '.comparison', 'shared-comparison', false);
    // Compare again goes back to the files.
    await compareButton(reader).click();
    await expect.poll(() => reader.locator('[aria-label="Outputs"] .cm-content').innerText()).toContain('cargo2nix');
    await reader.close();
    await page.close();
  }, 300_000);

  it('raised no uncaught page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
