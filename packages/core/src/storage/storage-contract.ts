/**
 * The storage contract: everything the Atomizer client and server ask of a database.
 *
 * What belongs here: plain records and one method per storage operation, each taking a
 * single params object, named entity-first (`jobInsert`, `jobLease`, `serverHeartbeat`) so
 * related operations sort together. What does not: any driver or ORM type. A storage may
 * accept an opaque `transaction` handle (see {@link StorageCallContext}); core never looks
 * inside it.
 *
 * Every implementation (in-memory, Prisma on each provider) runs the same conformance suite,
 * `@atomizer/core/testing`. A behaviour change goes into that suite first.
 *
 * Glossary
 * - job: one unit of work, a JSON payload for a named job definition, in a queue.
 * - lease: a server's claim on a job while it runs it. A lease has a token (unique per lease
 *   call) and an owner (the server id of the claimant), and it expires at `availableAt`.
 * - fencing: every write that ends a lease (complete, fail, release) names the lease token and
 *   changes nothing when the job is no longer held under that token. A worker whose lease
 *   expired and was taken over can never overwrite the new owner's state.
 * - attempt: one execution. `attempts` counts executions started, the first included; the
 *   lease that starts an execution increments it.
 * - schedule: a recurring job definition (cron, time zone, payload) keyed by a caller-chosen
 *   key. Schedulers lease due schedules like jobs and turn each occurrence into one job.
 *
 * States (docs/job-states.md draws them):
 *   pending --lease--> processing --complete--> completed
 *                          |  \--fail, attempts left--> pending (availableAt = retry time)
 *                          |  \--fail, none left------> failed
 *                          \--release / lease expiry / stale-server recovery--> pending
 */

/** Lifecycle state of a job. `completed` and `failed` are final. */
export type JobStatus = 'pending' | 'processing' | 'completed' | 'failed';

/** Every job state, in lifecycle order. */
export const JOB_STATUSES: readonly JobStatus[] = ['pending', 'processing', 'completed', 'failed'];

/**
 * Stored as `maxAttempts` when neither the enqueue call nor the job definition sets it: the
 * server then applies the `maxAttempts` of its queue's retry policy. The client cannot know the
 * server's queue configuration, so the decision is deferred to the one who runs the job.
 */
export const MAX_ATTEMPTS_FROM_QUEUE_POLICY = 0;

/** A job as stored. */
export interface JobRecord {
  /** UUID chosen by the client, so a caller knows the id before the insert commits. */
  id: string;
  /** Name of the job definition whose handler runs this job. */
  name: string;
  queue: string;
  /** The payload as JSON text, exactly as validated and serialized at enqueue. */
  payload: string;
  status: JobStatus;
  /** Earliest time the producer asked the job to run. Never changes after insert. */
  runAt: Date;
  /**
   * When the job may next be leased: `runAt` at first, the retry time after a failed attempt,
   * the lease expiry while processing, and `null` once the job is completed or failed. The
   * lease query reads only this column (with `queue`), which keeps it index-driven.
   */
  availableAt: Date | null;
  /** Executions started so far, the current one included. */
  attempts: number;
  /**
   * Executions allowed in total, the first included; {@link MAX_ATTEMPTS_FROM_QUEUE_POLICY}
   * (0) when the job leaves it to the retry policy of the queue that runs it. Storages store
   * it as given and never interpret it.
   */
  maxAttempts: number;
  /** Caller-chosen key that makes enqueue idempotent; unique across all stored jobs. */
  idempotencyKey: string | null;
  /** Key of the recurring schedule that produced this job, if any. */
  scheduleKey: string | null;
  /** Token of the lease currently held, `null` unless processing. */
  leaseToken: string | null;
  /** Server id of the lease holder, `null` unless processing. */
  leaseOwner: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  failedAt: Date | null;
}

