// Work the worker does between messages: small steps, each in its own task, so a question or a new
// run that arrives meanwhile waits for one step at most, never for the whole list.

/** Schedules the next step; tests pass their own to run the steps at will. */
export type NextTask = (next: () => void) => void;

// setTimeout rather than a microtask: messages from the page are tasks too and must get their turn.
export const nextTask: NextTask = (next) => void setTimeout(next, 0);

/**
 * Runs the steps one task apart while `wanted()` holds. Resolves true when every step ran, false when
 * `wanted()` turned false first or a step threw (what it was working out is then worked out, and its
 * error reported, when a question needs it).
 */
export function runInIdleTasks(steps: readonly (() => void)[], wanted: () => boolean, schedule: NextTask = nextTask): Promise<boolean> {
  return new Promise((resolve) => {
    let i = 0;
    const step = () => {
      if (!wanted()) return resolve(false);
      if (i >= steps.length) return resolve(true);
      try {
        steps[i++]!();
      } catch {
        return resolve(false);
      }
      schedule(step);
    };
    schedule(step);
  });
}
