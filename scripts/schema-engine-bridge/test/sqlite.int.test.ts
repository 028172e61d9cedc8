import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from './support/fixture-project.js';
import { runPrisma } from './support/run-prisma.js';

describe('[sqlite] prisma CLI through the offline schema engine bridge', () => {
  let project: FixtureProject;
  let databaseFile: string;

  beforeAll(() => {
    // Relative on purpose: the CLI runs the engine in the config's folder, as it does natively.
    project = createFixtureProject('sqlite', 'file:./test.db');
    databaseFile = join(project.dir, 'test.db');
  });

  afterAll(() => {
    project?.remove();
  });

  it('generates the client', async () => {
    const result = await runPrisma(project.dir, ['generate']);

    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(project.dir, 'generated', 'client.ts'))).toBe(true);
  });

  it('prints the CREATE TABLE script for an empty database', async () => {
    const result = await runPrisma(project.dir, ['migrate', 'diff', '--from-empty', '--to-schema', 'schema.prisma', '--script']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/CREATE TABLE "Author" \(\s+"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\s+"name" TEXT NOT NULL\s+\);/);
    expect(result.stdout).toMatch(/CREATE TABLE "Book" \(\s+"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,/);
    expect(result.stdout).toContain('CONSTRAINT "Book_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Author" ("id")');
    expect(existsSync(databaseFile)).toBe(false);
    project.addMigration('0001_init', result.stdout);
  });

  it('creates the database file and deploys the migrations into it', async () => {
    const result = await runPrisma(project.dir, ['migrate', 'deploy']);

    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('SQLite database test.db created');
    expect(result.stdout).toContain('All migrations have been successfully applied.');
    const database = new Database(databaseFile, { readonly: true });
    const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
    database.close();
    expect(tables).toEqual([{ name: 'Author' }, { name: 'Book' }, { name: '_prisma_migrations' }]);
  });

  it('finds nothing left to migrate between the deployed database and the schema', async () => {
    const result = await runPrisma(project.dir, ['migrate', 'diff', '--from-config-datasource', '--to-schema', 'schema.prisma', '--script', '--exit-code']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('-- This is an empty migration.');
  });

  it('replays the multi-statement migrations folder and finds it matches the schema', async () => {
    const result = await runPrisma(project.dir, ['migrate', 'diff', '--from-migrations', 'migrations', '--to-schema', 'schema.prisma', '--script', '--exit-code']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('-- This is an empty migration.');
  });

  it('exits 2 with --exit-code when the database lags the schema', async () => {
    const fresh = createFixtureProject('sqlite', 'file:./other.db');

    try {
      const result = await runPrisma(fresh.dir, ['migrate', 'diff', '--from-empty', '--to-schema', 'schema.prisma', '--exit-code']);

      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toContain('[+] Added tables');
    } finally {
      fresh.remove();
    }
  });

  it('fails the command with the panic message when the engine panics', async () => {
    // The CLI then sends debugPanic in place of the real request (prisma/build/cli.js).
    const result = await runPrisma(project.dir, ['migrate', 'diff', '--from-empty', '--to-schema', 'schema.prisma', '--script'], { FORCE_PANIC_SCHEMA_ENGINE: '1' });

    expect(result.hung).toBe(false);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('This is the debugPanic artificial panic');
  });
});
