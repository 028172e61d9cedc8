import { performance } from 'node:perf_hooks';

import type { Clock } from '../clock/clock.js';
import { WakeableSleep } from '../clock/sleep.js';
import { storableTimeAfter } from '../clock/storable-time.js';
import type { Logger } from '../logging/logger.js';
import type { ResolvedQueueOptions } from '../options/queue-options.js';
import type { JobRecord, JobStorage } from '../storage/storage-contract.js';
import { InFlightJob } from './in-flight-job.js';
import type { JobRunner } from './job-runner.js';
import { newLeaseToken } from './server-identity.js';
import { WorkerSlots } from './worker-slots.js';

/** Jobs one lease call returned after leasing had stopped: they never started. */
export interface UnstartedLease {
  leaseToken: string;
  ids: string[];
}

/** What a pump needs. */
export interface QueuePumpDeps {
  queue: ResolvedQueueOptions;
  storage: JobStorage;
  clock: Clock;
  serverId: string;
  /** The queue's logger (carries `serverId` and `queue`). */
  logger: Logger;
  runner: JobRunner;
}

/**
 * Feeds one queue's worker slots. It polls on its own cadence, and only when a slot is idle;
 * each poll leases `min(batchSize, idle slots)` jobs under a fresh lease token, so every leased
 * job starts at once. A poll that fills its limit suggests a backlog: the pump then polls again
 * as soon as a slot frees instead of waiting out `pollIntervalMs`.
 */
export class QueuePump {
  private readonly deps: QueuePumpDeps;
  private readonly slots: WorkerSlots;
  private readonly sleeper = new WakeableSleep();
  private readonly unstarted: UnstartedLease[] = [];
  private leasing = false;
  private backlog = false;
  private leaseCallToken: string | undefined;
  private loop: Promise<void> = Promise.resolve();

  constructor(deps: QueuePumpDeps) {
    this.deps = deps;
    this.slots = new WorkerSlots(deps.queue.parallelism, () => this.onSlotFreed());
  }

  /** Starts polling. */
  start(): void {
    this.leasing = true;
    this.loop = this.run();
  }

  /** Stops polling; resolves once no lease call is under way. Running jobs go on. */
  async stopLeasing(): Promise<void> {
    this.leasing = false;
    this.sleeper.wake();
    await this.loop;
  }

  /** The token of the lease call under way, if any: what shutdown abandons when it hangs. */
  leaseCallUnderWay(): string | undefined {
    return this.leaseCallToken;
  }

  /** Jobs holding a slot. */
  inFlight(): InFlightJob[] {
    return this.slots.inFlight();
  }

  /** Resolves when every slot is idle. */
  drained(): Promise<void> {
    return this.slots.drained();
  }

  /** Leases that came back after leasing stopped; shutdown releases them, refunding the attempt. */
  takeUnstarted(): UnstartedLease[] {
    return this.unstarted.splice(0);
  }

  private onSlotFreed(): void {
    // Without a backlog the next poll keeps its cadence; with one, it should not wait.
    if (this.backlog || this.slots.idle() === 1) this.sleeper.wake();
  }

  private async run(): Promise<void> {
    const { queue, logger } = this.deps;
    // Cadence runs on the monotonic clock: a wall clock stepped back (NTP, a resumed VM) would
    // otherwise make the pump wait out the step before it polls again.
    let lastPollAt = -Infinity;

    while (this.leasing) {
      const idle = this.slots.idle();
      if (idle === 0) {
        await this.sleeper.sleep();
        continue;
      }
      const sinceLastPoll = performance.now() - lastPollAt;
      if (!this.backlog && sinceLastPoll < queue.pollIntervalMs) {
        await this.sleeper.sleep(queue.pollIntervalMs - sinceLastPoll);
        // Woken early by a freed slot: go back and wait out the cadence unless a backlog showed up.
        if (performance.now() - lastPollAt < queue.pollIntervalMs && !this.backlog) continue;
      }
      if (!this.leasing) break;

      lastPollAt = performance.now();
      const limit = Math.min(queue.batchSize, this.slots.idle());
      const leased = await this.lease(limit);
      this.backlog = leased.length > 0 && leased.length === limit;
    }
    logger.debug('queue pump stopped leasing');
  }

  private async lease(limit: number): Promise<JobRecord[]> {
    const { storage, clock, queue, serverId, logger, runner } = this.deps;
    const leaseToken = newLeaseToken(serverId);

    let leased: JobRecord[];
    this.leaseCallToken = leaseToken;
    try {
      // Read inside the try: a clock gone bad throws here, is logged, and is tried again.
      const now = clock.now();
      leased = await storage.jobLease({
        queue: queue.name,
        limit,
        now,
        leaseToken,
        leaseOwner: serverId,
        leaseExpiresAt: storableTimeAfter(now, queue.visibilityTimeoutMs),
      });
    } catch (error) {
      logger.error({ err: error }, 'leasing jobs failed; retrying at the next poll');
      return [];
    } finally {
      this.leaseCallToken = undefined;
    }

    if (leased.length === 0) {
      logger.debug('poll found no due jobs');
      return leased;
    }
    if (!this.leasing) {
      // Shutdown began while this call was under way: these jobs must not start.
      // TODO: when shutdown already abandoned this call (it answered after the deadline), nobody
      // takes these; they return only once their lease expires. Release them here instead.
      this.unstarted.push({ leaseToken, ids: leased.map((job) => job.id) });
      return leased;
    }

    logger.debug({ count: leased.length, leaseToken }, 'leased jobs');
    for (const job of leased) {
      this.slots.start(new InFlightJob(job, leaseToken), (inFlight) => runner.run(inFlight));
    }
    return leased;
  }
}
