import { ConfigInvalidError } from '@atomizer/core';
import { sqltag as sql } from '@prisma/client/runtime/client';

import { translateDatabaseError } from './errors.js';
import type { PrismaQueryClient } from './prisma-client-shape.js';

/**
 * Prepares a SQLite database file for Atomizer's concurrent use; call it once per PrismaClient
 * before the first job is enqueued or leased.
 *
 * - `journal_mode = WAL`: readers never block the writer and the writer never blocks readers.
 *   Stored in the database file, so every later connection uses it too.
 * - `synchronous = NORMAL`: with WAL, a commit survives a crash of the process (not of the
 *   operating system) with far fewer fsyncs than the default FULL. Per connection.
 * - `foreign_keys = ON`: error rows are deleted with their job. Per connection.
 *
 * The busy timeout is the adapter's `timeout` option (`new PrismaBetterSqlite3({ url, timeout })`;
 * better-sqlite3's default is 5000 ms). better-sqlite3 waits for a lock synchronously, blocking
 * the event loop, so a client that shares its process with another connection to the same file
 * should use `timeout: 0`: PrismaStorage then retries a locked write itself, asynchronously.
 *
 * @throws ConfigInvalidError when the database cannot use WAL (an in-memory database).
 */
export async function configureSqliteForAtomizer(prisma: Pick<PrismaQueryClient, '$queryRaw'>): Promise<void> {
  let journalMode: unknown;
  try {
    const rows = await prisma.$queryRaw<Array<{ journal_mode?: unknown }>>(sql`PRAGMA journal_mode = WAL`);
    journalMode = rows[0]?.journal_mode;
    await prisma.$queryRaw(sql`PRAGMA synchronous = NORMAL`);
    await prisma.$queryRaw(sql`PRAGMA foreign_keys = ON`);
  } catch (error) {
    throw translateDatabaseError(error, 'configureSqliteForAtomizer');
  }

  if (journalMode !== 'wal') {
    throw new ConfigInvalidError({
      where: 'configureSqliteForAtomizer',
      option: 'journal_mode',
      rule: 'must become "wal"; use a database file, not an in-memory database',
      received: journalMode,
    });
  }
}
