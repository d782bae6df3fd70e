// The decompressed bytes of a gzip'ed download, pulled one compressed chunk
// at a time and only when the reader downstream asks for more. A piped
// DecompressionStream buffers ahead of its reader (Node's counts chunks, not
// bytes, before it pushes back), so how much of a `.crate` was downloaded
// before the manifest turned up depended on timing; inflating on demand with
// fflate keeps it to the chunks that hold the wanted bytes, plus at most one.
import { Gunzip } from 'fflate';
import { RetryableError } from './http.ts';
import type { ByteSource } from '../../shared/tar.ts';

export class NotGzipError extends Error {
  constructor() {
    super('not gzip data');
    this.name = 'NotGzipError';
  }
}

export interface GunzipSourceOptions {
  /** Called with the size of each compressed chunk read from the body. */
  readonly onBytes?: (n: number) => void;
}

/**
 * A ByteSource over the gunzipped `reader`. Throws NotGzipError when the first two bytes are not gzip's
 * magic, and RetryableError when the compressed stream is damaged or ends early (a cut-off download).
 */
export function gunzipSource(reader: ReadableStreamDefaultReader<Uint8Array>, options: GunzipSourceOptions = {}): ByteSource {
  const ready: Uint8Array[] = [];
  let finished = false;
  const inflater = new Gunzip((data, final) => {
    if (data.length > 0) ready.push(data);
    if (final) finished = true;
  });
  let head = new Uint8Array(0);
  let inputEnded = false;

  function feed(chunk: Uint8Array, final: boolean): void {
    try {
      inflater.push(chunk, final);
    } catch (e) {
      throw new RetryableError(`the gzip stream is damaged or cut short (${(e as Error).message})`, { cause: e });
    }
  }

  return {
    async read() {
      while (ready.length === 0) {
        if (finished || inputEnded) return undefined;
        const r = await reader.read();
        if (r.done) {
          inputEnded = true;
          // Ends the inflater; an archive cut short throws here.
          feed(new Uint8Array(0), true);
          continue;
        }
        const chunk = r.value;
        options.onBytes?.(chunk.length);
        if (head.length < 2) {
          const joined = new Uint8Array(head.length + chunk.length);
          joined.set(head);
          joined.set(chunk, head.length);
          head = joined.subarray(0, 2);
          if (head[0] !== undefined && head[0] !== 0x1f) throw new NotGzipError();
          if (head[1] !== undefined && head[1] !== 0x8b) throw new NotGzipError();
        }
        if (chunk.length > 0) feed(chunk, false);
      }
      return ready.shift();
    },
  };
}
