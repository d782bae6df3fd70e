// hash-wasm's `sha256`, as the bundled command line gets it (see bundle-cli.ts): Node's own
// OpenSSL digest. Same bytes in, same hex out, without instantiating a WebAssembly module, which
// cost a cold command-line run more than hashing the lock itself.
import { createHash } from 'node:crypto';

export function sha256(data: Uint8Array | string): Promise<string> {
  return Promise.resolve(createHash('sha256').update(data).digest('hex'));
}
