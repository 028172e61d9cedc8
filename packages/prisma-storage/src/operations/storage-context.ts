import type { AtomizerTables, Dialect } from '../dialects/dialect.js';
import type { OperationRunner } from '../operation-runner.js';
import type { PrismaClientLike } from '../prisma-client-shape.js';

/** What every storage operation works with; built once per PrismaStorage. */
export interface StorageContext {
  prisma: PrismaClientLike;
  dialect: Dialect;
  tables: AtomizerTables;
  runner: OperationRunner;
}

/**
 * Limits of the storage's own interactive transactions. They hold two or three short
 * statements; the generous wait covers a pool that is busy under load.
 */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10_000 } as const;
