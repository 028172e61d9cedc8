import type { Clock } from '../clock/clock.js';
import { delay } from '../clock/sleep.js';
import type { Logger } from '../logging/logger.js';
import type { JobStorage } from '../storage/storage-contract.js';
import { WRITE_RETRY_PAUSES_MS } from './write-retry.js';

/** What became of a completion: written, refused because the lease was gone, or not written. */
export type CompletionOutcome = 'completed' | 'lease-lost' | 'not-written';

interface PendingGroup {
  leaseToken: string;
  waiters: Map<string, (outcome: CompletionOutcome) => void>;
}


/**
 * Writes completions in groups: one `jobComplete` call per lease token per flush, still fenced
 * by that token. A group is flushed when it reaches `maxGroupSize` (the queue's batch size, the
 * most jobs a lease can hold) or on the next turn of the event loop, so jobs that finish
 * together share one round trip and no completion waits longer than one turn.
 */
export class CompletionBatcher {
  private readonly storage: JobStorage;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly maxGroupSize: number;
  private readonly groups = new Map<string, PendingGroup>();
  private readonly flushing = new Set<Promise<void>>();
  private readonly writing = new Set<{ leaseToken: string; ids: string[] }>();
  private flushScheduled = false;

  constructor(params: { storage: JobStorage; clock: Clock; logger: Logger; maxGroupSize: number }) {
    this.storage = params.storage;
    this.clock = params.clock;
    this.logger = params.logger;
    this.maxGroupSize = params.maxGroupSize;
  }

  /** Queues the completion of `jobId` under `leaseToken`; resolves once the write is decided. */
  complete(leaseToken: string, jobId: string): Promise<CompletionOutcome> {
    return new Promise((resolve) => {
      let group = this.groups.get(leaseToken);
      if (group === undefined) {
        group = { leaseToken, waiters: new Map() };
        this.groups.set(leaseToken, group);
      }
      group.waiters.set(jobId, resolve);

      if (group.waiters.size >= this.maxGroupSize) {
        this.track(this.flushGroup(group));
      } else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          void this.flushAll();
        });
      }
    });
  }

  /** Writes every queued completion and waits for writes already under way. */
  async flushAll(): Promise<void> {
    for (const group of [...this.groups.values()]) this.track(this.flushGroup(group));
    while (this.flushing.size > 0) await Promise.all([...this.flushing]);
  }

  /** Completions queued or being written, by lease token: what shutdown abandons when it hangs. */
  unwritten(): Array<{ leaseToken: string; ids: string[] }> {
    const queued = [...this.groups.values()].map((group) => ({ leaseToken: group.leaseToken, ids: [...group.waiters.keys()] }));
    return [...queued, ...this.writing].filter((group) => group.ids.length > 0);
  }

  private track(flush: Promise<void>): void {
    this.flushing.add(flush);
    void flush.finally(() => this.flushing.delete(flush));
  }

  private async flushGroup(group: PendingGroup): Promise<void> {
    if (this.groups.get(group.leaseToken) === group) this.groups.delete(group.leaseToken);
    const ids = [...group.waiters.keys()];
    if (ids.length === 0) return;

    const underWay = { leaseToken: group.leaseToken, ids };
    this.writing.add(underWay);
    try {
      const outcomes = await this.write(group.leaseToken, ids);
      for (const [jobId, resolve] of group.waiters) resolve(outcomes.get(jobId) ?? 'not-written');
    } finally {
      this.writing.delete(underWay);
    }
  }

  private async write(leaseToken: string, ids: string[]): Promise<Map<string, CompletionOutcome>> {
    const triedAt = new Set<number>();
    for (let failures = 0; ; failures += 1) {
      try {
        // Read inside the try: a clock gone bad counts as a failed write and is retried.
        const now = this.clock.now();
        triedAt.add(now.getTime());
        const completed = await this.storage.jobComplete({ ids, leaseToken, now });
        // After a failed try the write may have landed anyway, so the count alone proves nothing.
        if (failures === 0 && completed === ids.length) return new Map(ids.map((id) => [id, 'completed']));
        if (failures === 0 && completed === 0) return new Map(ids.map((id) => [id, 'lease-lost']));
        return await this.outcomesOf(ids, triedAt);
      } catch (error) {
        const pause = WRITE_RETRY_PAUSES_MS[failures];
        if (pause === undefined) {
          this.logger.error(
            { err: error, jobIds: ids, leaseToken },
            'completions not written; the jobs run again once their lease expires',
          );
          return new Map(ids.map((id) => [id, 'not-written']));
        }
        this.logger.warn({ err: error, jobIds: ids, retryInMs: pause }, 'writing completions failed; retrying');
        await delay(pause);
      }
    }
  }

  /** Which of `ids` this batcher completed: those completed at one of the times it wrote. */
  private async outcomesOf(
    ids: string[],
    triedAt: ReadonlySet<number>,
  ): Promise<Map<string, CompletionOutcome>> {
    const outcomes = new Map<string, CompletionOutcome>();
    for (const id of ids) {
      const job = await this.storage.jobGet({ id });
      const completedAt = job?.completedAt?.getTime();
      const ours = job?.status === 'completed' && completedAt !== undefined && triedAt.has(completedAt);
      outcomes.set(id, ours ? 'completed' : 'lease-lost');
    }
    return outcomes;
  }
}
