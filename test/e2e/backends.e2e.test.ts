// The backend switch in Debian's chromium: reached and moved with the keyboard, each backend's tabs
// and zip hold exactly what its renderers give in-process for the example (every .nix file parses
// with nix-instantiate), "Download all" puts every backend in its own folder, the comparison panel
// shows the counts computed for the workspace, the choice survives a reload, and the switch fits a
// phone. Screenshots of switch and panel (desktop and phone) land in test-results/backends/.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { BACKENDS, DEFAULT_USER_OPTIONS, flakeOptionsOf, type BackendId } from '../../worker/options/user-options.ts';
import { resolveWorkspace } from '../../worker/pipeline.ts';
import { BACKEND_GUIDES, buildCommands } from '../../worker/render/backend-readme.ts';
import { RENDERERS, renderAll } from '../../worker/render/index.ts';
import type { OutputFile } from '../../worker/render/renderer.ts';
import { comparisonFacts, type ComparisonFacts } from '../../worker/views/comparison.ts';
import { DESKTOP, PHONE, download, outputEditor, useE2E, waitForResult } from '../support/e2e.ts';
import { FIXTURES } from '../support/golden.ts';
import { EXAMPLE_SOURCES } from '../tools/build-examples.ts';

const exec = promisify(execFile);
const e2e = useE2E('backends');
const { pageErrors, artifacts: ARTIFACTS, pageUrl, freshPage, newContext } = e2e;
const EXAMPLE = 'workspace';
const backends = BACKENDS.filter((b) => RENDERERS.some((r) => r.backend === b));

/** What each backend's renderers write for the example, in-process, and the comparison facts. */
let expected: Map<BackendId, OutputFile[]>;
let facts: ComparisonFacts;
let scratch: string;

beforeAll(async () => {
  const src = EXAMPLE_SOURCES[EXAMPLE]!;
  const model = await resolveWorkspace(await readWorkspaceDir(join(FIXTURES, src.set, 'cases', src.name)), {
    source: new RegistryDirSource(join(FIXTURES, src.set, 'registry')),
  });
  expected = new Map();
  for (const b of backends) {
    const outputs = renderAll(
      model,
      { flake: flakeOptionsOf(DEFAULT_USER_OPTIONS), gitHashes: [] },
      RENDERERS.filter((r) => r.backend === b),
    );
    expected.set(
      b,
      outputs.flatMap((o) => (o.ok ? o.files : [])),
    );
  }
  facts = comparisonFacts(model, []);
  scratch = mkdtempSync(join(tmpdir(), 'backends-e2e-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const radio = (page: Page, b: BackendId) => page.getByRole('radio', { name: b, exact: true });
const outputTabs = (page: Page) => page.locator('[aria-label="Generated files"] [role="tab"]').allInnerTexts();

/** nix-instantiate --parse over every .nix file of the zip (written under a fresh folder). */
async function parseNix(files: Record<string, string>): Promise<string[]> {
  const root = mkdtempSync(join(scratch, 'zip-'));
  const nix = Object.keys(files).filter((p) => p.endsWith('.nix'));
  for (const p of nix) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), files[p]!);
  }
  if (nix.length > 0)
    await exec('nix-instantiate', ['--parse', ...nix.map((p) => join(root, p))], { env: { ...process.env, NIX_PATH: '' }, maxBuffer: 64 << 20 });
  return nix;
}

/**
 * Tab presses from the top of the page until a backend radio has focus (the switch is in the tab
 * order). In an editor Tab indents, so first Escape, as the page's help says.
 */
async function tabToSwitch(page: Page): Promise<number> {
  await page.locator('body').focus();
  for (let presses = 1; presses <= 80; presses++) {
    if (await page.evaluate(() => document.activeElement?.classList.contains('cm-content') ?? false)) await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'backend')) return presses;
  }
  throw new Error('Tab never reached the backend switch');
}

