// The generator worker as the site runs it (worker/browser/web-worker.ts behind comlink, in Debian's
// chromium) records the metadata a run reads when asked (`recordSnapshot`), and that snapshot alone
// renders the same Cargo.nix again with the network unreachable: what a share link with a snapshot
// relies on.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GenerateRequest, GenerateResponse } from '../../worker/browser/protocol.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { recordSnapshot } from '../../worker/node/share-link.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { compactSnapshot } from '../../worker/share/snapshot.ts';
import { launchBrowser } from '../support/browser.ts';
import { startFakeRegistry, type FakeRegistry } from '../support/fake-registry.ts';
import { goldenCases } from '../support/golden.ts';
import { serveStatic, type StaticServer } from '../support/static-server.ts';
import { buildWorkerBundle, type WorkerBundle } from '../support/worker-bundle.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CASE = goldenCases().find((c) => c.set === 'crates-io' && c.name === 'cross-compiling')!;

let bundle: WorkerBundle | undefined;
let site: StaticServer;
let browser: Browser;
let registry: FakeRegistry;

beforeAll(async () => {
  bundle = await buildWorkerBundle(`import ${JSON.stringify(join(ROOT, 'worker/browser/web-worker.ts'))};`, 'share worker');
  // The page's side of comlink, as the site uses it: one run after another on one worker.
  copyFileSync(join(ROOT, 'node_modules/comlink/dist/esm/comlink.mjs'), join(bundle.out, 'comlink.mjs'));
  writeFileSync(
    join(bundle.out, 'page.mjs'),
    `import * as Comlink from './comlink.mjs';
window.generateAll = async (requests) => {
  const api = Comlink.wrap(new Worker('/worker.js', { type: 'module' }));
  const out = [];
  for (const [i, r] of requests.entries()) out.push(await api.generate(i + 1, r, Comlink.proxy(() => {})));
  return out;
};
window.pageReady = true;
`,
  );
  writeFileSync(join(bundle.out, 'index.html'), '<!doctype html><title>share worker</title><script type="module" src="/page.mjs"></script>');
  [site, browser, registry] = await Promise.all([serveStatic(bundle.out), launchBrowser(), startFakeRegistry([CASE.registry])]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await registry?.close();
  bundle?.remove();
});

async function generateInWorker(requests: GenerateRequest[]): Promise<GenerateResponse[]> {
  const page = await browser.newPage();
  try {
    await page.goto(`${site.url}/`);
    await page.waitForFunction(() => (window as unknown as { pageReady?: boolean }).pageReady === true);
    return await page.evaluate(
      (requests) => (window as unknown as { generateAll(r: GenerateRequest[]): Promise<GenerateResponse[]> }).generateAll(requests),
      requests,
    );
  } finally {
    await page.close();
  }
}

function cargoNix(response: GenerateResponse | undefined): string {
  if (!response?.ok) throw new Error(`run failed: ${response ? JSON.stringify(response.error) : 'no answer'}`);
  const out = response.outputs.find((o) => o.renderer === 'cargo2nix/Cargo.nix');
  if (!out?.ok) throw new Error('no Cargo.nix');
  return out.files[0]!.text;
}

it('answers the snapshot a run read, and that snapshot renders the same Cargo.nix offline', async () => {
  const files = Object.fromEntries(await readWorkspaceDir(CASE.dir));
  const online: GenerateRequest = {
    files,
    snapshot: undefined,
    network: { indexBase: registry.indexBase, downloadBase: registry.downloadBase },
    flake: {},
    recordSnapshot: true,
  };
  const [first, plain] = await generateInWorker([online, { ...online, recordSnapshot: false }]);
  const expected = readFileSync(CASE.expected, 'utf8');
  expect(cargoNix(first)).toBe(expected);
  if (!first?.ok || !plain?.ok) throw new Error('runs failed');
  expect(plain.snapshot).toBeUndefined();
  expect(first.snapshot).toBeDefined();
  // The same metadata the command line records from the registry folder.
  const fromFolder = await recordSnapshot(new Map(Object.entries(files)), new RegistryDirSource(CASE.registry));
  expect(compactSnapshot(first.snapshot!)).toEqual(compactSnapshot(fromFolder));

  const requestsBefore = registry.requestCount();
  // Nothing listens on port 9 of loopback: any fetch would fail the run.
  const dead = 'http://127.0.0.1:9';
  const [offline] = await generateInWorker([
    { files, snapshot: first.snapshot, network: { indexBase: `${dead}/index`, downloadBase: `${dead}/crates` }, flake: {} },
  ]);
  expect(cargoNix(offline)).toBe(expected);
  expect(registry.requestCount()).toBe(requestsBefore);
});
