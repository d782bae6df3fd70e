// Build the site once per test run into a temporary folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

const ROOT = join(import.meta.dirname, '..', '..');

export async function buildSite(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'playground-site-'));
  await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}
