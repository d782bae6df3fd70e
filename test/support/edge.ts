// Runs the real edge function under workerd (miniflare) on 127.0.0.1 for tests and the bench:
// the TypeScript in edge/ bundled by esbuild, with the bindings, compatibility date and asset
// routing wrangler derives from wrangler.jsonc, and the vars a test overrides (upstreams pointed at
// fakes, small caps, a short timeout).
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import type { EdgeVars } from '../../edge/config.ts';

const ROOT = join(import.meta.dirname, '..', '..');

export interface EdgeServer {
  /** http://127.0.0.1:<port>, serving /api/* (and the site's files when started with assetsDir). */
  readonly url: string;
  close(): Promise<void>;
}

export interface EdgeOptions {
  readonly vars?: { [K in keyof EdgeVars]?: string };
  /** A built site (buildSite()) to serve beside /api/*, as Cloudflare would. */
  readonly assetsDir?: string;
  /** Drop workerd's own output (the bench: autocannon closing sockets mid-response makes workerd log each reset). */
  readonly quiet?: boolean;
  /**
   * Where KV data (short links, crate facts) lives on disk; two edges started with the same folder
   * share it, as `npm start` keeps .wrangler/state across restarts. Default: in memory, per edge.
   */
  readonly persistDir?: string;
}

let bundled: Promise<string> | undefined;

function bundle(): Promise<string> {
  bundled ??= build({
    entryPoints: [join(ROOT, 'edge', 'index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  }).then((r) => r.outputFiles[0]!.text);
  return bundled;
}

export async function startEdge(options: EdgeOptions = {}): Promise<EdgeServer> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(
    join(ROOT, 'wrangler.jsonc'),
    undefined,
    options.assetsDir === undefined ? {} : { overrides: { assets: { directory: options.assetsDir } } },
  );
  // /api/crates reads crates.io unless told otherwise: tests that do not point it at a fake get a
  // loopback port nothing listens on, so no test ever reaches the internet through the edge.
  const offline = { CRATES_INDEX_URL: 'http://127.0.0.1:9/index', CRATES_DL_URL: 'http://127.0.0.1:9/crates' };
  const bindings = { ...(workerOptions.bindings ?? {}), ...offline, ...options.vars };
  const mf = new Miniflare({
    ...workerOptions,
    ...(options.assetsDir === undefined ? { assets: undefined } : {}),
    bindings,
    modules: true,
    script: await bundle(),
    host: '127.0.0.1',
    port: 0,
    ...(options.persistDir === undefined ? {} : { kvPersist: options.persistDir }),
    ...(options.quiet ? { handleRuntimeStdio: (out: Readable, err: Readable) => (out.resume(), err.resume()) } : {}),
  } as ConstructorParameters<typeof Miniflare>[0]);
  const url = (await mf.ready).origin;
  return { url, close: () => mf.dispose() };
}
