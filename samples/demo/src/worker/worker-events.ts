/**
 * What a worker reports about each job attempt it finished, whether it runs in this process
 * or (later) in a child process that forwards its server's events. The progress bar and the
 * summary only ever see these.
 */
export interface JobAttemptEvent {
  /**
   * `lease-lost`: the worker finished an attempt but could not write its outcome because its
   * lease had been taken over (it was too slow, or declared dead); the job runs again elsewhere.
   */
  type: 'completed' | 'retrying' | 'failed' | 'lease-lost';
  jobId: string;
  name: string;
  queue: string;
  attempt: number;
  /** The error message for `retrying` and `failed`. */
  errorMessage?: string;
}

/** Receives a worker's job events. */
export type JobAttemptListener = (event: JobAttemptEvent) => void;

/** A running worker, wherever it runs. */
export interface WorkerHandle {
  /** Stops leasing, lets running jobs finish (up to the server's shutdown timeout), then returns. */
  stop(): Promise<void>;
}
