// A fake git host on 127.0.0.1 for the edge tests: every request is recorded (method, path, headers,
// body) and answered by the test's handler, so a test can see both what the edge sent upstream and
// that a refused request never left the edge.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
}

export type UpstreamHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface FakeUpstream {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Resolves with the next request to arrive (already recorded). */
  nextRequest(): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export async function startFakeUpstream(handler: UpstreamHandler): Promise<FakeUpstream> {
  const requests: RecordedRequest[] = [];
  let waiters: ((r: RecordedRequest) => void)[] = [];
  const server = createServer((req, res) => {
    const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
    requests.push(recorded);
    const current = waiters;
    waiters = [];
    for (const w of current) w(recorded);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${addr.port}`,
    requests,
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads a request body whole. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
