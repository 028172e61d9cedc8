import { z } from 'zod';

import { defineJob, type JobStorage } from '../../src/index.js';

// The loggers are shared with every core test.
export { capturingLogger, silentLogger } from '../helpers.js';

// The gate is the processing conformance suite's own.
export { Gate } from '../../src/testing/processing/harness.js';

/** A trivial job definition. */
export const noopJob = defineJob({
  name: 'noop',
  schema: z.object({ n: z.number().optional() }),
  handler: () => undefined,
});

/** A storage call a test holds or breaks. */
export type Interceptor = (method: string, args: unknown[], call: () => Promise<unknown>) => Promise<unknown>;

/**
 * The storage with every method call passed through `intercept`, which decides whether, when and
 * how the real call runs. Calls are counted per method.
 */
export function interceptedStorage(
  storage: JobStorage,
  intercept: Interceptor,
): { storage: JobStorage; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const proxy = new Proxy(storage, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = String(property);
      return (...args: unknown[]) => {
        calls.set(method, (calls.get(method) ?? 0) + 1);
        const call = () => (value as (...callArgs: unknown[]) => Promise<unknown>).apply(target, args);
        return intercept(method, args, call);
      };
    },
  });
  return { storage: proxy, calls };
}
