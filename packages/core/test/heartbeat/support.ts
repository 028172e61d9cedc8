import { Writable } from 'node:stream';

import { pino } from 'pino';
import { z } from 'zod';

import { defineJob, type JobStorage, type Logger } from '../../src/index.js';

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

/** A promise a test opens when it decides. */
export class Gate {
  readonly opened: Promise<void>;
  private openGate: () => void = () => undefined;

  constructor() {
    this.opened = new Promise((resolve) => {
      this.openGate = resolve;
    });
  }

  open(): void {
    this.openGate();
  }
}
