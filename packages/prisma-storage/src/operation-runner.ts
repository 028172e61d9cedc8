/**
 * Runs each storage operation: one at a time where the client has one connection, again when
 * the database reports a transient conflict, and with database errors translated.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { classifyDatabaseError, translateDatabaseError } from './errors.js';

/** How often, and how patiently, an operation is run again after one kind of transient error. */
export interface RetryPolicy {
  /** Runs in total, the first included. */
  maxRuns: number;
  /** Pause before the second run; doubles for every further run. */
  initialDelayMs: number;
  /** Longest pause between two runs. */
  maxDelayMs: number;
}

/** The retry policy of each retried error kind. */
export interface RetryPolicies {
  /**
   * Serialization failures and deadlocks (PostgreSQL 40001/40P01, MySQL 1213, ...): the
   * database already picked a loser, so the next run nearly always succeeds.
   */
  writeConflict: RetryPolicy;
  /**
   * SQLite's "database is locked": another connection holds the single write lock, for as long
   * as its transaction lasts. Polled patiently (about 5 s in all) with short pauses, so the
   * write slips in soon after the holder commits.
   */
  busy: RetryPolicy;
}

/** The policies PrismaStorage uses. */
export const DEFAULT_RETRY_POLICIES: RetryPolicies = {
  writeConflict: { maxRuns: 8, initialDelayMs: 5, maxDelayMs: 250 },
  busy: { maxRuns: 60, initialDelayMs: 2, maxDelayMs: 100 },
};

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
    private readonly retry: RetryPolicies = DEFAULT_RETRY_POLICIES,
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
        const policy = this.policyFor(error);
        if (policy === undefined || run >= policy.maxRuns) {
          throw translateDatabaseError(error, operation);
        }
        await sleep(delayBefore(policy, run + 1));
      }
    }
  }

  /**
   * The policy for a conflict with a concurrent writer, after which the same operation can
   * simply run again; undefined for anything else. An unreachable database is not retried
   * here: the caller's own loop (the server's next poll) comes back to it.
   */
  private policyFor(error: unknown): RetryPolicy | undefined {
    const { kind } = classifyDatabaseError(error);
    if (kind === 'write-conflict') return this.retry.writeConflict;
    if (kind === 'busy') return this.retry.busy;
    return undefined;
  }
}

/** Exponential backoff with jitter, so competing writers spread out. */
function delayBefore(policy: RetryPolicy, run: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (run - 2));
  return Math.max(1, Math.round(ceiling / 2 + Math.random() * (ceiling / 2)));
}
