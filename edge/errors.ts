// Every refusal is JSON `{"error":"…"}` with a status the contract fixes, so callers (the site, git
// clients through isomorphic-git) can tell a refused host from an upstream failure.

export type ErrorStatus = 400 | 403 | 404 | 405 | 413 | 429 | 502 | 504;

export class EdgeError extends Error {
  constructor(
    readonly status: ErrorStatus,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'EdgeError';
  }
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

export function errorResponse(error: EdgeError): Response {
  return jsonResponse(error.status, { error: error.message }, error.headers);
}
