import { readdir } from 'node:fs/promises';
import path from 'node:path';

import { demoRoot } from '../demo-paths.js';
import type { DatabaseTarget } from './database-target.js';
import type { DemoPrisma } from './open-database.js';
import { splitSchemaParameter } from './open-database.js';

/**
 * Names the committed migrations that the database has not recorded as applied in Prisma's
 * `_prisma_migrations` table (all of them when the table does not exist yet).
 *
 * Why: `prisma migrate deploy` costs a few seconds of CLI start-up even when it has nothing to
 * do. Asking the database first lets every run after the first skip it. Any doubt (a failed
 * or rolled-back migration, an unreadable table) counts as pending, so deploy runs and reports.
 */
export async function pendingMigrations(prisma: DemoPrisma, target: DatabaseTarget): Promise<string[]> {
  const committed = await committedMigrations(target.provider);
  const applied = await appliedMigrations(prisma, target);
  return committed.filter((name) => !applied.has(name));
}

async function committedMigrations(provider: DatabaseTarget['provider']): Promise<string[]> {
  const folder = path.join(demoRoot, 'prisma', provider, 'migrations');
  const entries = await readdir(folder, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

async function appliedMigrations(prisma: DemoPrisma, target: DatabaseTarget): Promise<Set<string>> {
  // The table lives in the schema that `?schema=` names; the client's raw queries would look in
  // the connection's search_path instead, so the name is qualified here.
  const schema = target.provider === 'postgresql' ? splitSchemaParameter(target.url).schema : null;
  const table = schema === null ? '"_prisma_migrations"' : `"${schema.replaceAll('"', '""')}"."_prisma_migrations"`;

  try {
    const rows = await prisma.$queryRawUnsafe<Array<{ migration_name: string }>>(
      `SELECT migration_name FROM ${table} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return new Set(rows.map((row) => row.migration_name));
  } catch {
    // No table yet (a new database), or one we cannot read: let deploy sort it out.
    return new Set();
  }
}
