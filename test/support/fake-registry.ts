// A stand-in for index.crates.io and static.crates.io on 127.0.0.1, built
// from fixture registry folders (test/fixtures/<set>/registry): the sparse
// index files as they are, and `.crate` files made up on request as real
// gzip'ed tars whose Cargo.toml states the fixture's lib facts. Each archive
// puts decoys and every header kind the reader must understand (GNU long
// name, pax path, ustar prefix) before the manifest, and a large
// incompressible file after it, so tests can see the client stop early.
// Faults (statuses, delays, hangs, cut-off bodies, resets) are injected per
// path; tests wait for requests to arrive (events, not time) before acting.
// CORS headers go on every answer: the browser suite fetches from it too.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { indexPath } from '../../worker/metadata/index-path.ts';
import type { CrateFacts } from '../../worker/metadata/source.ts';
import { crateNameOf } from '../../worker/core/summary.ts';

export type Fault =
  /** Answer with this status (e.g. 500, 404, 429). */
  | { readonly kind: 'status'; readonly status: number; readonly times?: number }
  /** Wait before answering normally (a slow registry, for progress displays). */
  | { readonly kind: 'delay'; readonly ms: number; readonly times?: number }
  /** Never answer; the connection stays open until the client leaves (timeouts, cancelling in flight). */
  | { readonly kind: 'hang'; readonly times?: number }
  /** Send part of the body announced by Content-Length (`bytes`, default half), then drop the connection. */
  | { readonly kind: 'truncate'; readonly bytes?: number; readonly times?: number }
  /** Drop the connection without answering. */
  | { readonly kind: 'reset'; readonly times?: number }
  /** Answer 200 with this body instead (e.g. a captive portal's HTML). */
  | { readonly kind: 'body'; readonly body: string; readonly times?: number };

export interface FakeRegistryOptions {
  /** Size of the incompressible file after Cargo.toml; default 64 KiB. */
  readonly paddingBytes?: number | ((name: string, version: string) => number);
  /** What `/index/config.json` says, given the server's origin; default `{ dl: <origin>/crates, api: <origin> }`. */
  readonly config?: (origin: string) => unknown;
}

export interface CrateDelivery {
  /** Bytes of the `.crate` handed to the socket before the client went away or the body ended. */
  readonly sent: number;
  /** The whole compressed file. */
  readonly size: number;
  /** Whether the client closed the connection before the end of the body. */
  readonly aborted: boolean;
}

export interface FakeRegistry {
  readonly origin: string;
  /** `${origin}/index`: pass as NetworkSource's `indexBase`. */
  readonly indexBase: string;
  /** `${origin}/crates`: pass as NetworkSource's `downloadBase`. */
  readonly downloadBase: string;
  /** Requests by path (faulted ones included). */
  readonly requests: ReadonlyMap<string, number>;
  /** All requests, or those whose path matches. */
  requestCount(pattern?: string | RegExp): number;
  /** Resolves once `count` requests (all, or those whose path matches) have arrived, faulted ones included. */
  arrived(count: number, pattern?: string | RegExp): Promise<void>;
  /** The last delivery of each `.crate` path, once its response has closed. */
  readonly deliveries: ReadonlyMap<string, CrateDelivery>;
  /** Resolves when the response for `path` has closed (finished or aborted). */
  delivered(path: string): Promise<CrateDelivery>;
  /** The `.crate` as served (gzip'ed tar), for tests that read it directly. */
  crateFile(name: string, version: string): Buffer | undefined;
  /** Faults apply in the order set; `times` (default: forever) counts matching requests. */
  setFault(pattern: string | RegExp, fault: Fault): void;
  clearFaults(): void;
  /** Forget request counts and deliveries. */
  resetCounters(): void;
  close(): Promise<void>;
}

interface IndexFile {
  /** Lines by version, first registry folder winning, in the order they were read. */
  readonly lines: Map<string, string>;
  readonly names: Map<string, string>;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function loadRegistries(dirs: readonly string[]): { index: Map<string, IndexFile>; facts: Map<string, CrateFacts> } {
  const index = new Map<string, IndexFile>();
  const facts = new Map<string, CrateFacts>();
  for (const dir of dirs) {
    for (const file of walk(join(dir, 'index'))) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const { name, vers } = JSON.parse(line) as { name: string; vers: string };
        const key = name.toLowerCase();
        let f = index.get(key);
        if (!f) index.set(key, (f = { lines: new Map(), names: new Map() }));
        if (!f.lines.has(vers)) {
          f.lines.set(vers, line);
          f.names.set(vers, name);
        }
      }
    }
    const factsFile = join(dir, 'crate-facts.json');
    if (existsSync(factsFile)) {
      for (const [k, v] of Object.entries(JSON.parse(readFileSync(factsFile, 'utf8')) as Record<string, CrateFacts>)) {
        if (!facts.has(k)) facts.set(k, v);
      }
    }
  }
  return { index, facts };
}

