import { InFlightJob } from './in-flight-job.js';

/**
 * Bounded parallelism for one queue: at most `parallelism` jobs run at once. The pump asks how
 * many slots are idle before it leases, so every leased job gets a slot at once.
 */
export class WorkerSlots {
  private readonly parallelism: number;
  private readonly running = new Set<InFlightJob>();
  private readonly onSlotFreed: () => void;

  constructor(parallelism: number, onSlotFreed: () => void) {
    this.parallelism = parallelism;
    this.onSlotFreed = onSlotFreed;
  }

  /** Slots free right now. */
  idle(): number {
    return this.parallelism - this.running.size;
  }

  /** Jobs that hold a slot. */
  inFlight(): InFlightJob[] {
    return [...this.running];
  }

  /** Runs `work` for `job` in a slot; the slot frees when `work` settles. */
  start(job: InFlightJob, work: (job: InFlightJob) => Promise<void>): void {
    this.running.add(job);
    job.done = work(job)
      .catch(() => {
        // The runner handles its own errors; nothing may escape a slot.
      })
      .finally(() => {
        this.running.delete(job);
        this.onSlotFreed();
      });
  }

  /** Resolves when every slot is idle. */
  async drained(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.all([...this.running].map((job) => job.done));
    }
  }
}
