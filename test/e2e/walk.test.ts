// A walk through the site as a first-time user, on a desktop (1440×900) and a
// phone (390×844): first visit → pick an example → edit → error → fix →
// options → download. Each step checks what the page shows and leaves a
// screenshot in test-results/walk/<device>-<n>-<step>.png to look at.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESKTOP, download, isUncovered, outputEditor, PHONE, runsOf, useE2E, waitForResult, inputEditor } from '../support/e2e.ts';

const e2e = useE2E('walk');
const DEVICES = { desktop: DESKTOP, phone: PHONE };
const settled = waitForResult;
const runs = runsOf;
const inputs = inputEditor;
const outputs = outputEditor;
const onScreen = isUncovered;

for (const [device, options] of Object.entries(DEVICES)) {
  describe(`walk on a ${device}`, () => {
    it('first visit → example → edit → error → fix → options → download', async () => {
      const page = await e2e.freshPage(options);
      let step = 0;
      const shot = async (name: string) => {
        step++;
        await page.screenshot({ path: join(e2e.artifacts, `${device}-${step}-${name}.png`) });
      };

      // 1. First visit: what this is, a working example, its summary.
      await page.goto(e2e.pageUrl());
      expect(await settled(page, 0)).toMatch(/^1 crate, 1 member\b/);
      const intro = page.getByRole('region', { name: 'About this page' });
      expect(await intro.innerText()).toMatch(/Cargo\.nix/);
      await expect.poll(() => page.getByRole('button', { name: /^Example/ }).getAttribute('aria-label')).toBe('Example: Hello world');
      expect(await outputs(page).innerText()).toContain('hello-world');
      expect(await onScreen(page, 'footer.status')).toBe(true);
      await shot('first-visit');

      // 2. Pick the workspace example: an untouched example is replaced without asking.
      let before = await runs(page);
      await page.getByRole('button', { name: /^Example/ }).click();
      await page.getByRole('option', { name: /A workspace/ }).click();
      expect(await settled(page, before)).toMatch(/crates, 3 members/);
      await page.getByRole('tab', { name: 'app/Cargo.toml' }).waitFor();
      expect(await page.getByRole('button', { name: /^Example/ }).getAttribute('aria-label')).toBe('Example: A workspace (3 members, proc-macro)');
      await shot('example');

      // 3. Edit a member: the output follows.
      before = await runs(page);
      await page.getByRole('tab', { name: 'util/Cargo.toml' }).click();
      await inputs(page).click();
      await page.keyboard.press('ControlOrMeta+End');
      await page.keyboard.insertText('\n# edited in the walk\n');
      expect(await settled(page, before)).toMatch(/crates, 3 members/);
      await shot('edit');

      // 4. Break the TOML: a located error, on screen (not under an editor).
      before = await runs(page);
      await page.keyboard.insertText('version = = "1"\n');
      expect(await settled(page, before)).toMatch(/Error\s+util\/Cargo\.toml:\d+:\d+/);
      expect(await onScreen(page, 'footer.status [role=alert]')).toBe(true);
      // The outputs pane says its files are from earlier inputs, and where the error is.
      expect(await page.locator('[aria-label="Outputs"] .banner').innerText()).toMatch(
        /out of date\. The inputs on screen have an error \(util\/Cargo\.toml:\d+\), so/,
      );
      await shot('error');

      // 5. Fix it: Undo in the editor removes the bad line; the summary is back.
      before = await runs(page);
      await page.keyboard.press('ControlOrMeta+z');
      expect(await settled(page, before)).toMatch(/crates, 3 members/);
      expect(await inputs(page).innerText()).toContain('# edited in the walk');
      expect(await inputs(page).innerText()).not.toContain('version = =');
      await shot('fixed');

      // 6. Options: a debug build changes flake.nix; Escape closes the panel.
      await page.getByRole('button', { name: 'Options' }).click();
      const panel = page.getByRole('region', { name: 'Options' });
      await panel.waitFor();
      await shot('options');
      before = await runs(page);
      await panel.getByRole('checkbox', { name: /release build/ }).uncheck();
      await settled(page, before);
      await page.keyboard.press('Escape');
      await expect.poll(() => panel.count()).toBe(0);
      await page.getByRole('tab', { name: 'flake.nix' }).click();
      await expect.poll(() => outputs(page).innerText()).toMatch(/release = false/);

      // 7. How to build, then the download holds what was on screen.
      await page.getByRole('button', { name: 'How to build' }).click();
      expect(await page.getByRole('region', { name: 'How to build this' }).innerText()).toContain('nix build');
      await shot('how-to-build');
      await page.keyboard.press('Escape');
      const files = await download(page);
      expect(Object.keys(files)).toEqual(expect.arrayContaining(['Cargo.nix', 'flake.nix', 'Cargo.lock', 'util/Cargo.toml', 'README.md']));
      expect(files['util/Cargo.toml']).toContain('# edited in the walk');
      expect(files['flake.nix']).toMatch(/release = false/);
      await shot('downloaded');

      await page.close();
      expect(e2e.pageErrors).toEqual([]);
    });
  });
}
