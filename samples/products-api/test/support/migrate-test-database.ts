/**
 * Brings a test database to the sample's schema the way the sample documents it: `node
 * scripts/migrate.mjs` (prisma migrate deploy). Where no schema engine serves the provider (on
 * a machine without Prisma's native engine, MySQL and SQL Server), the committed migration SQL
 * is applied with the provider's driver instead, statement for statement what deploy runs.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import mariadb from 'mariadb';

import { mysqlConnectionOptions, type TestDatabase } from './test-database.js';
import { sampleRoot } from './test-env.js';

/** How the database was migrated, for the test to say so. */
export type MigrationPath = 'prisma migrate deploy' | 'committed SQL applied directly (no schema engine here)';

/** The bridge's refusal of a provider it has no connector for (docs/prisma-offline.md). */
const NO_ENGINE = /not supported by the offline schema engine bridge/;

export async function migrateTestDatabase(database: TestDatabase): Promise<MigrationPath> {
  const deploy = spawnSync(process.execPath, [join(sampleRoot, 'scripts', 'migrate.mjs')], {
    cwd: sampleRoot,
    env: { ...process.env, DATABASE_URL: database.url },
    encoding: 'utf8',
    timeout: 90_000,
  });
  if (deploy.status === 0) return 'prisma migrate deploy';

  const output = `${deploy.stdout}${deploy.stderr}`;
  if (!NO_ENGINE.test(output) || database.provider === 'sqlite' || database.provider === 'postgresql') {
    throw new Error(`node scripts/migrate.mjs failed (${deploy.status ?? deploy.signal}):\n${output}`);
  }

  for (const sql of committedMigrations(database.provider)) {
    await applySql(database, sql);
  }
  return 'committed SQL applied directly (no schema engine here)';
}

/** The provider's committed migration.sql files, oldest first. */
function committedMigrations(provider: string): string[] {
  const dir = join(sampleRoot, 'prisma', provider, 'migrations');
  return readdirSync(dir)
    .filter((name) => /^\d{14}_/.test(name))
    .sort()
    .map((name) => readFileSync(join(dir, name, 'migration.sql'), 'utf8'));
}

async function applySql(database: TestDatabase, sql: string): Promise<void> {
  if (database.provider === 'mysql') {
    const url = new URL(database.url);
    const connection = await mariadb.createConnection({
      ...mysqlConnectionOptions(url, decodeURIComponent(url.pathname.slice(1))),
      multipleStatements: true,
    });
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
    return;
  }

  // SQL Server: Prisma's migration is one T-SQL batch (BEGIN TRY ... END CATCH).
  const { PrismaMssql } = await import('@prisma/adapter-mssql');
  const { PrismaClient } = await import('../../src/generated/sqlserver/client.js');
  const client = new PrismaClient({ adapter: new PrismaMssql(database.url) });
  try {
    await client.$executeRawUnsafe(sql);
  } finally {
    await client.$disconnect();
  }
}
