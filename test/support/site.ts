// Build the site once per test run into a temporary folder. SITE_DIR points
// the browser tests at a site built elsewhere instead (e.g. an older commit,
// to check that a new test fails there).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

const ROOT = join(import.meta.dirname, '..', '..');

export async function buildSite(): Promise<string> {
  if (process.env.SITE_DIR) return process.env.SITE_DIR;
  const outDir = mkdtempSync(join(tmpdir(), 'playground-site-'));
  await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}
