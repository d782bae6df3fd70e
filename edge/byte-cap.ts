// Streams bytes through unchanged until a cap, then fails the stream: the proxy never buffers a
// pack, yet never carries more than it promised either way.

export class TooLarge extends Error {
  constructor(readonly cap: number) {
    super(`more than ${cap} bytes`);
    this.name = 'TooLarge';
  }
}

/** A pass-through stream that errors with TooLarge once more than `cap` bytes have gone through. */
export function byteCap(cap: number, onOverflow?: () => void): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > cap) {
        onOverflow?.();
        controller.error(new TooLarge(cap));
        return;
      }
      controller.enqueue(chunk);
    },
  });
}

/** The declared Content-Length, if any and well-formed. */
export function declaredLength(headers: Headers): number | undefined {
  const value = headers.get('content-length');
  if (value === null || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}
