// The globals that both Node 20 and browsers (window and Web Worker) provide, declared only as far
// as the generator core uses them. tsconfig.core.json gives the core no DOM and no Node typings, so
// anything that exists on one side only (document, indexedDB, process, Buffer, node:*) fails the type
// check there. Add a member here only after checking that Node 20 and the browsers we support both
// have it; the full DOM and Node typings still check the same files in the other projects.

/** What setTimeout returns: a number in browsers, an object in Node; only ever handed back to clearTimeout. */
interface TimerHandle {
  readonly __timerHandle: unique symbol;
}
declare function setTimeout(handler: () => void, ms?: number): TimerHandle;
declare function clearTimeout(handle: TimerHandle | undefined): void;

declare class URLSearchParams implements Iterable<[string, string]> {
  constructor(init?: string);
  get(name: string): string | null;
  [Symbol.iterator](): IterableIterator<[string, string]>;
}

declare class URL {
  constructor(url: string, base?: string | URL);
  href: string;
  readonly host: string;
  readonly protocol: string;
  hash: string;
  search: string;
  readonly searchParams: URLSearchParams;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}

/** Web Crypto, as far as the lock hash uses it: Node 20 and browsers in a secure context; `subtle` is missing on plain http. */
interface SubtleCrypto {
  digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}
declare const crypto: { readonly subtle?: SubtleCrypto };

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

declare class DOMException extends Error {
  constructor(message?: string, name?: string);
}

declare class AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  throwIfAborted(): void;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

declare class AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}

interface ReadableStreamReadResult<R> {
  readonly done: boolean;
  readonly value?: R;
}
type ReadableStreamReadDone = { readonly done: true; readonly value?: undefined };
type ReadableStreamReadValue<R> = { readonly done: false; readonly value: R };

declare class ReadableStreamDefaultReader<R> {
  read(): Promise<ReadableStreamReadDone | ReadableStreamReadValue<R>>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
}

declare class WritableStream<W> {
  private readonly __chunk?: W;
}

interface ReadableWritablePair<R, W> {
  readonly readable: ReadableStream<R>;
  readonly writable: WritableStream<W>;
}

declare class ReadableStream<R> {
  getReader(): ReadableStreamDefaultReader<R>;
  pipeThrough<T>(transform: ReadableWritablePair<T, R>, options?: { signal?: AbortSignal }): ReadableStream<T>;
  cancel(reason?: unknown): Promise<void>;
}

interface TransformStreamDefaultController<O> {
  enqueue(chunk: O): void;
  error(reason?: unknown): void;
  terminate(): void;
}

declare class TransformStream<I, O> implements ReadableWritablePair<O, I> {
  constructor(transformer?: { transform?(chunk: I, controller: TransformStreamDefaultController<O>): void | Promise<void> });
  readonly readable: ReadableStream<O>;
  readonly writable: WritableStream<I>;
}

declare class DecompressionStream implements ReadableWritablePair<Uint8Array, Uint8Array> {
  constructor(format: 'gzip' | 'deflate' | 'deflate-raw');
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}

interface Headers {
  get(name: string): string | null;
}

interface RequestInit {
  signal?: AbortSignal;
  redirect?: 'follow' | 'error' | 'manual';
  credentials?: 'omit' | 'same-origin' | 'include';
}

interface Response {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
}

declare function fetch(url: string, init?: RequestInit): Promise<Response>;
