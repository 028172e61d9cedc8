#!/usr/bin/env node
// The engine of scripts/migrations.sh; run that, see its header for usage.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { initialMigrationSql, nextMigrationSql } from './generate-sql.mjs';
import {
  firstDifference,
  listMigrations,
  lockedProvider,
  lockFileContent,
  migrationTimestamp,
  MIGRATION_NAME,
  splitHandWrittenHeader,
} from './migration-files.mjs';
import { planModelCopies, syncModelCopies } from './model-copies.mjs';
import { missingShippedStatements } from './shipped-statements.mjs';
import { findSchemaFolders, repoRoot } from './repo-paths.mjs';
import { describeEngine, schemaEngineFor } from './schema-engine.mjs';

const USAGE = 'usage: scripts/migrations.sh [<Name>=Initial | --check] [--strict] [--only <sample>]... [--samples-dir <dir>]';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    check: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    'samples-dir': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

const name = positionals[0] ?? 'Initial';
if (values.help || positionals.length > 1 || (values.check && positionals.length > 0) || !MIGRATION_NAME.test(name)) {
  process.stderr.write(`${USAGE}\n  <Name>: letters, digits and _ (at most 100)\n`);
  process.exit(values.help ? 0 : 2);
}

const samplesDir = values['samples-dir'] === undefined ? undefined : resolve(values['samples-dir']);
const folders = findSchemaFolders(values.only, samplesDir);
if (folders.length === 0) {
  process.stderr.write(`migrations: no sample schema folders found (samples/<sample>/prisma/<provider>/schema.prisma)\n`);
  process.exit(2);
}

const log = (line) => process.stdout.write(`${line}\n`);
let failed = false;

// Models first: migrations are generated from the schema folders, so their copies of the
// model files must be current (--check only reports stale copies).
const staleCopies = syncModelCopies(planModelCopies(values.only, samplesDir), { write: !values.check, log });
if (values.check && staleCopies.length > 0) {
  log('migrations: model copies are stale; run node scripts/sync-models.mjs, then scripts/migrations.sh <Name>');
  failed = true;
}

const stamp = migrationTimestamp();
const checkDir = values.check ? mkdtempSync(join(tmpdir(), 'atomizer-migrations-check-')) : undefined;

for (const folder of folders) {
  const label = `${folder.sample}/${folder.provider}`.padEnd(24);
  const engine = schemaEngineFor(folder.provider);

  if (engine.kind === 'none') {
    const kept = listMigrations(folder.migrationsDir).map((migration) => migration.folder);
    const keptText =
      kept.length === 0 ? 'NO migrations committed' : `${values.check ? 'not checked' : 'kept'}: ${kept.join(', ')}`;
    log(`migrations: ${label} ${values.strict ? 'FAILED' : 'skipped'}: ${engine.reason}; ${keptText}`);
    if (values.strict || kept.length === 0) failed = true;
    if (values.check && kept.length > 0) failed = reportShippedStatements(folder, label) || failed;
    continue;
  }

  try {
    const outcome = values.check
      ? await checkFolder(folder, engine, checkDir)
      : name === 'Initial'
        ? regenerateInitial(folder, engine)
        : await addMigration(folder, engine, name);
    log(`migrations: ${label} ${outcome.ok ? '' : 'FAILED: '}${outcome.message} [${describeEngine(engine)}]`);
    if (!outcome.ok) failed = true;
  } catch (error) {
    log(`migrations: ${label} FAILED: ${error instanceof Error ? error.message : String(error)}`);
    failed = true;
  }
}

