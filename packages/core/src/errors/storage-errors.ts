import { JobQueueError } from './job-queue-error.js';

/** A storage was handed a `transaction` it cannot join. */
export class StorageTransactionUnsupportedError extends JobQueueError {
  constructor(storageName: string) {
    super(
      'STORAGE.TRANSACTION_UNSUPPORTED',
      `${storageName}: transaction must be omitted, this storage cannot join a transaction, got one`,
      { fix: 'enqueue without `transaction`, or use a storage that supports transactions' },
    );
  }
}
