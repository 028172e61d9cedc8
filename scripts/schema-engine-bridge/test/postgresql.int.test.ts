import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from './support/fixture-project.js';
import { runPrisma } from './support/run-prisma.js';
import { isSkipped, requirePostgresUrl } from './support/test-settings.js';

/** A plpgsql body full of `;`: split naively, this migration would not even parse. */
const FUNCTION_MIGRATION = `CREATE FUNCTION "book_count"() RETURNS integer AS $$
DECLARE total integer;
BEGIN
  SELECT count(*) INTO total FROM "Book";
  RETURN total;
END;
$$ LANGUAGE plpgsql;
`;

describe.skipIf(isSkipped('postgresql'))('[postgresql] prisma CLI through the offline schema engine bridge', () => {
  const schemaName = `bridge_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let admin: pg.Client;
  let project: FixtureProject;

  beforeAll(async () => {
    const baseUrl = requirePostgresUrl();
    admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();

    const url = new URL(baseUrl);
    url.searchParams.set('schema', schemaName);
    project = createFixtureProject('postgresql', url.toString());
  });

  afterAll(async () => {
    await admin?.query(`DROP SCHEMA IF EXISTS "${schemaName}" CASCADE`);
    await admin?.end();
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
    expect(result.stdout).toContain(`CREATE SCHEMA IF NOT EXISTS "${schemaName}";`);
    expect(result.stdout).toMatch(/CREATE TABLE "Author" \(\s+"id" SERIAL NOT NULL,\s+"name" TEXT NOT NULL,/);
    expect(result.stdout).toMatch(/CREATE TABLE "Book" \(\s+"id" SERIAL NOT NULL,\s+"title" TEXT NOT NULL,\s+"authorId" INTEGER NOT NULL,/);
    expect(result.stdout).toContain('ADD CONSTRAINT "Book_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Author"("id")');
    project.addMigration('0001_init', result.stdout);
    project.addMigration('0002_book_count', FUNCTION_MIGRATION);
  });

  it('deploys the migrations into the URL schema', async () => {
    const result = await runPrisma(project.dir, ['migrate', 'deploy']);

    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('All migrations have been successfully applied.');
    const tables = await admin.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schemaName]);
    expect(tables.rows.map((row) => row.table_name)).toEqual(['Author', 'Book', '_prisma_migrations']);
    const applied = await admin.query(`SELECT migration_name FROM "${schemaName}"."_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY 1`);
    expect(applied.rows.map((row) => row.migration_name)).toEqual(['0001_init', '0002_book_count']);
    // The body names "Book" unqualified, so it resolves through the search_path like migrations do.
    await admin.query(`SET search_path TO "${schemaName}"`);
    const count = await admin.query('SELECT "book_count"() AS total');
    expect(count.rows[0].total).toBe(0);
  });

  it('finds nothing left to migrate between the deployed database and the schema', async () => {
    const result = await runPrisma(project.dir, ['migrate', 'diff', '--from-config-datasource', '--to-schema', 'schema.prisma', '--script', '--exit-code']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('-- This is an empty migration.');
  });

  it('replays the migrations folder in a shadow database and finds it matches the schema', async () => {
    const result = await runPrisma(project.dir, ['migrate', 'diff', '--from-migrations', 'migrations', '--to-schema', 'schema.prisma', '--script', '--exit-code']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('-- This is an empty migration.');
  });

  it('reports the database as up to date', async () => {
    const result = await runPrisma(project.dir, ['migrate', 'status']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Database schema is up to date!');
  });

  it('applies nothing of a migration whose later statement fails', async () => {
    project.addMigration('0003_broken', 'CREATE TABLE "Half" (id integer);\nSELECT * FROM "NoSuchTable";\n');

    const result = await runPrisma(project.dir, ['migrate', 'deploy']);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('NoSuchTable');
    const half = await admin.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schemaName, 'Half']);
    expect(half.rowCount).toBe(0);
  });
});