/** One failed attempt, as recorded. */
export interface JobErrorRecord {
  /** The attempt number that failed (1 for the first execution). */
  attempt: number;
  /** The error's class name, e.g. `TypeError` or `JobPayloadInvalidError`. */
  errorType: string;
  message: string;
  stack: string | null;
  /** Server id of the server that ran the failed attempt. */
  serverId: string | null;
  occurredAt: Date;
}

/** A job with its recorded errors, oldest first. */
export interface JobDetails extends JobRecord {
  errors: JobErrorRecord[];
}

/**
 * Options a caller passes through to the storage for one call. `transaction` is an opaque
 * handle understood by the storage only (for the Prisma storage: the `tx` client of an
 * interactive `$transaction`). A storage that cannot honour it must throw, never ignore it.
 */
export interface StorageCallContext {
  transaction?: unknown;
}

export interface JobInsertParams {
  id: string;
  name: string;
  queue: string;
  payload: string;
  runAt: Date;
  maxAttempts: number;
  idempotencyKey: string | null;
  scheduleKey: string | null;
  now: Date;
}

export interface JobInsertResult {
  /** The new job's id, or the id of the job that already holds the idempotency key. */
  id: string;
  /** False when an existing job with the same idempotency key was found instead. */
  inserted: boolean;
}

export interface JobLeaseParams {
  queue: string;
  /** Most jobs to lease in this call. */
  limit: number;
  now: Date;
  /** Fresh token for this lease call; every job leased by the call gets it. */
  leaseToken: string;
  /** Server id of the claimant. */
  leaseOwner: string;
  /** Lease expiry: the visibility timeout added to `now`. */
  leaseExpiresAt: Date;
}

export interface JobCompleteParams {
  /** Jobs to complete, all held under `leaseToken`. */
  ids: string[];
  leaseToken: string;
  now: Date;
}

export interface JobFailParams {
  id: string;
  leaseToken: string;
  now: Date;
  error: JobErrorRecord;
  /** When to try again, or `null` to fail the job for good. */
  retryAt: Date | null;
}

export interface JobReleaseParams {
  leaseToken: string;
  /** Release only these jobs of the lease; all of them when omitted. */
  ids?: string[];
  /** Give back the attempt the lease counted, for jobs that never started. */
  refundAttempt: boolean;
  now: Date;
}

/** Number of jobs in each state. */
export type JobCounts = Record<JobStatus, number>;

/** A processing server, as it announces itself with each heartbeat. */
export interface ServerInfo {
  /**
   * Identifies this incarnation of the server: its instance id, the lease-token delimiter and
   * a part that is new at every start, so a restarted process that reuses a fixed instance id
   * never refreshes its dead predecessor's row.
   */
  serverId: string;
  instanceId: string;
  host: string;
  pid: number;
  startedAt: Date;
  /** Queues this server processes. */
  queues: string[];
}

/** A stored heartbeat row. */
export interface ServerRecord extends ServerInfo {
  /** Stamped by the storage with its own clock (the database's, where it has one). */
  lastHeartbeatAt: Date;
}

export interface ServerRecoverStaleParams {
  /** A server whose last heartbeat is older than this, on the storage's clock, is stale. */
  staleAfterMs: number;
  /** Never recover this server (the caller itself). */
  exceptServerId: string;
}

/** One stale server claimed by a sweep. */
export interface RecoveredServer {
  serverId: string;
  /** Processing jobs it held, now pending again. */
  releasedJobs: number;
  /** Schedules its scheduler held a lease on, now free for another scheduler. */
  releasedSchedules: number;
}

// ---- schedules (recurring jobs) ----------------------------------------------------------------

/**
 * What a schedule does with occurrences missed while no scheduler ran. On-time occurrences
 * (no older than the scheduler's misfire threshold) run under every policy.
 * - `ignore`: skip missed occurrences.
 * - `runOnce`: one job for the most recent missed occurrence.
 * - `catchUp`: one job per missed occurrence, the most recent `maxCatchUp` of them.
 */
