import type { JobInsertParams, JobInsertResult } from '@atomizer/core';

import { classifyDatabaseError, StorageDatabaseError } from '../errors.js';
import type { AtomizerJobCreateData, PrismaQueryClient } from '../prisma-client-shape.js';
import type { StorageContext } from './storage-context.js';

/**
 * Inserts a pending job on `client` (the PrismaClient, or a caller's transaction client).
 *
 * An idempotency key is claimed race-safely by the unique index, never by a read before the
 * write. Where Prisma can insert skipping duplicates (PostgreSQL, MySQL), the insert cannot
 * raise on a taken key, so a caller's PostgreSQL transaction stays usable (there, a failed
 * statement aborts the whole transaction). Elsewhere the unique violation is caught, which
 * leaves the transaction usable on those databases. Either way the holder's id is then read.
 */
export async function insertJob(
  context: StorageContext,
  client: PrismaQueryClient,
  params: JobInsertParams,
): Promise<JobInsertResult> {
  const data: AtomizerJobCreateData = {
    id: params.id,
    name: params.name,
    queue: params.queue,
    payload: params.payload,
    status: 'pending',
    runAt: params.runAt,
    availableAt: params.runAt,
    attempts: 0,
    maxAttempts: params.maxAttempts,
    idempotencyKey: params.idempotencyKey,
    scheduleKey: params.scheduleKey,
    createdAt: params.now,
    updatedAt: params.now,
  };

  const key = params.idempotencyKey;
  if (key === null) {
    await client.atomizerJob.create({ data, select: { id: true } });
    return { id: params.id, inserted: true };
  }

  if (context.dialect.insertSkipsDuplicates) {
    // Passed through a variable: the client shape leaves `skipDuplicates` out (see createMany).
    const insertUnlessTaken = { data: [data], skipDuplicates: true };
    const { count } = await client.atomizerJob.createMany(insertUnlessTaken);
    if (count === 1) return { id: params.id, inserted: true };
  } else {
    try {
      await client.atomizerJob.create({ data, select: { id: true } });
      return { id: params.id, inserted: true };
    } catch (error) {
      if (classifyDatabaseError(error).kind !== 'unique-violation') throw error;
    }
  }

  const holderId =
    context.dialect.findKeyHolder === undefined
      ? ((await client.atomizerJob.findFirst({ where: { idempotencyKey: key }, select: { id: true } }))?.id ?? null)
      : await context.dialect.findKeyHolder(client, context.tables, key);
  if (holderId !== null) return { id: holderId, inserted: false };

  // Nothing holds the key, so the row collided on its primary key: the id is taken.
  throw new StorageDatabaseError({
    operation: 'jobInsert',
    facts: { kind: 'unique-violation', code: 'atomizer_jobs_pkey', fields: ['id'] },
    cause: undefined,
    detail: `a job with id ${JSON.stringify(params.id)} already exists`,
  });
}
