/**
 * The demo's queues. Intervals are far shorter than production defaults so a run takes
 * seconds: polls every 50 ms, retries after 100 ms growing to at most 1 s. Leases stay long
 * (60 s): the worker the demo kills on purpose gets its jobs back through heartbeats
 * (demoHeartbeat), within seconds, not through lease expiry.
 */
export const demoQueues = {
  /** `summarize`. One job per run, so one slot is plenty. */
  default: { parallelism: 1, pollIntervalMs: 50 },

  /** `hash-file`: disk and CPU bound; more slots than cores still helps while reads wait. */
  files: { parallelism: 4, batchSize: 8, pollIntervalMs: 50, visibilityTimeoutMs: 60_000 },

  /** `scan-file` and `publish-file`: waiting on (simulated) remote services, so many slots. */
  network: {
    parallelism: 8,
    batchSize: 16,
    pollIntervalMs: 50,
    visibilityTimeoutMs: 60_000,
    retry: { kind: 'exponential', initialDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 3, jitter: true },
  },
} as const;