export type MisfirePolicy = 'ignore' | 'runOnce' | 'catchUp';

/** Every misfire policy. */
export const MISFIRE_POLICIES: readonly MisfirePolicy[] = ['ignore', 'runOnce', 'catchUp'];

/**
 * A recurring schedule as stored. A scheduler leases it once `nextRunAt` falls within its lead
 * time, enqueues the occurrences that are due and advances `nextRunAt` in one fenced write
 * ({@link ScheduleStorage.scheduleAdvance}). Jobs it enqueues carry its key as `scheduleKey`.
 */
export interface ScheduleRecord {
  /** Caller-chosen key, unique across schedules; upserts match on it. */
  key: string;
  /** Name of the job definition each occurrence enqueues. */
  name: string;
  /** Queue of the jobs the schedule enqueues. */
  queue: string;
  /** The payload as JSON text, validated against the job's schema when the schedule was written. */
  payload: string;
  /** Cron expression (five fields, or six with seconds first), fields separated by one space. */
  cron: string;
  /** Canonical IANA name of the zone `cron` is read in. */
  timeZone: string;
  misfirePolicy: MisfirePolicy;
  /** Most missed occurrences `catchUp` enqueues. */
  maxCatchUp: number;
  /** `maxAttempts` of each job it enqueues; {@link MAX_ATTEMPTS_FROM_QUEUE_POLICY} (0) defers. */
  maxAttempts: number;
  /** Whether schedulers lease it. */
  enabled: boolean;
  /** The first occurrence not yet enqueued; `null` when the expression has no further one. */
  nextRunAt: Date | null;
  /** The newest occurrence enqueued so far; `null` before the first. */
  lastEnqueuedAt: Date | null;
  /** Token of the scheduler lease held now; `null` when none is. */
  leaseToken: string | null;
  /** Server id of the lease holder; `null` when none is. */
  leaseOwner: string | null;
  /** When the lease expires and another scheduler may take the schedule; `null` when none is held. */
  leaseExpiresAt: Date | null;
  createdAt: Date;
  /** Last write of the definition, of `enabled`, or of the progress (an advance). */
  updatedAt: Date;
}

/** The definition part of a schedule, as `scheduleRecurring` writes it. */
export interface ScheduleUpsertParams {
  key: string;
  name: string;
  queue: string;
  payload: string;
  cron: string;
  timeZone: string;
  misfirePolicy: MisfirePolicy;
  maxCatchUp: number;
  maxAttempts: number;
  /** `undefined`: true for a new schedule, unchanged for an existing one. */
  enabled: boolean | undefined;
  /** First occurrence after `now` under this `cron` and `timeZone`. */
  nextRunAt: Date | null;
  now: Date;
}

export interface ScheduleUpsertResult {
  /** The schedule as stored after the call. */
  schedule: ScheduleRecord;
  /** False when a schedule with the key existed and was updated in place. */
  created: boolean;
}

export interface ScheduleSetEnabledParams {
  key: string;
  enabled: boolean;
  /** Written as `nextRunAt` when a disabled schedule is enabled: the first occurrence after now. */
  nextRunAt: Date | null;
  now: Date;
}

export interface ScheduleLeaseDueParams {
  /** Lease enabled schedules whose `nextRunAt` is at or before this: `now` plus the lead time. */
  horizon: Date;
  now: Date;
  /** Most schedules to lease in this call. */
  limit: number;
  /** Fresh token for this lease call; every schedule leased by the call gets it. */
  leaseToken: string;
  /** Server id of the claimant. */
  leaseOwner: string;
  /** Lease expiry: the scheduler's visibility timeout added to `now`. */
  leaseExpiresAt: Date;
}

export interface ScheduleAdvanceParams {
  key: string;
  /** The token the schedule was leased under; nothing is written unless it still holds. */
  leaseToken: string;
  /** The occurrence jobs to insert, each with its occurrence idempotency key. */
  jobs: JobInsertParams[];
  /** The schedule's next occurrence after these jobs. */
  nextRunAt: Date | null;
  /** The newest occurrence enqueued, after this call. */
  lastEnqueuedAt: Date | null;
  now: Date;
}

