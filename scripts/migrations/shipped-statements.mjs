// A partial check for migrations no schema engine here can regenerate (MySQL and SQL Server
// without Prisma's native engine): every statement of the package's shipped DDL for the
// provider must appear, verbatim, in the committed migrations. It catches the common drift, a
// change to Atomizer's models that the hand-written migration did not follow; it cannot see
// changes to a sample's own models, which only the engine's full comparison catches.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { listMigrations } from './migration-files.mjs';
import { shippedModelsDir } from './repo-paths.mjs';

/**
 * @param {{ provider: string, schemaDir: string, migrationsDir: string }} folder
 * @returns {{ checked: number, missing: string[] } | undefined} undefined when the folder does
 * not use Atomizer's shipped models or the package ships no DDL for the provider
 */
export function missingShippedStatements(folder) {
  const shippedSql = join(shippedModelsDir, folder.provider, 'atomizer.sql');
  if (!existsSync(join(folder.schemaDir, 'atomizer.prisma')) || !existsSync(shippedSql)) return undefined;

  const committed = listMigrations(folder.migrationsDir)
    .map((migration) => readFileSync(migration.sqlPath, 'utf8'))
    .join('\n');
  const statements = readFileSync(shippedSql, 'utf8')
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => /^-- (Create|Add|Alter|Drop|Rename)\w*\n/.test(block));

  return { checked: statements.length, missing: statements.filter((statement) => !committed.includes(statement)) };
}
