// hash-wasm's `sha256`, as the bundled command line gets it (see bundle-cli.ts): Node's own
// OpenSSL digest. Same bytes in, same hex out, without instantiating a WebAssembly module, which
// cost a cold command-line run more than hashing the lock itself.
import { createHash } from 'node:crypto';

export function sha256(data: Uint8Array | string): Promise<string> {
  return Promise.resolve(createHash('sha256').update(data).digest('hex'));
}

/**
 * hash-wasm's incremental `createSHA256`, the part worker/hash/nar-hash.ts uses (git tree hashes in
 * the bundled command line), likewise on Node's digest.
 */
export function createSHA256(): Promise<{ update(data: Uint8Array): void; digest(format: 'binary'): Uint8Array }> {
  const h = createHash('sha256');
  return Promise.resolve({
    update: (data: Uint8Array) => void h.update(data),
    digest: () => new Uint8Array(h.digest()),
  });
}
