import { randomUUID } from 'node:crypto';

import type { Clock } from '../clock/clock.js';
import { ConfigInvalidError } from '../errors/config-errors.js';
import { WakeableSleep } from '../clock/sleep.js';
import { storableTimeAfter } from '../clock/storable-time.js';
import type { Logger } from '../logging/logger.js';
import type { ResolvedSchedulerOptions } from '../options/scheduler-options.js';
import { newLeaseToken } from '../server/server-identity.js';
import type { JobInsertParams, ScheduleRecord, ScheduleStorage } from '../storage/storage-contract.js';
import { parseCron, type CronSchedule } from './cron-expression.js';
import { planOccurrences, type OccurrencePlan } from './occurrence-plan.js';
import { occurrenceIdempotencyKey } from './schedule-key.js';

/** Most schedules one poll leases; a full batch makes the scheduler poll again at once. */
export const SCHEDULES_PER_POLL = 50;

/** Parsed expressions kept between polls; the cache is emptied when it grows past this. */
const CRON_CACHE_LIMIT = 1_000;

/** What a scheduler needs. */
export interface SchedulerDeps {
  storage: ScheduleStorage;
  clock: Clock;
  /** Server id of the server running the scheduler: the owner of its leases. */
  serverId: string;
  /** The server's logger (carries `serverId`). */
  logger: Logger;
  options: ResolvedSchedulerOptions;
}

/** What one poll did. */
export interface SchedulerPollResult {
  /** Schedules leased. */
  leased: number;
  /** Schedules advanced (their occurrences committed). */
  advanced: number;
  /** Schedules whose lease was gone at commit (an upsert, pause or delete came first). */
  lost: number;
  /** Schedules that failed and were released. */
  failed: number;
  /** Jobs inserted. */
  enqueued: number;
}

/** The outcome of one schedule within a poll. */
type ScheduleOutcome = { kind: 'advanced'; enqueued: number } | { kind: 'lost' } | { kind: 'failed' };

/**
 * Turns due recurring schedules into jobs.
 *
 * Exclusivity is a lease with a visibility timeout, as for jobs: each poll leases due schedules
 * under a fresh token, plans their occurrences (see {@link planOccurrences}) and commits each
 * schedule in one storage call that inserts its occurrence jobs and advances `nextRunAt` only
 * while the token still holds. Occurrence jobs carry an idempotency key derived from the
 * schedule key and the occurrence, held unique by the jobs table, so no sequence of polls,
 * crashes or races can enqueue one occurrence twice.
 */
export class Scheduler {
  private readonly deps: SchedulerDeps;
  private readonly sleeper = new WakeableSleep();
  private readonly crons = new Map<string, CronSchedule>();
  private running = false;
  /** Set by stop(): a poll under way commits the schedule at hand and skips the rest. */
  private stopping = false;
  private loop: Promise<void> = Promise.resolve();
  /** Token of the poll under way; released on stop in case the poll was cut short. */
  private currentToken: string | undefined;

  constructor(deps: SchedulerDeps) {
    this.deps = deps;
  }

  /** Starts polling. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Whether the polling loop runs: false before start, after stop, and after a setup error. */
  isRunning(): boolean {
    return this.running;
  }

  /**
   * Stops polling: lets the poll under way finish the schedule it is committing, skips the rest
   * and releases every schedule still leased, so another scheduler can take them at once.
   */
  /** The token of the schedules this scheduler holds, if any: what shutdown abandons when it hangs. */
  heldLeaseToken(): string | undefined {
    return this.currentToken;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.sleeper.wake();
    await this.loop;

    const leaseToken = this.currentToken;
    this.currentToken = undefined;
    if (leaseToken === undefined) return;
    try {
      const released = await this.deps.storage.scheduleRelease({ leaseToken });
      if (released > 0) this.deps.logger.info({ released }, 'released schedules on shutdown');
    } catch (error) {
      this.deps.logger.error(
        { err: error, leaseToken },
        'releasing schedules on shutdown failed; they return after the visibility timeout',
      );
    }
  }

  /**
   * Leases due schedules once and commits their occurrences. The polling loop calls it; tests
   * call it directly to drive a scheduler step by step.
   */
  async poll(): Promise<SchedulerPollResult> {
    const { storage, clock, serverId, options } = this.deps;
    const now = clock.now();
    const horizon = storableTimeAfter(now, options.leadTimeMs);
    const leaseToken = newLeaseToken(serverId);

    const leased = await storage.scheduleLeaseDue({
      horizon,
      now,
      limit: SCHEDULES_PER_POLL,
      leaseToken,
      leaseOwner: serverId,
      leaseExpiresAt: new Date(now.getTime() + options.visibilityTimeoutMs),
    });
    if (leased.length > 0) this.currentToken = leaseToken;

    const result: SchedulerPollResult = { leased: leased.length, advanced: 0, lost: 0, failed: 0, enqueued: 0 };
    for (const schedule of leased) {
      // Stopping: leave the rest leased; stop() releases them under this token.
      if (this.stopping) break;

      const outcome = await this.commit(schedule, leaseToken, now, horizon);
      if (outcome.kind === 'advanced') {
        result.advanced += 1;
        result.enqueued += outcome.enqueued;
      } else if (outcome.kind === 'lost') {
        result.lost += 1;
      } else {
        result.failed += 1;
      }
    }

    if (result.advanced + result.lost + result.failed === leased.length && this.currentToken === leaseToken) {
      this.currentToken = undefined;
    }
    return result;
  }

