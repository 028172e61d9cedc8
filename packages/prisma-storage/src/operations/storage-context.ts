import type { Sql } from '@prisma/client/runtime/client';

import type { AtomizerTables, Dialect } from '../dialects/dialect.js';
import type { OperationRunner } from '../operation-runner.js';
import type { PrismaClientLike, PrismaQueryClient } from '../prisma-client-shape.js';

/** What every storage operation works with; built once per PrismaStorage. */
export interface StorageContext {
  prisma: PrismaClientLike;
  dialect: Dialect;
  tables: AtomizerTables;
  /** `atomizer_schedules`, quoted and qualified like {@link tables}, for the schedule lease. */
  schedulesTable: Sql;
  runner: OperationRunner;
}

/**
 * Limits of the storage's own interactive transactions. They hold two or three short
 * statements; the generous wait covers a pool that is busy under load.
 */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10_000 } as const;

/** Options of the storage's own interactive transactions on this context's database. */
export function transactionOptions(context: StorageContext): {
  maxWait: number;
  timeout: number;
  isolationLevel?: 'ReadCommitted';
} {
  const isolationLevel = context.dialect.writeIsolationLevel;
  return isolationLevel === undefined ? { ...TRANSACTION_OPTIONS } : { ...TRANSACTION_OPTIONS, isolationLevel };
}

/**
 * Runs one fenced write statement: directly, or in a transaction at the dialect's write
 * isolation level when it has one (see Dialect.writeIsolationLevel).
 */
export function runWrite<T>(context: StorageContext, write: (client: PrismaQueryClient) => PromiseLike<T>): Promise<T> {
  if (context.dialect.writeIsolationLevel === undefined) return Promise.resolve(write(context.prisma));
  return context.prisma.$transaction((tx) => Promise.resolve(write(tx)), transactionOptions(context));
}
