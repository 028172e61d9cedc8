import { pino } from 'pino';

import { AtomizerClient } from '../../client/atomizer-client.js';
import type { AnyJobDefinition } from '../../jobs/job-definition.js';
import type { Logger } from '../../logging/logger.js';
import type { AtomizerServerOptions } from '../../options/server-options.js';
import { AtomizerServer } from '../../server/atomizer-server.js';
import type {
  JobCompletedEvent,
  JobFailedEvent,
  JobLeaseLostEvent,
  JobRetryingEvent,
} from '../../server/server-events.js';
import type { JobStorage } from '../../storage/storage-contract.js';

/** What every processing scenario needs: the storage under test and a way to run servers. */
export interface ProcessingContext {
  storage(): JobStorage;
  logger(): Logger;
  /** Remembers a server so it is stopped after the test, even when the test fails. */
  track(server: AtomizerServer): AtomizerServer;
  /** Jobs the "many jobs" scenario enqueues. */
  jobCount: number;
}

/** Server options for tests: fast polling, a silent logger, the storage under test. */
export type TestServerOptions = Omit<AtomizerServerOptions, 'storage'> & { storage?: JobStorage };

/** Builds and tracks a server over the storage under test. */
export function newServer(ctx: ProcessingContext, options: TestServerOptions): AtomizerServer {
  return ctx.track(
    new AtomizerServer({
      logger: ctx.logger(),
      shutdownTimeoutMs: 5_000,
      queues: { default: { pollIntervalMs: 10 } },
      ...options,
      storage: options.storage ?? ctx.storage(),
    }),
  );
}

/** A client over the storage under test. */
export function newClient(ctx: ProcessingContext, jobs: readonly AnyJobDefinition[]): AtomizerClient {
  return new AtomizerClient({ storage: ctx.storage(), jobs, logger: ctx.logger() });
}

/** Every event a server emits, by kind, in order. */
export interface RecordedEvents {
  completed: JobCompletedEvent[];
  retrying: JobRetryingEvent[];
  failed: JobFailedEvent[];
  leaseLost: JobLeaseLostEvent[];
}

/** Records a server's events. */
export function recordEvents(server: AtomizerServer): RecordedEvents {
  const events: RecordedEvents = { completed: [], retrying: [], failed: [], leaseLost: [] };
  server.events.on('job:completed', (event) => events.completed.push(event));
  server.events.on('job:retrying', (event) => events.retrying.push(event));
  server.events.on('job:failed', (event) => events.failed.push(event));
  server.events.on('job:lease-lost', (event) => events.leaseLost.push(event));
  return events;
}

/** A promise a test opens when it decides, to hold a handler or a storage call. */
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

/** A silent pino logger; tests opt into output with `ATOMIZER_TEST_LOG_LEVEL`. */
export function testLogger(): Logger {
  return pino({ level: process.env.ATOMIZER_TEST_LOG_LEVEL ?? 'silent' });
}

/**
 * The storage with `jobLease` held at `gate` until the test opens it, so a test can stop a
 * server while a lease call is under way.
 */
export function withHeldLease(storage: JobStorage, gate: Gate, onLeaseCall: () => void): JobStorage {
  return new Proxy(storage, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== 'jobLease' || typeof value !== 'function') {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (...args: unknown[]) => {
        onLeaseCall();
        await gate.opened;
        return (value as (...callArgs: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** What the scenarios' handlers throw: an ordinary application error. */
export class HandlerFailure extends Error {
  override name = 'HandlerFailure';
}
