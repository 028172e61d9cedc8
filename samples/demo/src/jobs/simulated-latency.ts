import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How long the stand-in remote services (scanner, catalogue) take per call. Real enough for
 * the queue's parallelism to matter, short enough for the demo to finish in seconds.
 */
export const SIMULATED_LATENCY_MS = 15;

/** Waits like a network call would, and stops early when the job is aborted (shutdown). */
export async function simulatedNetworkCall(signal: AbortSignal): Promise<void> {
  await sleep(SIMULATED_LATENCY_MS, undefined, { signal });
}
