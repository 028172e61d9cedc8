import { AssertionError } from 'node:assert';

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /**
   * Give up after this long.
   * @defaultValue 10_000
   */
  timeoutMs?: number;
  /**
   * Pause between two checks.
   * @defaultValue 10
   */
  intervalMs?: number;
  /** Names the condition in the timeout message. */
  description?: string;
}

/**
 * Polls `check` until it returns a value other than `undefined`, `null` or `false`, and returns
 * that value. Tests wait for conditions with it instead of sleeping for a fixed time.
 * @throws AssertionError naming the condition when it is not met in time.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Exclude<T, undefined | null | false>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 10;
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) {
      return value as Exclude<T, undefined | null | false>;
    }
    if (Date.now() >= deadline) {
      throw new AssertionError({
        message: `waitFor: "${options.description ?? 'condition'}" not met within ${timeoutMs} ms`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