// --- tar writing -----------------------------------------------------------

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, type: string, gnu: boolean, prefix = ''): Buffer {
  const h = Buffer.alloc(BLOCK);
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`tar name too long for a plain header: ${name}`);
  nameBytes.copy(h, 0);
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(1_700_000_000, 12), 136, 'ascii');
  h.write(type, 156, 'ascii');
  if (gnu) {
    h.write('ustar  \0', 257, 'ascii');
  } else {
    h.write('ustar\0', 257, 'ascii');
    h.write('00', 263, 'ascii');
    Buffer.from(prefix, 'utf8').copy(h, 345);
  }
  h.write('        ', 148, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'ascii');
  return h;
}

function padTo512(data: Buffer): Buffer {
  const rest = data.length % BLOCK;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(BLOCK - rest)]);
}

/** One tar member: `style` picks how a long path is written. */
export function tarEntry(path: string, data: Buffer | string, style: 'ustar' | 'gnu' | 'pax' = 'ustar', type = '0'): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const parts: Buffer[] = [];
  const pathBytes = Buffer.byteLength(path, 'utf8');
  if (style === 'gnu') {
    const long = Buffer.from(`${path}\0`, 'utf8');
    parts.push(header('././@LongLink', long.length, 'L', true), padTo512(long));
    parts.push(header(path.slice(0, 100), body.length, type, true));
  } else if (style === 'pax') {
    const record = (key: string, value: string) => {
      const text = ` ${key}=${value}\n`;
      let len = Buffer.byteLength(text) + 1;
      while (String(len).length + Buffer.byteLength(text) !== len) len = String(len).length + Buffer.byteLength(text);
      return `${len}${text}`;
    };
    const pax = Buffer.from(record('path', path) + record('mtime', '1700000000.5'), 'utf8');
    parts.push(header('PaxHeaders/entry', pax.length, 'x', false), padTo512(pax));
    parts.push(header(`${path.slice(0, 80)}`.replace(/[^\x20-\x7e]/g, '_'), body.length, type, false));
  } else if (pathBytes > 100) {
    // The first `/` that leaves at most 100 bytes of name, as GNU tar splits.
    let slash = path.indexOf('/');
    while (slash >= 0 && Buffer.byteLength(path.slice(slash + 1)) > 100) slash = path.indexOf('/', slash + 1);
    const name = path.slice(slash + 1);
    const prefix = path.slice(0, slash);
    if (slash < 0 || name === '' || Buffer.byteLength(prefix) > 155) throw new Error(`cannot split ${path} into ustar prefix and name`);
    parts.push(header(name, body.length, type, false, prefix));
  } else {
    parts.push(header(path, body.length, type, false));
  }
  parts.push(padTo512(body));
  return Buffer.concat(parts);
}

export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);

// --- crate synthesis -------------------------------------------------------

function stableHash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The normalized manifest a crate with these facts would carry; varies its spelling between crates so both forms are read. */
export function manifestFor(name: string, version: string, facts: CrateFacts | undefined): string {
  const f = facts ?? { libName: crateNameOf(name), procMacro: false };
  const odd = stableHash(`${name}@${version}`) % 2 === 1;
  let toml = `[package]\nedition = "2018"\nname = ${JSON.stringify(name)}\nversion = ${JSON.stringify(version)}\n`;
  if (f.libName === null) return `${toml}autolib = false\n\n[[bin]]\nname = ${JSON.stringify(name)}\npath = "src/main.rs"\n`;
  toml += `authors = ["Fixture <fixture@example.org>"]\ndescription = "synthesised for tests"\n`;
  const implicit = f.libName === crateNameOf(name) && !f.procMacro;
  if (implicit && odd) return `${toml}\n[dependencies]\n`;
  toml += `\n[lib]\nname = ${JSON.stringify(f.libName)}\npath = "src/lib.rs"\n`;
  if (f.procMacro) toml += odd ? 'proc_macro = true\n' : 'proc-macro = true\n';
  return toml;
}

