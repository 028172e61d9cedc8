import { afterEach, expect } from 'vitest';

import {
  AtomizerClient,
  AtomizerServer,
  InMemoryStorage,
  type AnyJobDefinition,
  type AtomizerServerOptions,
  type JobErrorRecord,
  type Logger,
} from '../../src/index.js';
import { capturingLogger } from '../helpers.js';

/** Column limits of the narrowest storage (the Prisma models): what every error record must fit. */
export const STORABLE_LIMITS = { errorType: 255, message: 8_000, stack: 32_000 } as const;

/** Asserts a recorded error can be written to any storage: plain strings, bounded, no NUL. */
export function expectStorable(record: JobErrorRecord | undefined): void {
  expect(record).toBeDefined();
  const { errorType, message, stack } = record as JobErrorRecord;

  expect(typeof errorType).toBe('string');
  expect(errorType.length).toBeGreaterThan(0);
  expect(errorType.length).toBeLessThanOrEqual(STORABLE_LIMITS.errorType);
  expect(typeof message).toBe('string');
  expect(message.length).toBeLessThanOrEqual(STORABLE_LIMITS.message);
  expect(stack === null || typeof stack === 'string').toBe(true);
  expect((stack ?? '').length).toBeLessThanOrEqual(STORABLE_LIMITS.stack);
  for (const text of [errorType, message, stack ?? '']) expect(text).not.toContain('\u0000');
}

/** A fresh in-memory world: storage, a debug-level capturing logger, and tracked servers. */
export function adversarialWorld(): {
  storage: InMemoryStorage;
  logger: Logger;
  lines: Array<Record<string, unknown>>;
  client(jobs: readonly AnyJobDefinition[]): AtomizerClient;
  server(options: Omit<AtomizerServerOptions, 'storage'>): AtomizerServer;
} {
  const storage = new InMemoryStorage();
  // Debug level on purpose: pino then serializes every `err`, hostile values included.
  const { logger, lines } = capturingLogger();
  return {
    storage,
    logger,
    lines,
    client: (jobs) => new AtomizerClient({ storage, jobs, logger }),
    server: (options) =>
      trackServer(
        new AtomizerServer({
          storage,
          logger,
          shutdownTimeoutMs: 1_000,
          ...options,
          queues: options.queues ?? { default: { pollIntervalMs: 10 } },
        }),
      ),
  };
}

const tracked: AtomizerServer[] = [];

function trackServer(server: AtomizerServer): AtomizerServer {
  tracked.push(server);
  return server;
}

/** Stops every server a test built, even when the test failed. */
export function stopServersAfterEach(): void {
  afterEach(async () => {
    await Promise.all(tracked.splice(0).map((server) => server.stop()));
  });
}

/** Collects unhandled promise rejections while a test runs. */
export function collectUnhandledRejections(): { reasons: unknown[]; dispose(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown): void => {
    reasons.push(reason);
  };
  process.on('unhandledRejection', listener);
  return { reasons, dispose: () => process.off('unhandledRejection', listener) };
}