export interface ScheduleAdvanceResult {
  /** False when the lease was lost (expired and taken, or cleared by a write): nothing written. */
  advanced: boolean;
  /** Jobs inserted; an occurrence whose idempotency key was taken is skipped, not counted. */
  inserted: number;
}

export interface ScheduleReleaseParams {
  leaseToken: string;
  /** Release only these schedules of the lease; all of them when omitted. */
  keys?: string[];
}

/**
 * Where Atomizer keeps its jobs, and its recurring schedules ({@link ScheduleStorage}).
 * Implementations must pass `@atomizer/core/testing`.
 */
export interface JobStorage extends ScheduleStorage {
  // ---- jobs ----------------------------------------------------------------------------

  /**
   * Counts jobs per state, in one queue or in all.
   */
  jobCount(params: { queue?: string }): Promise<JobCounts>;

  /**
   * Completes jobs held under one lease token, in one round trip. Fenced: a job no longer held
   * under that token (its lease expired and another server took it) is left as it is.
   * Sets `completed`, `completedAt = updatedAt = now`, clears the lease and `availableAt`.
   * @returns how many jobs were completed.
   */
  jobComplete(params: JobCompleteParams): Promise<number>;

  /**
   * Records a failed attempt and either schedules the retry (`pending`, `availableAt =
   * retryAt`) or fails the job for good (`failed`, `failedAt = now`, `availableAt = null`).
   * Fenced like {@link jobComplete}: when the lease was lost nothing is written, the error
   * record included, and false is returned.
   */
  jobFail(params: JobFailParams): Promise<boolean>;

  /** Reads one job with its errors; `null` when no job has that id. */
  jobGet(params: { id: string }): Promise<JobDetails | null>;

  /**
   * Inserts a pending job with `attempts = 0` and `availableAt = runAt`. When another job
   * already holds the idempotency key, inserts nothing and returns that job's id, whatever its
   * state: the check is race-safe (a unique index, not a read-then-write).
   */
  jobInsert(params: JobInsertParams, context?: StorageCallContext): Promise<JobInsertResult>;

  /**
   * Leases up to `limit` jobs of one queue, oldest `availableAt` first (ties by id): pending
   * jobs that are due and processing jobs whose lease expired. Each leased job becomes
   * `processing` with the given token and owner, `availableAt = leaseExpiresAt`, and
   * `attempts + 1`. Two concurrent calls never lease the same job.
   * @returns the leased jobs, as they are after the lease.
   */
  jobLease(params: JobLeaseParams): Promise<JobRecord[]>;

  /**
   * Returns processing jobs held under `leaseToken` to pending, due now: clears the lease and
   * sets `availableAt = now`. Used on shutdown for jobs leased but not finished.
   * @returns how many jobs were released.
   */
  jobRelease(params: JobReleaseParams): Promise<number>;

  // ---- servers (heartbeats) --------------------------------------------------------------

  /**
   * Writes this server's heartbeat, stamped with the storage's clock, creating the row if it is
   * missing. `registered` is true when the row had to be created: on the first beat, and when a
   * peer had declared this server dead and removed it.
   */
  serverHeartbeat(params: ServerInfo): Promise<{ registered: boolean }>;

  /** Lists the servers that have a heartbeat row, oldest heartbeat first. */
  serverList(): Promise<ServerRecord[]>;