export function synthesiseCrate(name: string, version: string, manifest: string, paddingBytes: number): Buffer {
  const dir = `${name}-${version}`;
  // Longer than a plain header's 100 bytes, yet short enough for the ustar prefix's 155.
  const depth = Math.max(1, Math.min(6, Math.floor((150 - dir.length - 5) / 21)));
  const longDir = `${dir}/src/${'deeply_nested_module/'.repeat(depth)}`;
  const parts = [
    tarEntry(`${dir}/.cargo_vcs_info.json`, `{\n  "git": {\n    "sha1": "${'0'.repeat(40)}"\n  },\n  "path_in_vcs": ""\n}`),
    tarEntry(`${dir}/`, '', 'ustar', '5'),
    // Decoys: a reader that matches loosely picks one of these and gets the wrong facts.
    tarEntry(`${dir}/Cargo.toml.orig`, `[package]\nname = "not-the-normalized-manifest"\nversion = "0.0.0"\n[lib]\nname = "decoy"\n`),
    tarEntry(`${dir}/examples/nested/Cargo.toml`, `[package]\nname = "nested-decoy"\nversion = "0.0.0"\n[lib]\nname = "decoy"\n`),
    tarEntry(`${longDir}gnu_long_name.rs`, '// long name via GNU L header\n', 'gnu'),
    tarEntry(`${longDir}pax_påth_ünicode.rs`, '// long name via pax path record\n', 'pax'),
    tarEntry(`${longDir}ustar_prefix.rs`, '// long name via ustar prefix\n', 'ustar'),
    tarEntry(`${dir}/Cargo.toml`, manifest),
    tarEntry(`${dir}/src/lib.rs`, '#![allow(dead_code)]\n'),
    tarEntry(`${dir}/padding.bin`, randomBytes(paddingBytes)),
    END_OF_ARCHIVE,
  ];
  return gzipSync(Buffer.concat(parts));
}

// --- server ----------------------------------------------------------------

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': '*',
};

const CHUNK = 16 * 1024;

function matches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === 'string' ? path.includes(pattern) : pattern.test(path);
}

