import type { Clock } from '../clock/clock.js';
import { JobAbortedError } from '../errors/job-errors.js';
import type { Logger } from '../logging/logger.js';
import type { JobStorage } from '../storage/storage-contract.js';
import type { CompletionBatcher } from './completion-batcher.js';
import type { InFlightJob } from './in-flight-job.js';
import type { QueuePump } from './queue-pump.js';

/** After aborting, how long handlers get to react before their jobs are released regardless. */
const ABORT_SETTLE_MS = 1_000;

/** What shutdown works on. */
export interface ShutdownDeps {
  pumps: readonly QueuePump[];
  batchers: readonly CompletionBatcher[];
  storage: JobStorage;
  clock: Clock;
  logger: Logger;
  shutdownTimeoutMs: number;
}

/** Resolves true when `work` settles within `ms`, false otherwise. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
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
 * 1. stop leasing (in every queue at once) and wait for lease calls under way;
 * 2. wait up to `shutdownTimeoutMs` for running jobs to finish and write their outcome;
 * 3. then abort the handlers still running (AbortSignal, reason `JobAbortedError`) and give
 *    them a moment to stop;
 * 4. write the completions still queued;
 * 5. release, by exact lease token, the jobs leased but never started (attempt refunded) and
 *    the jobs aborted or still running (attempt kept: they did start).
 */
export async function shutDownGracefully(deps: ShutdownDeps): Promise<void> {
  const { pumps, storage, clock, logger, shutdownTimeoutMs } = deps;

  await Promise.all(pumps.map((pump) => pump.stopLeasing()));

  const allDrained = Promise.all(pumps.map((pump) => pump.drained()));
  const drained = await settlesWithin(allDrained, shutdownTimeoutMs);

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
    await settlesWithin(allDrained, Math.min(ABORT_SETTLE_MS, shutdownTimeoutMs));
  }

  // From here on, a handler that finishes late writes nothing: its job is released below.
  const unfinished: InFlightJob[] = [];
  for (const inFlight of lingering) {
    if (inFlight.phase === 'running') inFlight.phase = 'abandoned';
    if (inFlight.phase === 'aborted' || inFlight.phase === 'abandoned') unfinished.push(inFlight);
  }

  await Promise.all(deps.batchers.map((batcher) => batcher.flushAll()));
  const writing = lingering.filter((job) => job.phase === 'writing');
  await settlesWithin(Promise.all(writing.map((job) => job.done)), ABORT_SETTLE_MS);

  const now = readClockForRelease(clock, lingering, logger);
  if (now === undefined) return;
  const releases: Array<Promise<void>> = [];
  const release = (leaseToken: string, ids: string[], refundAttempt: boolean): void => {
    releases.push(
      storage.jobRelease({ leaseToken, ids, refundAttempt, now }).then(
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

  await Promise.all(releases);
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
