/**
 * Runs each storage operation: one at a time where the client has one connection, again when
 * the database reports a transient conflict, and with database errors translated.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { classifyDatabaseError, isRetryableKind, translateDatabaseError } from './errors.js';

/** How often, and how patiently, an operation is run again after a transient conflict. */
export interface RetryPolicy {
  /** Runs in total, the first included. */
  maxRuns: number;
  /** Pause before the second run; doubles for every further run. */
  initialDelayMs: number;
  /** Longest pause between two runs. */
  maxDelayMs: number;
}

/** Retries write conflicts (PostgreSQL 40001/40P01, ...) and SQLite's "database is locked". */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRuns: 8, initialDelayMs: 5, maxDelayMs: 250 };

/**
 * One queue per PrismaClient, shared by every PrismaStorage built over it (an app often builds
 * one for its AtomizerClient and one for its AtomizerServer).
 */
const queuesByClient = new WeakMap<object, SerialQueue>();

/** Runs tasks strictly one after another. */
class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    // The next task waits for this one to settle, never for it to succeed.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/** Runs storage operations against one PrismaClient. */
export class OperationRunner {
  private readonly queue: SerialQueue | undefined;

  /**
   * @param client the PrismaClient; used only as the key of its operation queue.
   * @param serialize run operations one at a time (single-connection clients, i.e. SQLite):
   *   there every query of the client shares one connection, so a query issued while one of our
   *   interactive transactions is open would run inside it, and be rolled back with it.
   */
  constructor(
    client: object,
    serialize: boolean,
    private readonly retry: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {
    if (serialize) {
      let queue = queuesByClient.get(client);
      if (queue === undefined) {
        queue = new SerialQueue();
        queuesByClient.set(client, queue);
      }
      this.queue = queue;
    }
  }

  /**
   * Runs `task` (which must be safe to run again from the start: one statement, or one whole
   * transaction) and translates any database error it ends with.
   */
  run<T>(operation: string, task: () => Promise<T>): Promise<T> {
    const attempt = () => this.runWithRetry(operation, task);
    return this.queue === undefined ? attempt() : this.queue.run(attempt);
  }

  /**
   * Runs `task` once, on a transaction the caller owns: no queueing (the caller's transaction
   * is already open on its connection) and no retry (a failed statement may have ended the
   * caller's transaction, which only the caller can start again).
   */
  async runInCallerTransaction<T>(operation: string, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      throw translateDatabaseError(error, operation);
    }
  }

  private async runWithRetry<T>(operation: string, task: () => Promise<T>): Promise<T> {
    for (let run = 1; ; run += 1) {
      try {
        return await task();
      } catch (error) {
        if (run >= this.retry.maxRuns || !isRetryableConflict(error)) {
          throw translateDatabaseError(error, operation);
        }
        await sleep(this.delayBefore(run + 1));
      }
    }
  }

  /** Exponential backoff with jitter, so competing writers spread out. */
  private delayBefore(run: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.initialDelayMs * 2 ** (run - 2));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }
}

/** A conflict with a concurrent writer, after which the same operation can simply run again. */
function isRetryableConflict(error: unknown): boolean {
  const { kind } = classifyDatabaseError(error);
  return isRetryableKind(kind) && kind !== 'unavailable';
}