export async function startFakeRegistry(registryDirs: readonly string[], options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const { index, facts } = loadRegistries(registryDirs);
  const crates = new Map<string, Buffer>();
  const requests = new Map<string, number>();
  const deliveries = new Map<string, CrateDelivery>();
  const waiters = new Map<string, ((d: CrateDelivery) => void)[]>();
  const arrivals: { count: number; pattern: string | RegExp | undefined; resolve: () => void }[] = [];
  const faults: { pattern: string | RegExp; fault: Fault; left: number }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let origin = '';

  const padding = (name: string, version: string) =>
    typeof options.paddingBytes === 'function' ? options.paddingBytes(name, version) : (options.paddingBytes ?? 64 * 1024);

  function crateFile(name: string, version: string): Buffer | undefined {
    const key = `${name}@${version}`;
    const cached = crates.get(key);
    if (cached) return cached;
    const file = index.get(name.toLowerCase());
    if (!file || file.names.get(version) !== name) return undefined;
    const built = synthesiseCrate(name, version, manifestFor(name, version, facts.get(key)), padding(name, version));
    crates.set(key, built);
    return built;
  }

  function takeFault(path: string): Fault | undefined {
    for (let i = 0; i < faults.length; i++) {
      const f = faults[i]!;
      if (!matches(f.pattern, path)) continue;
      if (--f.left <= 0) faults.splice(i, 1);
      return f.fault;
    }
    return undefined;
  }

  function recordDelivery(path: string, d: CrateDelivery): void {
    deliveries.set(path, d);
    for (const w of waiters.get(path) ?? []) w(d);
    waiters.delete(path);
  }

  function requestCount(pattern?: string | RegExp): number {
    let n = 0;
    for (const [p, c] of requests) if (pattern === undefined || matches(pattern, p)) n += c;
    return n;
  }

  function notFound(res: ServerResponse): void {
    res.writeHead(404, { ...CORS, 'Content-Type': 'text/plain' });
    res.end('not found\n');
  }

  async function sendBody(res: ServerResponse, body: Buffer, contentType: string, truncate: number | undefined): Promise<number> {
    res.writeHead(200, { ...CORS, 'Content-Type': contentType, 'Content-Length': String(body.length) });
    const limit = truncate === undefined ? body.length : Math.min(truncate, body.length - 1);
    let sent = 0;
    while (sent < limit && !res.destroyed) {
      const chunk = body.subarray(sent, Math.min(limit, sent + CHUNK));
      const more = res.write(chunk);
      sent += chunk.length;
      if (!more) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    if (truncate !== undefined) {
      // Let what was written reach the client first: destroying at once may drop it, headers included,
      // which would turn "the body broke off" into "could not connect" depending on timing.
      if (!res.destroyed) await new Promise<void>((resolve) => res.write(Buffer.alloc(0), () => resolve()));
      res.destroy();
    } else if (!res.destroyed) res.end();
    return sent;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    requests.set(path, (requests.get(path) ?? 0) + 1);
    for (const a of arrivals.filter((a) => requestCount(a.pattern) >= a.count)) {
      arrivals.splice(arrivals.indexOf(a), 1);
      a.resolve();
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    let fault = takeFault(path);
    if (fault?.kind === 'hang') {
      // Headers are not even sent; `close` (the client gave up, or close()) ends it.
      return;
    }
    if (fault?.kind === 'delay') {
      const ms = fault.ms;
      const closed = await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve(false);
        }, ms);
        timers.add(t);
        res.once('close', () => {
          clearTimeout(t);
          timers.delete(t);
          resolve(true);
        });
      });
      if (closed) return;
      fault = undefined;
    }
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { ...CORS, 'Content-Type': 'text/plain' });
      res.end(`injected ${fault.status}\n`);
      return;
    }
    if (fault?.kind === 'body') {
      await sendBody(res, Buffer.from(fault.body), 'text/html', undefined);
      return;
    }
    const truncate = fault?.kind === 'truncate' ? (body: number) => fault.bytes ?? Math.floor(body / 2) : () => undefined;

    if (path === '/index/config.json') {
      const body = Buffer.from(JSON.stringify(options.config ? options.config(origin) : { dl: `${origin}/crates`, api: origin }));
      await sendBody(res, body, 'application/json', truncate(body.length));
      return;
    }
    const indexMatch = /^\/index\/(.+)$/.exec(path);
    if (indexMatch) {
      const rel = decodeURIComponent(indexMatch[1]!);
      const name = rel.slice(rel.lastIndexOf('/') + 1);
      const file = name ? index.get(name) : undefined;
      if (!file || indexPath(name) !== rel) return notFound(res);
      const body = Buffer.from([...file.lines.values()].join('\n') + '\n');
      await sendBody(res, body, 'text/plain; charset=utf-8', truncate(body.length));
      return;
    }
    // `<name>/<name>-<version>.crate` as static.crates.io, or `<name>/<version>/download` as cargo's default `dl`.
    const crateMatch = /^\/crates\/([^/]+)\/([^/]+)\.crate$/.exec(path) ?? /^\/crates\/([^/]+)\/([^/]+)\/download$/.exec(path);
    if (crateMatch) {
      const name = decodeURIComponent(crateMatch[1]!);
      const stem = path.endsWith('/download') ? `${name}-${decodeURIComponent(crateMatch[2]!)}` : decodeURIComponent(crateMatch[2]!);
      const body = stem.startsWith(`${name}-`) ? crateFile(name, stem.slice(name.length + 1)) : undefined;
      if (!body) return notFound(res);
      let finished = false;
      res.once('finish', () => {
        finished = true;
      });
      const sent = await sendBody(res, body, 'application/gzip', truncate(body.length));
      const record = () => recordDelivery(path, { sent, size: body.length, aborted: !finished });
      if (res.closed) record();
      else res.once('close', record);
      return;
    }
    notFound(res);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A bug in the fake itself: make it loud rather than a mysterious retry loop in the client.
      console.error('fake registry:', e);
      if (!res.headersSent) res.writeHead(500, CORS);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    indexBase: `${origin}/index`,
    downloadBase: `${origin}/crates`,
    requests,
    requestCount,
    arrived(count, pattern) {
      if (requestCount(pattern) >= count) return Promise.resolve();
      return new Promise((resolve) => arrivals.push({ count, pattern, resolve }));
    },
    deliveries,
    delivered(path) {
      const known = deliveries.get(path);
      if (known) return Promise.resolve(known);
      return new Promise((resolve) => waiters.set(path, [...(waiters.get(path) ?? []), resolve]));
    },
    crateFile,
    setFault(pattern, fault) {
      faults.push({ pattern, fault, left: fault.times ?? Infinity });
    },
    clearFaults() {
      faults.length = 0;
    },
    resetCounters() {
      requests.clear();
      deliveries.clear();
    },
    close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A 127.0.0.1 URL nothing listens on (a port that was just free), for "unreachable host" tests. */
export async function unreachableOrigin(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
