import type { Clock } from '../clock/clock.js';
import { JobAbortedError } from '../errors/job-errors.js';
import type { Logger } from '../logging/logger.js';
import type { JobStorage } from '../storage/storage-contract.js';
import type { CompletionBatcher } from './completion-batcher.js';
import type { InFlightJob } from './in-flight-job.js';
import type { QueuePump } from './queue-pump.js';
import type { ShutdownDeadline } from './shutdown-deadline.js';

/** After aborting, how long handlers get to react before their jobs are released regardless. */
export const ABORT_SETTLE_MS = 1_000;

/**
 * How long a shutdown's storage calls (the lease under way, the last completions, the releases,
 * the heartbeat's last writes) may take beyond `shutdownTimeoutMs` and {@link ABORT_SETTLE_MS}.
 */
export const SHUTDOWN_STORAGE_MARGIN_MS = 2_000;

/** What shutdown works on. */
export interface ShutdownDeps {
  pumps: readonly QueuePump[];
  batchers: readonly CompletionBatcher[];
  storage: JobStorage;
  clock: Clock;
  logger: Logger;
  shutdownTimeoutMs: number;
  /** Bounds every wait below; what is still unanswered when it passes is logged and abandoned. */
  deadline: ShutdownDeadline;
  /** The pumps' {@link stopLeasing}, begun as the stop began. */
  leasingStopped: Promise<void>;
}

function groupByToken(jobs: Array<{ leaseToken: string; id: string }>): Map<string, string[]> {
  const byToken = new Map<string, string[]>();
  for (const { leaseToken, id } of jobs) {
    const ids = byToken.get(leaseToken) ?? [];
    ids.push(id);
    byToken.set(leaseToken, ids);
  }
  return byToken;
}

/**
 * Stops a server's queue processing without losing or double-running work:
 * 1. wait for {@link stopLeasing} (begun by the caller) to see lease calls under way end;
 * 2. wait up to `shutdownTimeoutMs` for running jobs to finish and write their outcome;
 * 3. then abort the handlers still running (AbortSignal, reason `JobAbortedError`) and give
 *    them a moment to stop;
 * 4. write the completions still queued;
 * 5. release, by exact lease token, the jobs leased but never started (attempt refunded) and
 *    the jobs aborted or still running (attempt kept: they did start).
 * A storage call still unanswered at the deadline is abandoned and logged with its job ids and
 * lease token; those jobs come back once their lease expires.
 */
export async function shutDownGracefully(deps: ShutdownDeps): Promise<void> {
  const { pumps, storage, clock, logger, shutdownTimeoutMs, deadline } = deps;

  await deps.leasingStopped;

  const allDrained = Promise.all(pumps.map((pump) => pump.drained()));
  const drained = await deadline.settles(allDrained, shutdownTimeoutMs);

  // Jobs still in a slot now are the ones shutdown must deal with; a finished job leaves its slot.
  const lingering = pumps.flatMap((pump) => pump.inFlight());
  if (!drained) {
    const running = lingering.filter((job) => job.phase === 'running');
    logger.warn(
      { jobIds: running.map((job) => job.job.id), shutdownTimeoutMs },
      'jobs still running at the shutdown timeout; aborting them',
    );
    for (const inFlight of running) {
      inFlight.abortController.abort(new JobAbortedError(inFlight.job.id, shutdownTimeoutMs));
    }
    await deadline.settles(allDrained, Math.min(ABORT_SETTLE_MS, shutdownTimeoutMs));
  }

  // From here on, a handler that finishes late writes nothing: its job is released below.
  const unfinished: InFlightJob[] = [];
  for (const inFlight of lingering) {
    if (inFlight.phase === 'running') inFlight.phase = 'abandoned';
    if (inFlight.phase === 'aborted' || inFlight.phase === 'abandoned') unfinished.push(inFlight);
  }

  const flushed = await deadline.settles(Promise.all(deps.batchers.map((batcher) => batcher.flushAll())));
  if (!flushed) {
    const unwritten = deps.batchers.flatMap((batcher) => batcher.unwritten());
    logger.error(
      { leaseTokens: unwritten.map((group) => group.leaseToken), jobIds: unwritten.flatMap((group) => group.ids) },
      'completions abandoned on shutdown: the storage did not answer in time; those jobs run again once their lease expires',
    );
  }
  const writing = lingering.filter((job) => job.phase === 'writing');
  const written = await deadline.settles(Promise.all(writing.map((job) => job.done)), ABORT_SETTLE_MS);
  if (!written) {
    const stuck = writing.filter((job) => job.phase === 'writing');
    logger.error(
      { jobIds: stuck.map((job) => job.job.id), leaseTokens: stuck.map((job) => job.leaseToken) },
      'outcome writes abandoned on shutdown: the storage did not answer in time; those jobs run again once their lease expires',
    );
  }

  const now = readClockForRelease(clock, lingering, logger);
  if (now === undefined) return;
  const releases: Array<Promise<void>> = [];
  const pendingReleases = new Set<{ leaseToken: string; ids: string[] }>();
  const release = (leaseToken: string, ids: string[], refundAttempt: boolean): void => {
    const pending = { leaseToken, ids };
    pendingReleases.add(pending);
    releases.push(
      storage.jobRelease({ leaseToken, ids, refundAttempt, now }).finally(() => pendingReleases.delete(pending)).then(
        (released) => logger.info({ leaseToken, released, refundAttempt }, 'released jobs on shutdown'),
        (error: unknown) =>
          logger.error(
            { err: error, leaseToken, jobIds: ids },
            'releasing jobs on shutdown failed; they return once their lease expires',
          ),
      ),
    );
  };

  for (const lease of pumps.flatMap((pump) => pump.takeUnstarted())) {
    release(lease.leaseToken, lease.ids, true);
  }
  const unfinishedByToken = groupByToken(
    unfinished.map((inFlight) => ({ leaseToken: inFlight.leaseToken, id: inFlight.job.id })),
  );
  for (const [leaseToken, ids] of unfinishedByToken) release(leaseToken, ids, false);

  if (!(await deadline.settles(Promise.all(releases)))) {
    const unanswered = [...pendingReleases];
    logger.error(
      { leaseTokens: unanswered.map((lease) => lease.leaseToken), jobIds: unanswered.flatMap((lease) => lease.ids) },
      'releases abandoned on shutdown: the storage did not answer in time; those jobs return once their lease expires',
    );
  }
}

/**
 * Stops every pump's leasing; a lease call still unanswered at the deadline is abandoned. Call
 * it first thing in a stop: no lease call may start once stopping began.
 */
export async function stopLeasing(pumps: readonly QueuePump[], deadline: ShutdownDeadline, logger: Logger): Promise<void> {
  await Promise.all(
    pumps.map(async (pump) => {
      const leaseToken = pump.leaseCallUnderWay();
      if (await deadline.settles(pump.stopLeasing(), SHUTDOWN_STORAGE_MARGIN_MS)) return;
      logger.error(
        { leaseToken: pump.leaseCallUnderWay() ?? leaseToken },
        'lease call abandoned on shutdown: the storage did not answer in time; jobs it leased return once that lease expires',
      );
    }),
  );
}

/** The time for the release writes; `undefined` (logged) when the clock reads something unstorable. */
function readClockForRelease(clock: Clock, lingering: InFlightJob[], logger: Logger): Date | undefined {
  try {
    return clock.now();
  } catch (error) {
    logger.error(
      { err: error, jobIds: lingering.map((inFlight) => inFlight.job.id) },
      'jobs not released on shutdown: the clock is invalid; they return once their lease expires',
    );
    return undefined;
  }
}
