import { ConfigInvalidError } from '@atomizer/core';

import type { PrismaQueryClient } from './prisma-client-shape.js';

/**
 * Checks the opaque `transaction` handle a caller passed with an enqueue: it must be the `tx`
 * client of an interactive `prisma.$transaction(async (tx) => ...)` over a client that has
 * Atomizer's models. Returns undefined when no transaction was passed.
 * @throws ConfigInvalidError for anything else; the storage never ignores a transaction it was given.
 */
export function resolveTransactionClient(transaction: unknown): PrismaQueryClient | undefined {
  if (transaction === undefined) return undefined;

  const jobs = typeof transaction === 'object' && transaction !== null ? (transaction as { atomizerJob?: unknown }).atomizerJob : undefined;
  const usable =
    typeof jobs === 'object' &&
    jobs !== null &&
    ['create', 'createMany', 'findFirst'].every((method) => typeof (jobs as Record<string, unknown>)[method] === 'function');
  if (!usable) {
    throw new ConfigInvalidError({
      where: 'PrismaStorage.jobInsert',
      option: 'transaction',
      rule: "must be the `tx` client of prisma.$transaction(async (tx) => ...) over a client with Atomizer's models",
      received: typeof transaction === 'object' && transaction !== null ? Object.prototype.toString.call(transaction) : transaction,
    });
  }
  return transaction as PrismaQueryClient;
}
