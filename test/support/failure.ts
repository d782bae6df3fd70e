// Await a promise that must reject with a GeneratorError, and return that error.
import { GeneratorError } from '../../worker/core/errors.ts';

export async function failure(p: Promise<unknown>): Promise<GeneratorError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof GeneratorError)) throw new Error(`expected a GeneratorError, got ${String(e)}`);
  return e;
}
