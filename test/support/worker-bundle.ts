// Browser tests that run a piece of worker/ in a real Web Worker: the entry
// source bundled by Vite into one `worker.js` beside an empty `index.html`,
// in a temporary folder the caller serves and finally removes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

export interface WorkerBundle {
  /** The folder to serve: `index.html` and `worker.js`. */
  readonly out: string;
  remove(): void;
}

export async function buildWorkerBundle(entrySource: string, title: string): Promise<WorkerBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'worker-bundle-'));
  const out = join(dir, 'out');
  writeFileSync(join(dir, 'entry.js'), entrySource);
  await build({
    configFile: false,
    root: dir,
    logLevel: 'warn',
    build: {
      outDir: out,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      lib: { entry: join(dir, 'entry.js'), formats: ['es'], fileName: () => 'worker.js' },
    },
  });
  writeFileSync(join(out, 'index.html'), `<!doctype html><title>${title}</title>`);
  return { out, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
