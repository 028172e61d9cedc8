// The SQL of a sample folder's migrations, as the official Prisma CLI generates it.
import { join } from 'node:path';

import { normalizeGeneratedSql } from './migration-files.mjs';
import { PrismaWorkspace } from './prisma-workspace.mjs';
import { openScratchDatabase, withoutSchemaParameter } from './scratch-database.mjs';
import { requireServerUrl, setting, URL_VARIABLES } from './settings.mjs';

/**
 * The first migration: `prisma migrate diff --from-empty --to-schema <folder> --script`.
 * @param {{ provider: string, schemaDir: string, migrationsDir: string }} folder
 * @param {import('./schema-engine.mjs').SchemaEngine} engine
 */
export function initialMigrationSql(folder, engine) {
  const workspace = new PrismaWorkspace(folder, []);
  try {
    return normalizeGeneratedSql(workspace.diffToSchema('empty', diffDatasourceUrl(folder.provider, engine, workspace.dir)));
  } finally {
    workspace.remove();
  }
}

/**
 * The migration that follows `applied`: they are deployed to a scratch database with
 * `prisma migrate deploy`, and the SQL is `prisma migrate diff --from-config-datasource
 * --to-schema <folder> --script` against it.
 * @param {{ provider: string, schemaDir: string, migrationsDir: string }} folder
 * @param {Array<{ folder: string }>} applied committed migrations, oldest first (at least one)
 * @returns {Promise<string>} the SQL; empty when the schema matches what they build
 */
export async function nextMigrationSql(folder, applied) {
  const workspace = new PrismaWorkspace(folder, applied);
  const scratch = await openScratchDatabase(folder.provider);
  try {
    workspace.deploy(scratch.url);
    return normalizeGeneratedSql(workspace.diffToSchema('database', scratch.url));
  } finally {
    await scratch.drop();
    workspace.remove();
  }
}

/**
 * The datasource URL for a diff from an empty datamodel. The native engine does not connect
 * for it; the offline bridge connects to PostgreSQL (read only) and opens a SQLite file.
 * @param {string} provider
 * @param {import('./schema-engine.mjs').SchemaEngine} engine
 * @param {string} workspaceDir
 */
function diffDatasourceUrl(provider, engine, workspaceDir) {
  if (provider === 'sqlite') return `file:${join(workspaceDir, 'empty.db')}`;
  if (provider === 'postgresql' && engine.kind === 'bridge') {
    return withoutSchemaParameter(requireServerUrl('postgresql', 'for the offline bridge to connect to (nothing is written)'));
  }

  const placeholders = {
    postgresql: 'postgresql://placeholder@127.0.0.1:5432/placeholder',
    mysql: 'mysql://placeholder@127.0.0.1:3306/placeholder',
    sqlserver: 'sqlserver://127.0.0.1:1433;database=placeholder',
  };
  return setting(URL_VARIABLES[provider]) ?? placeholders[provider];
}
