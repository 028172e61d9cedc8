/**
 * Pauses before retrying a write that ends an execution (a completion or a failed attempt),
 * in milliseconds; after the last one the write is given up and the job comes back when its
 * lease expires. Short, because a worker slot or a completion group waits on the write.
 */
export const WRITE_RETRY_PAUSES_MS: readonly number[] = [50, 250, 1_000];
