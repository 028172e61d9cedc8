import { applyMigrations } from './apply-migrations.js';
import type { DatabaseTarget } from './database-target.js';
import { openDatabase } from './open-database.js';
import { pendingMigrations } from './pending-migrations.js';

/**
 * Brings the database to the committed migrations: asks it which are missing (a quick query)
 * and runs `prisma migrate deploy` only when some are.
 *
 * The connection used for the question is closed before deploy starts: on SQLite in WAL mode,
 * the migration fails with a lock timeout while another connection to the file is open.
 * @returns the migrations that were applied (empty when the database was up to date).
 */
export async function prepareDatabase(target: DatabaseTarget): Promise<string[]> {
  const { prisma } = await openDatabase(target);
  let pending: string[];
  try {
    pending = await pendingMigrations(prisma, target);
  } finally {
    await prisma.$disconnect();
  }

  if (pending.length > 0) await applyMigrations(target);
  return pending;
}
