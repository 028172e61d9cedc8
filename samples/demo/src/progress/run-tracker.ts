import type { JobAttemptEvent } from '../worker/worker-events.js';

/** The run's counts at one moment. */
export interface RunCounts {
  /** Jobs of this run the tracker knows about. */
  total: number;
  completed: number;
  failed: number;
  /** Failed attempts that were scheduled again, over all jobs. */
  retries: number;
  /** Jobs waiting for a retry right now. */
  awaitingRetry: number;
  /** Attempts whose outcome could not be written because another worker had taken the job. */
  leasesLost: number;
}

/** A recorded failure, as the summary lists it. */
export interface FailureNote {
  jobId: string;
  name: string;
  attempt: number;
  message: string;
  /** True when this failure ended the job (`failed`); false when a retry was scheduled. */
  final: boolean;
}

/**
 * Follows the run's jobs through the worker's events: the one source of truth for the
 * progress bar and the end of the run. Events for jobs it was not told about (left over from
 * an earlier, interrupted run in the same database) are kept aside and only counted if such a
 * job is tracked later, which covers the race where a job finishes before `track` is called.
 */
export class RunTracker {
  private readonly tracked = new Set<string>();
  private readonly pendingEvents = new Map<string, JobAttemptEvent[]>();
  private readonly finalEvents = new Map<string, number>();
  private readonly waitingForRetry = new Set<string>();
  private readonly failures: FailureNote[] = [];
  private completed = 0;
  private failed = 0;
  private retries = 0;
  private leasesLost = 0;
  private waiters: Array<() => void> = [];

  /** Starts following these job ids. */
  track(jobIds: Iterable<string>): void {
    for (const jobId of jobIds) {
      this.tracked.add(jobId);
      const early = this.pendingEvents.get(jobId) ?? [];
      this.pendingEvents.delete(jobId);
      for (const event of early) this.apply(event);
    }
    this.wakeWaiters();
  }

  /** Feeds one worker event. */
  record(event: JobAttemptEvent): void {
    if (!this.tracked.has(event.jobId)) {
      const early = this.pendingEvents.get(event.jobId) ?? [];
      early.push(event);
      this.pendingEvents.set(event.jobId, early);
      return;
    }
    this.apply(event);
    this.wakeWaiters();
  }

  counts(): RunCounts {
    return {
      total: this.tracked.size,
      completed: this.completed,
      failed: this.failed,
      retries: this.retries,
      awaitingRetry: this.waitingForRetry.size,
      leasesLost: this.leasesLost,
    };
  }

  /** Every failed attempt seen, retried or final, in the order they happened. */
  failureNotes(): readonly FailureNote[] {
    return this.failures;
  }

  /** Jobs that reported more than one final outcome: must be empty after a correct run. */
  jobsFinishedMoreThanOnce(): string[] {
    return [...this.finalEvents].filter(([, count]) => count > 1).map(([jobId]) => jobId);
  }

  /** True when every tracked job has completed or failed. */
  allFinished(): boolean {
    return this.completed + this.failed >= this.tracked.size;
  }

  /** Resolves once every tracked job has completed or failed; rejects when `signal` aborts. */
  waitUntilAllFinished(signal: AbortSignal): Promise<void> {
    if (this.allFinished()) return Promise.resolve();

    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  private apply(event: JobAttemptEvent): void {
    if (event.type === 'lease-lost') {
      this.leasesLost += 1;
      return;
    }
    if (event.type === 'retrying') {
      this.retries += 1;
      this.waitingForRetry.add(event.jobId);
      this.noteFailure(event);
      return;
    }

    this.waitingForRetry.delete(event.jobId);
    this.finalEvents.set(event.jobId, (this.finalEvents.get(event.jobId) ?? 0) + 1);
    if (event.type === 'completed') {
      this.completed += 1;
    } else {
      this.failed += 1;
      this.noteFailure(event);
    }
  }

  private noteFailure(event: JobAttemptEvent): void {
    this.failures.push({
      jobId: event.jobId,
      name: event.name,
      attempt: event.attempt,
      message: event.errorMessage ?? '(no message)',
      final: event.type === 'failed',
    });
  }

  private wakeWaiters(): void {
    if (!this.allFinished()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