describe('backend switch', () => {
  it('is reached with Tab and moved with the arrow keys; each choice shows its files and downloads them, every .nix parsing', async () => {
    const page = await freshPage(DESKTOP);
    await page.goto(pageUrl(`&example=${EXAMPLE}`));
    await waitForResult(page);
    expect(await radio(page, 'cargo2nix').isChecked()).toBe(true);
    expect(await outputTabs(page)).toEqual(expected.get('cargo2nix')!.map((f) => f.path));

    await tabToSwitch(page);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('cargo2nix');
    await page.keyboard.press('ArrowRight');
    expect(await radio(page, backends[1]!).isChecked()).toBe(true);
    expect(await outputTabs(page)).toEqual(expected.get(backends[1]!)!.map((f) => f.path));

    for (const b of backends) {
      await radio(page, b).check();
      expect(await outputTabs(page), b).toEqual(expected.get(b)!.map((f) => f.path));
      const zip = await download(page);
      expect(zip['(name)']).toBe(b === 'cargo2nix' ? `${EXAMPLE}-nix.zip` : `${EXAMPLE}-${b}-nix.zip`);
      const inZip = Object.keys(zip).filter((k) => !k.startsWith('('));
      const want = expected.get(b)!;
      expect(inZip.filter((p) => !p.endsWith('Cargo.toml') && p !== 'Cargo.lock').sort(), b).toEqual(
        [...want.map((f) => f.path), 'README.md'].sort(),
      );
      for (const f of want) expect(zip[f.path] === f.text, `${b}/${f.path}`).toBe(true);
      expect(zip['README.md']).toMatch(new RegExp(`^# ${EXAMPLE}: .*${b === 'buildRustPackage' ? 'buildRustPackage' : b}`));
      expect((await parseNix(zip)).length, b).toBeGreaterThan(0);
    }
    // Switching shows files already rendered: one run for the whole tour.
    expect(Number(await page.locator('footer.status').getAttribute('data-runs'))).toBe(1);
    await page.close();
  });

  it('“Download all” holds every backend in its own folder with its README; every .nix parses', async () => {
    const page = await freshPage(DESKTOP);
    await page.goto(pageUrl(`&example=${EXAMPLE}`));
    await waitForResult(page);
    const zip = await download(page, 'Download all');
    expect(zip['(name)']).toBe(`${EXAMPLE}-all-backends-nix.zip`);
    for (const b of backends) {
      for (const f of expected.get(b)!) expect(zip[`${b}/${f.path}`] === f.text, `${b}/${f.path}`).toBe(true);
      expect(zip[`${b}/README.md`]).toBeDefined();
    }
    expect(zip['README.md']).toMatch(/one folder per tool/i);
    const parsed = await parseNix(zip);
    expect(new Set(parsed.map((p) => p.slice(0, p.indexOf('/'))))).toEqual(new Set(backends));
    await page.close();
  });

  it('the comparison panel shows the counts computed for the workspace; “Show files” switches; the choice survives a reload', async () => {
    const context = await newContext(DESKTOP);
    const page = await context.newPage();
    await page.goto(pageUrl(`&example=${EXAMPLE}`));
    await waitForResult(page);
    await page.getByRole('button', { name: 'Compare' }).click();
    const panel = page.getByRole('region', { name: 'Backends compared for this workspace' });
    await panel.waitFor();
    expect(await panel.getByTestId('comparison-scope').innerText()).toContain(`${facts.cratesBuilt} crates built on ${facts.platform}`);
    for (const b of facts.backends) {
      const card = panel.locator(`article[data-backend="${b.backend}"]`);
      expect(await card.locator('[data-fact="derivations"] strong').innerText(), b.backend).toBe(String(b.derivations));
      expect(await card.locator('.pick').innerText()).toBe(b.pickWhen);
    }
    expect(facts.backends.find((b) => b.backend === 'buildRustPackage')!.derivations).toBe(1);
    expect(facts.backends.find((b) => b.backend === 'cargo2nix')!.derivations).toBe(facts.cratesBuilt);
    await page.screenshot({ path: join(ARTIFACTS, 'comparison-desktop.png') });

    await panel.locator('article[data-backend="crane"]').getByRole('button', { name: 'Show files' }).click();
    expect(await radio(page, 'crane').isChecked()).toBe(true);
    await page.getByRole('tab', { name: 'flake.nix' }).click();
    await page.screenshot({ path: join(ARTIFACTS, 'switch-desktop.png') });

    // Remembered: the page saves its draft when it goes away (pagehide), and the next visit opens on crane.
    expect(Number(await page.locator('footer.status').getAttribute('data-runs'))).toBe(1);
    await page.reload();
    await waitForResult(page);
    expect(await radio(page, 'crane').isChecked()).toBe(true);
    expect(await outputTabs(page)).toEqual(expected.get('crane')!.map((f) => f.path));
    await context.close();
  });

  it('fits a phone: no sideways scroll, every choice visible and tappable', async () => {
    const page = await freshPage(PHONE);
    await page.goto(pageUrl(`&example=${EXAMPLE}`));
    await waitForResult(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    for (const b of backends) {
      const box = await page.locator('label', { has: radio(page, b) }).boundingBox();
      expect(box, b).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    }
    await page.locator('label', { has: radio(page, 'naersk') }).tap();
    expect(await radio(page, 'naersk').isChecked()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'switch-phone.png') });
    await page.getByRole('button', { name: 'Compare' }).tap();
    await page.getByRole('region', { name: 'Backends compared for this workspace' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'comparison-phone.png') });
    await page.close();
  });

  it('“How to build” follows the chosen backend: its tool, its files, their purposes, notes and commands, as the README says them', async () => {
    const page = await freshPage(DESKTOP);
    await page.goto(pageUrl(`&example=${EXAMPLE}`));
    await waitForResult(page);
    const toggle = page.getByRole('button', { name: 'How to build' });
    const panel = page.getByRole('region', { name: 'How to build this' });
    for (const b of backends) {
      await radio(page, b).check();
      await toggle.click();
      const text = await panel.innerText();
      const guide = BACKEND_GUIDES[b];
      const files = expected.get(b)!;
      expect(await panel.getByRole('heading').innerText(), b).toBe(`Build it with ${guide.title}`);
      expect(text, b).toContain(b === 'cargo2nix' ? `${EXAMPLE}-nix.zip` : `${EXAMPLE}-${b}-nix.zip`);
      // The zip's folder is the project's, whichever backend it holds.
      expect(text, b).toContain(`the folder ${EXAMPLE}/ holds`);
      const plain = (t: string) => t.replaceAll('`', '');
      for (const f of files)
        expect(text, `${b}: ${f.path}`).toContain(guide.purpose[f.path] ? `${f.path}: ${plain(guide.purpose[f.path]!)}` : f.path);
      for (const note of guide.notes) expect(text, b).toContain(plain(note));
      const commands = buildCommands(
        files.map((f) => f.path),
        files.find((f) => f.path === 'flake.nix')!.text,
      );
      expect(await panel.locator('pre').innerText(), b).toBe(commands.join('\n'));
      expect(await panel.getByRole('link', { name: `${guide.title}'s documentation` }).getAttribute('href')).toBe(guide.docs);
      if (b === 'crane') await page.screenshot({ path: join(ARTIFACTS, 'build-help-crane-desktop.png') });
      await page.keyboard.press('Escape');
      await expect.poll(() => panel.count()).toBe(0);
    }
    await page.close();

    // On a phone the panel stays inside the screen, under the header.
    const phone = await freshPage(PHONE);
    await phone.goto(pageUrl(`&example=${EXAMPLE}`));
    await waitForResult(phone);
    await radio(phone, 'crane').check();
    await phone.getByRole('button', { name: 'How to build' }).tap();
    const box = (await phone.getByRole('region', { name: 'How to build this' }).boundingBox())!;
    const header = (await phone.locator('header.app-header').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.y).toBeGreaterThanOrEqual(header.y + header.height);
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    await phone.screenshot({ path: join(ARTIFACTS, 'build-help-crane-phone.png') });
    await phone.close();
  });

  it('highlights each output file in its own language (JSON and Markdown too), following the file across backends', async () => {
    const page = await freshPage(DESKTOP);
    await page.goto(pageUrl(`&example=${EXAMPLE}`));
    await waitForResult(page);
    // CodeMirror names the language it parses with on the editor's content element.
    const NAMES: Record<string, string> = { nix: 'Nix', json: 'json', markdown: 'markdown' };
    const seen = new Set<string>();
    for (const b of ['cargo2nix', 'crate2nix', 'dream2nix', 'cargo2nix'] as const) {
      await radio(page, b).check();
      for (const f of expected.get(b)!) {
        await page.getByRole('tab', { name: f.path, exact: true }).click();
        await expect.poll(() => outputEditor(page).getAttribute('data-language'), { message: `${b}/${f.path}` }).toBe(NAMES[f.language]);
        seen.add(f.language);
      }
    }
    expect([...seen].sort()).toEqual(['json', 'markdown', 'nix']);
    await page.close();
  });

  it('the comparison says what a new version of the widest dependency rebuilds, per backend; keyboard reachable; fits a phone', async () => {
    const widest = facts.widestDependency!;
    expect(widest).toBeDefined();
    for (const options of [DESKTOP, PHONE]) {
      const page = await freshPage(options);
      await page.goto(pageUrl(`&example=${EXAMPLE}`));
      await waitForResult(page);
      const compare = page.getByRole('button', { name: 'Compare' });
      await compare.focus();
      await page.keyboard.press('Enter');
      const panel = page.getByRole('region', { name: 'Backends compared for this workspace' });
      await panel.waitFor();
      expect(await panel.getByTestId('comparison-widest').innerText()).toBe(
        `The dependency most crates reach is ${widest.name} ${widest.version}: ${widest.rebuilt} of ${facts.cratesBuilt} crates are it or depend on it.`,
      );
      for (const b of facts.backends) {
        const fact = panel.locator(`article[data-backend="${b.backend}"] [data-fact="lock-change"]`);
        expect(await fact.locator('.rebuilds').innerText(), b.backend).toBe(
          `a new ${widest.name} rebuilds ${b.lockChangeCrates} of ${facts.cratesBuilt} crates`,
        );
        expect(await fact.innerText()).toContain(b.lockChange);
      }
      // Per-crate backends rebuild fewer crates than the whole build here; the others all of it.
      expect(facts.backends.find((b) => b.backend === 'cargo2nix')!.lockChangeCrates).toBeLessThan(facts.cratesBuilt);
      expect(facts.backends.find((b) => b.backend === 'crane')!.lockChangeCrates).toBe(facts.cratesBuilt);
      // From the Compare button, Tab reaches the panel and every card's "Show files", and Enter on one switches.
      const reached = new Set<string>();
      for (let presses = 0; presses < 40 && reached.size < backends.length - 1; presses++) {
        await page.keyboard.press('Tab');
        const card = await page.evaluate(() => {
          const el = document.activeElement;
          return el?.textContent === 'Show files' ? (el.closest('article')?.getAttribute('data-backend') ?? null) : null;
        });
        if (card) reached.add(card);
      }
      expect([...reached].sort()).toEqual(backends.filter((b) => b !== 'cargo2nix').sort());
      await page.keyboard.press('Enter');
      expect(await radio(page, [...reached].at(-1) as BackendId).isChecked()).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(ARTIFACTS, `comparison-rebuilds-${options === PHONE ? 'phone' : 'desktop'}.png`), fullPage: false });
      await page.close();
    }
  });

  it('switch and comparison panel have no serious accessibility violations (axe-core), light and dark', async () => {
    const axe = readFileSync(join(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await newContext({ ...DESKTOP, colorScheme });
      const page = await context.newPage();
      await page.goto(pageUrl(`&example=${EXAMPLE}`));
      await waitForResult(page);
      await page.getByRole('button', { name: 'Compare' }).click();
      await page.getByRole('region', { name: 'Backends compared for this workspace' }).waitFor();
      await page.addScriptTag({ content: axe });
      // Only the outputs pane (switch, pressed Compare, panel): the rest of the page is site.test.ts's.
      const violations = await page.evaluate<{ id: string; nodes: string[] }[]>(`(async () => {
        const r = await axe.run(document.querySelector('[aria-label="Outputs"]'), { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, nodes: v.nodes.map((n) => String(n.target) + ' ' + (n.failureSummary || '').slice(0, 160)) }));
      })()`);
      expect(violations, colorScheme).toEqual([]);
      await context.close();
    }
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
