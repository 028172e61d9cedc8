import type { JobRecord } from '../storage/storage-contract.js';

/**
 * Where a leased job stands on this server:
 * - `running`: its runner is validating it or running its handler;
 * - `writing`: the handler is done and the runner is writing the outcome;
 * - `aborted`: the handler stopped after shutdown aborted it; nothing was written, shutdown
 *   releases it without refunding the attempt;
 * - `abandoned`: shutdown gave up waiting and released it; whatever the handler does later is
 *   not written;
 * - `settled`: its outcome was written (or the write was attempted and failed).
 */
export type InFlightPhase = 'running' | 'writing' | 'aborted' | 'abandoned' | 'settled';

/** A job leased by this server and handed to a worker slot. */
export class InFlightJob {
  readonly job: JobRecord;
  readonly leaseToken: string;
  /** Aborted by shutdown when the job outlives `shutdownTimeoutMs`. */
  readonly abortController = new AbortController();
  phase: InFlightPhase = 'running';
  /** Settles when the runner is done with the job, whatever the outcome. */
  done: Promise<void> = Promise.resolve();

  constructor(job: JobRecord, leaseToken: string) {
    this.job = job;
    this.leaseToken = leaseToken;
  }
}
