// The Nix hash of a tree: SHA-256 over its NAR, streamed (the archive is never held whole), in
// the two spellings Nix prints — SRI for `hash = "sha256-…"` and its own base32.
import type { FileTree } from './file-tree.ts';
import { writeNar } from './nar.ts';
import { toNixBase32 } from './nix-base32.ts';
import { sha256Sri } from './sri.ts';

/** An incremental SHA-256; `update` must be done with its chunk when it returns. */
export interface StreamHasher {
  update(chunk: Uint8Array): void;
  digest(): Uint8Array;
}

export type HasherFactory = () => Promise<StreamHasher>;

/**
 * hash-wasm's WebAssembly SHA-256: the same code and speed in the browser worker and in Node.
 * Imported on first use and by name only, so the worker's bundle neither loads it before a hash is
 * asked for nor carries hash-wasm's other algorithms.
 */
export const wasmSha256: HasherFactory = async () => {
  const { createSHA256 } = await import('hash-wasm');
  const h = await createSHA256();
  return {
    update: (chunk) => void h.update(chunk),
    digest: () => h.digest('binary'),
  };
};

export interface NixHash {
  /** `sha256-<base64>`, as `nix hash path` prints it. */
  readonly sri: string;
  /** 52 characters, as `nix-hash --type sha256 --base32` prints it. */
  readonly base32: string;
}

export function nixHash(sha256: Uint8Array): NixHash {
  return { sri: sha256Sri(sha256), base32: toNixBase32(sha256) };
}

/** What Nix computes for a path holding `tree`. */
export async function narHash(tree: FileTree, createHasher: HasherFactory = wasmSha256): Promise<NixHash> {
  const hasher = await createHasher();
  writeNar(tree, (chunk) => hasher.update(chunk));
  return nixHash(hasher.digest());
}
