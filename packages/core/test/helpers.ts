import { Writable } from 'node:stream';

import { pino } from 'pino';
import { z } from 'zod';

import { defineJob, type Clock, type JobStorage, type Logger } from '../src/index.js';

/** A logger that writes nothing. */
export const silentLogger: Logger = pino({ level: 'silent' });

/** A logger that keeps every line as a parsed object. */
export function capturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

/** A clock that moves only when told. */
export class FakeClock implements Clock {
  private current: number;

  constructor(start = Date.UTC(2030, 0, 1, 12, 0, 0, 0)) {
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

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

/** Records every call to the storage's methods, then delegates. */
export function spyStorage(storage: JobStorage): {
  storage: JobStorage;
  calls: Array<{ method: string; args: unknown[] }>;
} {
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const spied = interceptedStorage(storage, (method, args, call) => {
    calls.push({ method, args });
    return call();
  });
  return { storage: spied.storage, calls };
}

/** A trivial job definition. */
export const noopJob = defineJob({
  name: 'noop',
  schema: z.object({ n: z.number().optional() }),
  handler: () => undefined,
});
