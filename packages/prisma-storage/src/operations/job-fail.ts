import type { JobFailParams } from '@atomizer/core';

import type { AtomizerJobUpdateData } from '../prisma-client-shape.js';
import { transactionOptions, type StorageContext } from './storage-context.js';

/** The error_type column's size (VARCHAR(255) where sizes exist). */
export const ERROR_TYPE_MAX_LENGTH = 255;

/**
 * Records a failed attempt and schedules the retry or fails the job, in one transaction,
 * fenced by the lease token: when the lease was lost nothing is written.
 */
export function failJob(context: StorageContext, params: JobFailParams): Promise<boolean> {
  const released = { leaseToken: null, leaseOwner: null, updatedAt: params.now } as const;
  const data: AtomizerJobUpdateData =
    params.retryAt === null
      ? { ...released, status: 'failed', availableAt: null, failedAt: params.now }
      : { ...released, status: 'pending', availableAt: params.retryAt };

  return context.runner.run('jobFail', () =>
    context.prisma.$transaction(async (tx) => {
      // The fenced UPDATE comes first. It is the lease check, and on SQLite it takes the write
      // lock at once: a transaction that read first would have to upgrade its lock later, which
      // SQLite refuses immediately (SQLITE_BUSY) when another connection wrote in between.
      const { count } = await tx.atomizerJob.updateMany({
        where: { id: params.id, leaseToken: params.leaseToken, status: 'processing' },
        data,
      });
      if (count === 0) return false;

      await tx.atomizerJobError.create({
        data: {
          jobId: params.id,
          attempt: params.error.attempt,
          errorType: truncate(storableText(params.error.errorType), ERROR_TYPE_MAX_LENGTH),
          message: storableText(params.error.message),
          stack: params.error.stack === null ? null : storableText(params.error.stack),
          serverId: params.error.serverId,
          occurredAt: params.error.occurredAt,
        },
        select: { id: true },
      });
      return true;
    }, transactionOptions(context)),
  );
}

/**
 * Error text as every database can store it: PostgreSQL rejects U+0000 in text columns, and an
 * unstorable message must never stop a failure from being recorded. Replaced on every provider
 * so all store the same text.
 */
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

/** The first `max` characters (code points, as VARCHAR counts them) of `text`. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return Array.from(text).slice(0, max).join('');
}
