// Load on the edge function for `npm run bench` (issue 9): autocannon against the git proxy under
// workerd (miniflare) on 127.0.0.1, with a fake git host that answers at once from its own process
// (so the host never competes with autocannon for this event loop). Reports requests/s, latency
// percentiles and errors — which must be zero: every response a 200 with the host's bytes.
//
//   tsx test/bench/edge.ts      (on its own; run.ts calls edgeFigures unless --no-edge)
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { startEdge } from '../support/edge.ts';

const DURATION_S = 8;
const CONNECTIONS = 32;
const ADVERTISEMENT_BYTES = 4096;
const UPLOAD_BODY = '0032want ' + 'b'.repeat(40) + '\n00000009done\n';

/** The fake host: a child Node process printing its port, answering info/refs and upload-pack immediately. */
const UPSTREAM_SCRIPT = `
const http = require('node:http');
const refs = Buffer.alloc(${ADVERTISEMENT_BYTES}, 'r');
const server = http.createServer((req, res) => {
  if (req.method === 'POST') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => { res.writeHead(200, { 'content-type': 'application/x-git-upload-pack-result' }); res.end(Buffer.concat(chunks)); });
  } else {
    res.writeHead(200, { 'content-type': 'application/x-git-upload-pack-advertisement' });
    res.end(refs);
  }
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

export interface EdgeLoad {
  readonly name: string;
  readonly connections: number;
  readonly durationS: number;
  readonly requests: number;
  readonly requestsPerS: number;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  /** Connection errors, timeouts and non-2xx answers together; must be 0. */
  readonly errors: number;
  readonly non2xx: number;
  readonly bytesPerS: number;
}

export interface EdgeFigures {
  readonly runs: EdgeLoad[];
}

async function startUpstream(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', UPSTREAM_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return { url: `http://127.0.0.1:${line.toString().trim()}`, child };
}

async function load(name: string, options: autocannon.Options, expectBytes: number): Promise<EdgeLoad> {
  let wrong = 0;
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err: Error | null, result) => (err ? reject(err) : resolve(result)));
    instance.on('response', (_client, status, bytes) => {
      // autocannon's byte count includes headers; a short body would show as fewer bytes than the payload.
      if (status !== 200 || bytes < expectBytes) wrong++;
    });
  });
  return {
    name,
    connections: options.connections ?? 0,
    durationS: Number(options.duration ?? 0),
    requests: r.requests.total,
    requestsPerS: r.requests.average,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    errors: r.errors + r.timeouts + r.non2xx + wrong,
    non2xx: r.non2xx,
    bytesPerS: r.throughput.average,
  };
}

export async function edgeFigures(progress: (s: string) => void = () => {}): Promise<EdgeFigures> {
  const upstream = await startUpstream();
  const edge = await startEdge({
    quiet: true,
    vars: {
      GIT_UPSTREAMS: JSON.stringify({ 'github.com': upstream.url }),
      // The bench is one client; the limiter is exercised by the tests, not here.
      RATE_LIMIT_REQUESTS: String(Number.MAX_SAFE_INTEGER),
    },
  });
  try {
    const base = `${edge.url}/api/git/github.com/owner/repo.git`;
    const common = { connections: CONNECTIONS, duration: DURATION_S } as const;
    const runs: EdgeLoad[] = [];
    progress('edge: warm-up');
    await load('warm-up', { url: `${base}/info/refs?service=git-upload-pack`, connections: 4, duration: 1 }, ADVERTISEMENT_BYTES);
    progress(`edge: GET info/refs, ${CONNECTIONS} connections, ${DURATION_S} s`);
    runs.push(await load('GET info/refs (4 KiB)', { ...common, url: `${base}/info/refs?service=git-upload-pack` }, ADVERTISEMENT_BYTES));
    progress(`edge: POST git-upload-pack, ${CONNECTIONS} connections, ${DURATION_S} s`);
    runs.push(
      await load(
        'POST git-upload-pack (echo)',
        {
          ...common,
          url: `${base}/git-upload-pack`,
          method: 'POST',
          headers: { 'content-type': 'application/x-git-upload-pack-request' },
          body: UPLOAD_BODY,
        },
        UPLOAD_BODY.length,
      ),
    );
    progress('edge: GET /api/health (no upstream)');
    runs.push(await load('GET /api/health', { ...common, url: `${edge.url}/api/health` }, 10));
    return { runs };
  } finally {
    await edge.close();
    upstream.child.kill();
  }
}

export function edgeReport(f: EdgeFigures): string[] {
  const lines = [
    'Edge function under workerd on 127.0.0.1 (autocannon; fake git host in its own process answering at once)',
    ...f.runs.map(
      (r) =>
        `  ${r.name.padEnd(28)} ${r.requestsPerS.toFixed(0).padStart(6)} req/s  p50 ${r.latencyMs.p50} ms  p99 ${r.latencyMs.p99} ms  ` +
        `max ${r.latencyMs.max} ms  errors ${r.errors}  (${r.requests} requests, ${r.connections} connections, ${r.durationS} s)`,
    ),
  ];
  const errors = f.runs.reduce((n, r) => n + r.errors, 0);
  lines.push(`Goal: zero errors under load — ${errors === 0 ? 'met' : `NOT met (${errors})`}`);
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await edgeFigures((s) => process.stderr.write(`${s}\n`));
  for (const line of edgeReport(figures)) console.log(line);
}
