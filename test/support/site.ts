// Build the site once per test run into a temporary folder. SITE_DIR points
// the browser tests at a site built elsewhere instead (e.g. an older commit,
// to check that a new test fails there).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

const ROOT = join(import.meta.dirname, '..', '..');

/** The folder of static files (the Cloudflare plugin puts them in <outDir>/client). */
export async function buildSite(): Promise<string> {
  if (process.env.SITE_DIR) return process.env.SITE_DIR;
  const outDir = mkdtempSync(join(tmpdir(), 'playground-site-'));
  // vite's build() API builds the client environment only; the edge is tested from its sources (test/support/edge.ts).
  await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const client = join(outDir, 'client');
  return existsSync(join(client, 'index.html')) ? client : outDir;
}
