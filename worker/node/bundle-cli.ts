// `npm run build` (after vite build): the command line as one Node ESM file, dist/cli.mjs, which
// package.json's `bin` points at. Bundled so that a run starts in one file read and parse instead of
// resolving and transpiling a few dozen modules: start-up, not work, is most of a CLI run's time.
import { chmod } from 'node:fs/promises';
import { join, parse } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..', '..');
export const CLI_ENTRY = join(ROOT, 'worker', 'node', 'cli.ts');
export const CLI_BUNDLE = join(ROOT, 'dist', 'cli.mjs');

export async function bundleCli(outfile: string = CLI_BUNDLE): Promise<void> {
  const { dir, name } = parse(outfile);
  await build({
    entryPoints: { [name]: CLI_ENTRY },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    // The network client (isomorphic-git) goes into a chunk beside the entry that only a run without
    // --registry imports, so a registry-folder run parses no more than before.
    splitting: true,
    chunkNames: `${name}-chunks/[name]-[hash]`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Smaller text parses faster; errors carry their own messages, so names are not needed.
    minify: true,
    legalComments: 'eof',
    // isomorphic-git resolves to its CommonJS build under Node, which `require`s Node built-ins; ESM
    // output has no `require`, so each file gets one.
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
    // The generator takes sha256 (the lock hash) from hash-wasm, which works in browsers and Node
    // alike; in Node, its own digest does the same without a WebAssembly start-up.
    alias: { 'hash-wasm': join(ROOT, 'worker', 'node', 'node-sha256.ts') },
    logLevel: 'warning',
  });
  await chmod(outfile, 0o755);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await bundleCli(process.argv[2]);
