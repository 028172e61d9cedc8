#!/usr/bin/env node
// Creates the next migration of each provider from the demo's schema, with the official CLI:
//
//   node scripts/create-migration.mjs <name>
//
// For each provider it applies the committed migrations to a scratch database (a temp SQLite
// file; a fresh schema in ATOMIZER_TEST_POSTGRES_URL's database, dropped afterwards), then asks
// `prisma migrate diff` for the SQL that takes that database to the schema. A provider whose
// schema did not change gets no migration. `prisma migrate dev` would do the same but needs an
// interactive terminal and a shadow database, neither of which this script can count on.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import { migrationsDirFor, prismaConfigFor, providers } from './demo-paths.mjs';
import { runPrisma } from './run-prisma.mjs';

const name = process.argv[2];
if (name === undefined || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write('usage: node scripts/create-migration.mjs <name>   (name: lower-case letters, digits, _)\n');
  process.exit(2);
}

// One timestamp for all providers, in Prisma's folder format (UTC yyyyMMddHHmmss).
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);

for (const provider of providers) {
  const scratch = await openScratchDatabase(provider);
  try {
    createMigration(provider, scratch.url);
  } finally {
    await scratch.drop();
  }
}

/** @param {string} provider @param {string} scratchUrl */
function createMigration(provider, scratchUrl) {
  const config = prismaConfigFor(provider);
  const migrationsDir = migrationsDirFor(provider);
  const hasMigrations = existsSync(migrationsDir) && readdirSync(migrationsDir).some((entry) => /^\d{14}_/.test(entry));

  // The first migration diffs from an empty datamodel; later ones from the scratch database
  // with the committed migrations applied.
  const from = hasMigrations ? ['--from-config-datasource'] : ['--from-empty'];
  if (hasMigrations) runPrisma(['migrate', 'deploy', '--config', config], { databaseUrl: scratchUrl, quiet: true });

  const target = join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(target, { recursive: true });
  const outputFile = join(target, 'migration.sql');
  const exitCode = runPrisma(
    ['migrate', 'diff', ...from, '--to-schema', join(migrationsDir, '..'), '--script', '--exit-code', '--output', outputFile, '--config', config],
    { databaseUrl: scratchUrl, quiet: true, allowedExitCodes: [0, 2] },
  );

  // --exit-code: 0 means no difference, 2 means there is one.
  if (exitCode === 0) {
    rmSync(target, { recursive: true, force: true });
    process.stdout.write(`${provider}: schema unchanged, no migration\n`);
    return;
  }

  removeCreateSchema(outputFile);

  const lockFile = join(migrationsDir, 'migration_lock.toml');
  if (!existsSync(lockFile)) {
    writeFileSync(lockFile, `# Written by Prisma Migrate's conventions; do not edit.\nprovider = "${provider}"\n`);
  }
  process.stdout.write(`${provider}: wrote ${outputFile}\n`);
}

/** @param {string} provider @returns {Promise<{ url: string, drop: () => Promise<void> }>} */
async function openScratchDatabase(provider) {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'atomizer-demo-migration-'));
    return { url: `file:${join(dir, 'scratch.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }

  const baseUrl = process.env.ATOMIZER_TEST_POSTGRES_URL;
  if (!baseUrl) throw new Error('ATOMIZER_TEST_POSTGRES_URL must name a PostgreSQL database to create a scratch schema in');

  const schema = `demo_migration_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);

  const url = new URL(baseUrl);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.end();
    },
  };
}

/**
 * On PostgreSQL a diff from an empty datamodel starts with `CREATE SCHEMA IF NOT EXISTS
 * "<schema of the URL>"`. Dropped: it would name the scratch schema, and the demo deploys into
 * whatever schema DATABASE_URL selects (prisma migrate deploy creates it when missing).
 * @param {string} file
 */
function removeCreateSchema(file) {
  const sql = readFileSync(file, 'utf8');
  writeFileSync(file, sql.replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "[^"]+";\n\n/m, ''));
}
