// SHA-256 as lowercase hex (the lock hash in Cargo.nix). The platform's Web Crypto digest where it
// exists (browsers in a secure context, Node): nothing to download or compile before the first
// result. hash-wasm only where Web Crypto is missing (a page served over plain http from another
// host), loaded on demand: the worker's first run neither downloads nor compiles WebAssembly.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The part of Web Crypto's SubtleCrypto used here (named locally: Node's typings have no global for it). */
export interface DigestApi {
  digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

function platformSubtle(): DigestApi | null {
  return typeof crypto === 'undefined' ? null : (crypto.subtle ?? null);
}

export async function sha256Hex(data: Uint8Array<ArrayBuffer>, subtle: DigestApi | null = platformSubtle()): Promise<string> {
  if (subtle === null) {
    const { sha256 } = await import('hash-wasm');
    return sha256(data);
  }
  const digest = new Uint8Array(await subtle.digest('SHA-256', data));
  let out = '';
  for (const b of digest) out += HEX[b]!;
  return out;
}