if (checkDir !== undefined) {
  if (failed) log(`migrations: regenerated files kept in ${checkDir} (diff them against the committed ones)`);
  else rmSync(checkDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

/**
 * `Initial`: replaces the folder's migrations with one fresh `<timestamp>_Initial` generated
 * from an empty datamodel, plus the lock file.
 */
function regenerateInitial(folder, engine) {
  const sql = initialMigrationSql(folder, engine);

  // Written beside the old folder first, then swapped in, so a failure leaves the old one.
  const staged = `${folder.migrationsDir}.new`;
  rmSync(staged, { recursive: true, force: true });
  writeMigration(staged, folder.provider, `${stamp}_Initial`, sql);
  rmSync(folder.migrationsDir, { recursive: true, force: true });
  renameSync(staged, folder.migrationsDir);

  return { ok: true, message: `wrote ${stamp}_Initial` };
}

/** Any other name: a migration from what the committed ones build to the current schema. */
async function addMigration(folder, engine, migrationName) {
  const committed = listMigrations(folder.migrationsDir);
  const sql = committed.length === 0 ? initialMigrationSql(folder, engine) : await nextMigrationSql(folder, committed);
  if (sql.trim() === '') return { ok: true, message: 'schema unchanged; no migration written' };

  writeMigration(folder.migrationsDir, folder.provider, `${stamp}_${migrationName}`, sql);
  return { ok: true, message: `wrote ${stamp}_${migrationName}` };
}

/**
 * --check: regenerates the folder's latest migration (from empty when it is the only one, else
 * on top of the committed ones before it) into `checkDir` and compares its content, byte for
 * byte, with the committed file. Folder timestamps are not compared.
 */
async function checkFolder(folder, engine, checkDir) {
  const committed = listMigrations(folder.migrationsDir);
  if (committed.length === 0) return { ok: false, message: 'no migrations committed; run scripts/migrations.sh Initial' };

  const lockPath = join(folder.migrationsDir, 'migration_lock.toml');
  const locked = existsSync(lockPath) ? lockedProvider(readFileSync(lockPath, 'utf8')) : undefined;
  if (locked !== folder.provider) {
    return { ok: false, message: `migration_lock.toml must pin provider "${folder.provider}", found ${locked ?? 'none'}` };
  }

  const latest = committed.at(-1);
  const earlier = committed.slice(0, -1);
  const regenerated = earlier.length === 0 ? initialMigrationSql(folder, engine) : await nextMigrationSql(folder, earlier);
  writeMigration(join(checkDir, folder.sample, folder.provider), folder.provider, latest.folder, regenerated);

  // A hand-written file's SQL is compared without its header, and without trailing blank lines,
  // which no one writing it by hand can be expected to match.
  const { header, body } = splitHandWrittenHeader(readFileSync(latest.sqlPath, 'utf8'));
  const difference =
    header === undefined ? firstDifference(body, regenerated) : firstDifference(body.trimEnd(), regenerated.trimEnd());
  const committedPath = relative(repoRoot, latest.sqlPath);
  if (difference !== undefined) {
    return {
      ok: false,
      message:
        `${committedPath} differs from the regenerated migration at line ${difference.line}\n` +
        `    committed:   ${difference.committed}\n    regenerated: ${difference.regenerated}\n` +
        '    (a model changed without a migration, or a migration was edited by hand: add one with ' +
        'scripts/migrations.sh <Name>, or regenerate with scripts/migrations.sh Initial)',
    };
  }

  const note = header === undefined ? '' : ' (hand-written; its SQL equals the engine output, so Initial can replace it)';
  const chain = earlier.length === 0 ? '' : ` on top of ${earlier.length} earlier migration(s), which applied cleanly`;
  return { ok: true, message: `${latest.folder} matches${chain}${note}` };
}

/**
 * The partial check where the engine is missing (see shipped-statements.mjs).
 * @returns {boolean} true when it failed
 */
function reportShippedStatements(folder, label) {
  const result = missingShippedStatements(folder);
  if (result === undefined) return false;

  if (result.missing.length === 0) {
    log(`migrations: ${label} partly checked: all ${result.checked} statements of the shipped atomizer.sql are in the committed migrations`);
    return false;
  }
  const first = result.missing[0].split('\n').slice(0, 2).join(' ');
  const composer = join(folder.sampleDir, 'scripts', 'compose-offline-migrations.mjs');
  const remedy = existsSync(composer) ? `node ${relative(repoRoot, composer)}` : 'update the hand-written migration';
  log(
    `migrations: ${label} FAILED: ${result.missing.length} of ${result.checked} statements of the shipped atomizer.sql ` +
      `are not in the committed migrations (first: ${first}); Atomizer's models changed: ${remedy}`,
  );
  return true;
}

/** Writes `<dir>/<folderName>/migration.sql` and `<dir>/migration_lock.toml`. */
function writeMigration(dir, provider, folderName, sql) {
  mkdirSync(join(dir, folderName), { recursive: true });
  writeFileSync(join(dir, 'migration_lock.toml'), lockFileContent(provider));
  writeFileSync(join(dir, folderName, 'migration.sql'), sql);
}
