import type { JobLeaseParams, JobRecord } from '@atomizer/core';
import type { Sql } from '@prisma/client/runtime/client';

import type { PrismaClientLike, PrismaQueryClient } from '../prisma-client-shape.js';

/** Database providers PrismaStorage can run on, named as in Prisma's `datasource.provider`. */
export type PrismaStorageProvider = 'postgresql' | 'sqlite' | 'mysql' | 'sqlserver';

/** Atomizer's tables, quoted (and schema-qualified where asked) once, for raw SQL. */
export interface AtomizerTables {
  jobs: Sql;
}

/**
 * What differs between databases. Each provider is one file in this folder, and those files
 * hold the only raw SQL of the package: the lease statement and the database-clock read.
 * Everything else goes through Prisma's query API and works on every provider unchanged.
 */
export interface Dialect {
  readonly provider: PrismaStorageProvider;

  /**
   * Whether Prisma's `createMany({ skipDuplicates: true })` exists here (PostgreSQL, MySQL).
   * It inserts without raising on a taken idempotency key, which matters inside a caller's
   * transaction: on PostgreSQL one failed INSERT aborts the whole transaction. Without it the
   * storage inserts and catches the unique violation, which is only safe where a failed
   * statement leaves the transaction usable (SQLite; SQL Server with XACT_ABORT off).
   */
  readonly insertSkipsDuplicates: boolean;

  /**
   * Whether one PrismaClient runs all its queries on one connection (SQLite). A query issued
   * while an interactive transaction is open then runs inside that transaction, so the storage
   * runs its own operations one at a time on such a client.
   */
  readonly singleConnection: boolean;

  /** Whether `schema` may name where the tables live. */
  readonly supportsSchemaOption: boolean;

  /** The quoted table name, qualified by `schema` when one is given. */
  tableName(table: string, schema: string | undefined): Sql;

  /**
   * Leases due jobs of one queue in ONE statement (see JobStorage.jobLease): pending jobs that
   * are due and processing jobs whose lease expired, oldest `availableAt` first, ties by id.
   * Concurrent calls never return the same job. Gets the client itself, not a transaction
   * client, so a dialect that needs two statements can wrap them in its own transaction.
   */
  leaseJobs(client: PrismaClientLike, tables: AtomizerTables, params: JobLeaseParams): Promise<JobRecord[]>;

  /** The database server's current time, read in one tiny statement. */
  databaseNow(client: PrismaQueryClient): Promise<Date>;

  /**
   * Isolation level of the storage's own transactions and fenced writes, where the database's
   * default takes locks the storage never needs. MySQL/MariaDB default to REPEATABLE READ,
   * whose gap locks let a completion block a concurrent lease's index insert and deadlock with
   * it; READ COMMITTED takes none. Unset: the database's default, and single-statement writes
   * run without a transaction.
   */
  readonly writeIsolationLevel?: 'ReadCommitted';

  /**
   * Reads the id of the job that holds an idempotency key, seeing the latest committed rows
   * even inside a caller's transaction whose snapshot is older (MySQL's REPEATABLE READ).
   * Unset: Prisma's `findFirst`, which is right where reads are not snapshot-bound.
   */
  findKeyHolder?(client: PrismaQueryClient, tables: AtomizerTables, key: string): Promise<string | null>;
}