  private async run(): Promise<void> {
    const { logger, options } = this.deps;
    logger.debug(
      { pollIntervalMs: options.pollIntervalMs, leadTimeMs: options.leadTimeMs },
      'scheduler started',
    );

    while (this.running) {
      let backlog = false;
      try {
        const result = await this.poll();
        backlog = result.leased === SCHEDULES_PER_POLL;
        if (result.leased === 0) logger.debug('scheduler poll found no due schedules');
      } catch (error) {
        if (error instanceof ConfigInvalidError) {
          // A setup problem (say, a schema without the schedules table) does not heal by waiting.
          logger.error({ err: error }, 'scheduler stopped: the storage cannot lease schedules');
          this.running = false;
          break;
        }
        logger.error({ err: error }, 'scheduler poll failed; retrying at the next poll');
      }
      if (this.running && !backlog) await this.sleeper.sleep(options.pollIntervalMs);
    }

    logger.debug('scheduler stopped');
  }

  /** Plans one leased schedule and commits it under the poll's token. */
  private async commit(
    schedule: ScheduleRecord,
    leaseToken: string,
    now: Date,
    horizon: Date,
  ): Promise<ScheduleOutcome> {
    const { storage, options } = this.deps;
    const logger = this.deps.logger.child({ scheduleKey: schedule.key, queue: schedule.queue });

    try {
      const cron = this.cronOf(schedule);
      if (cron === undefined) return await this.park(schedule, leaseToken, now, logger);

      const plan = planOccurrences({
        cron,
        // A leased schedule always has one: the lease only takes schedules with nextRunAt set.
        nextRunAt: schedule.nextRunAt ?? now,
        now,
        horizon,
        policy: schedule.misfirePolicy,
        maxCatchUp: schedule.maxCatchUp,
        misfireThresholdMs: options.misfireThresholdMs,
      });

      const result = await storage.scheduleAdvance({
        key: schedule.key,
        leaseToken,
        jobs: plan.occurrences.map((occurrence) => occurrenceJob(schedule, occurrence, now)),
        nextRunAt: plan.nextRunAt,
        lastEnqueuedAt: plan.occurrences.at(-1) ?? schedule.lastEnqueuedAt,
        now,
      });

      if (!result.advanced) {
        logger.info('schedule changed while its occurrences were planned; the next poll plans it again');
        return { kind: 'lost' };
      }
      logPlan(logger, schedule, plan, result.inserted);
      return { kind: 'advanced', enqueued: result.inserted };
    } catch (error) {
      logger.error({ err: error }, 'scheduling failed; the schedule is released and tried again');
      await storage
        .scheduleRelease({ leaseToken, keys: [schedule.key] })
        .catch((releaseError: unknown) =>
          logger.error({ err: releaseError }, 'releasing the failed schedule failed; it returns after the visibility timeout'),
        );
      return { kind: 'failed' };
    }
  }

  /**
   * The parsed expression of a stored schedule, cached by expression and zone; `undefined`
   * when it no longer parses (a library upgrade got stricter, or the row was edited by hand).
   */
  private cronOf(schedule: ScheduleRecord): CronSchedule | undefined {
    const cacheKey = `${schedule.timeZone} ${schedule.cron}`;
    const cached = this.crons.get(cacheKey);
    if (cached !== undefined) return cached;

    let cron: CronSchedule;
    try {
      cron = parseCron(schedule.cron, {
        timeZone: schedule.timeZone,
        where: `schedule "${schedule.key}"`,
        requireNextOccurrence: false,
      });
    } catch (error) {
      this.deps.logger.error({ err: error, scheduleKey: schedule.key }, 'stored schedule does not parse');
      return undefined;
    }
    if (this.crons.size >= CRON_CACHE_LIMIT) this.crons.clear();
    this.crons.set(cacheKey, cron);
    return cron;
  }

  /**
   * Parks a schedule whose stored expression does not parse: `nextRunAt = null` takes it out of
   * every lease until `scheduleRecurring` writes a new expression, instead of failing every poll.
   */
  private async park(schedule: ScheduleRecord, leaseToken: string, now: Date, logger: Logger): Promise<ScheduleOutcome> {
    const result = await this.deps.storage.scheduleAdvance({
      key: schedule.key,
      leaseToken,
      jobs: [],
      nextRunAt: null,
      lastEnqueuedAt: schedule.lastEnqueuedAt,
      now,
    });
    if (!result.advanced) return { kind: 'lost' };
    logger.error(
      { cron: schedule.cron, timeZone: schedule.timeZone },
      'schedule parked: its stored cron expression does not parse; register it again with a valid one',
    );
    return { kind: 'failed' };
  }
}

/** The job for one occurrence: the schedule's job, due at the occurrence, keyed by it. */
function occurrenceJob(schedule: ScheduleRecord, occurrence: Date, now: Date): JobInsertParams {
  return {
    id: randomUUID(),
    name: schedule.name,
    queue: schedule.queue,
    payload: schedule.payload,
    runAt: occurrence,
    maxAttempts: schedule.maxAttempts,
    idempotencyKey: occurrenceIdempotencyKey(schedule.key, occurrence),
    scheduleKey: schedule.key,
    now,
  };
}

/** Info when a poll did work or skipped missed occurrences; nothing otherwise. */
function logPlan(logger: Logger, schedule: ScheduleRecord, plan: OccurrencePlan, inserted: number): void {
  if (plan.missed !== null) {
    logger.warn(
      {
        misfirePolicy: schedule.misfirePolicy,
        firstMissed: plan.missed.first.toISOString(),
        lastMissed: plan.missed.last.toISOString(),
        missedEnqueued: plan.missedEnqueued,
      },
      'schedule missed occurrences while no scheduler ran',
    );
  }
  if (plan.occurrences.length > 0) {
    logger.info(
      {
        enqueued: inserted,
        occurrences: plan.occurrences.length,
        nextRunAt: plan.nextRunAt?.toISOString() ?? null,
      },
      'enqueued schedule occurrences',
    );
  }
}