  /**
   * Claims every stale server other than `exceptServerId` and releases the processing jobs it
   * holds, in every queue. For each server, atomically: remove its row only if it is still
   * stale at that moment, and only then release the jobs whose `leaseOwner` is that server id.
   * A server that beat again before the claim is left alone with its jobs; two sweepers racing
   * for the same server release its jobs once.
   *
   * Released jobs become `pending`, due now (`availableAt` = the storage's clock), with the
   * lease cleared and `attempts` unchanged: the attempt may have run, so it stays counted.
   * `leaseOwner` is compared exactly, never as a pattern or prefix.
   *
   * In the same atomic step, it clears the scheduler leases whose `leaseOwner` is that server
   * id (exactly, as for jobs) and reports them as `releasedSchedules`.
   */
  serverRecoverStale(params: ServerRecoverStaleParams): Promise<RecoveredServer[]>;

  /** Removes a server's heartbeat row; a missing row is not an error. */
  serverRemove(params: { serverId: string }): Promise<void>;
}

/**
 * The schedule operations of a storage. Exclusivity comes from leases, the same technique as
 * jobs: a scheduler leases due schedules under a fresh token with a visibility timeout, and its
 * one write per schedule ({@link scheduleAdvance}) is fenced by that token. Every other write
 * to a schedule (upsert, enable/disable, delete) clears its lease, so a tick planned from an
 * old definition can never commit.
 */
export interface ScheduleStorage {
  /**
   * In one atomic step, and only while the schedule is held under `leaseToken`: inserts the
   * occurrence jobs (a job whose idempotency key is taken is skipped, exactly as
   * {@link JobStorage.jobInsert} does), sets `nextRunAt`, `lastEnqueuedAt` and
   * `updatedAt = now`, and clears the lease. When the token no longer holds, writes nothing.
   */
  scheduleAdvance(params: ScheduleAdvanceParams): Promise<ScheduleAdvanceResult>;

  /** Deletes a schedule; jobs it already enqueued stay. @returns false when no schedule had the key. */
  scheduleDelete(params: { key: string }): Promise<boolean>;

  /** Reads one schedule; `null` when none has the key. */
  scheduleGet(params: { key: string }): Promise<ScheduleRecord | null>;

  /**
   * Leases up to `limit` enabled schedules with `nextRunAt <= horizon` that no one holds or whose
   * lease expired (`leaseExpiresAt <= now`), earliest `nextRunAt` first (ties by key). Each gets
   * the token, the owner and `leaseExpiresAt`. Two concurrent calls never lease the same schedule.
   * @returns the leased schedules, as they are after the lease.
   */
  scheduleLeaseDue(params: ScheduleLeaseDueParams): Promise<ScheduleRecord[]>;

  /** Lists every schedule, by key. */
  scheduleList(): Promise<ScheduleRecord[]>;

  /**
   * Clears the lease of schedules held under `leaseToken` (all, or those in `keys`), leaving
   * everything else as it is. Used on shutdown and after a failed tick.
   * @returns how many schedules were released.
   */
  scheduleRelease(params: ScheduleReleaseParams): Promise<number>;

  /**
   * Enables or disables a schedule and clears its lease. Enabling a disabled schedule writes
   * `nextRunAt` (occurrences that fell while it was disabled are skipped, not missed); disabling
   * keeps it. `updatedAt = now` when the state changes; otherwise nothing is written.
   * @returns the schedule after the call; `null` when none has the key.
   */
  scheduleSetEnabled(params: ScheduleSetEnabledParams): Promise<ScheduleRecord | null>;

  /**
   * Creates the schedule, or updates the one with that key in place and clears its lease.
   * Creating: `enabled ?? true`, the given `nextRunAt`, `lastEnqueuedAt = null`,
   * `createdAt = updatedAt = now`. Updating: writes the definition fields, `enabled` when given
   * and `updatedAt = now`; keeps `createdAt` and `lastEnqueuedAt`; writes `nextRunAt` only when
   * `cron` or `timeZone` changed or the schedule goes from disabled to enabled, so re-registering
   * an unchanged schedule at every start keeps the occurrences it missed while the app was down.
   * Each step is atomic, so concurrent upserts of one key leave one consistent definition.
   */
  scheduleUpsert(params: ScheduleUpsertParams): Promise<ScheduleUpsertResult>;
}
