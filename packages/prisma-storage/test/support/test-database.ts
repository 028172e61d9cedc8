/**
 * An isolated database per test file (or per describe block): a uniquely named PostgreSQL
 * schema in the test database, or a SQLite file in a fresh temporary folder, with the shipped
 * atomizer.sql applied. Dropped afterwards; nothing outside it is ever touched.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import Database from 'better-sqlite3';
import pg from 'pg';

import { configureSqliteForAtomizer, PrismaStorage } from '../../src/index.js';
import { PrismaClient as PostgresPrismaClient } from '../../generated/client/postgresql/client.js';
import { PrismaClient as SqlitePrismaClient } from '../../generated/client/sqlite/client.js';
import type { PrismaClient as MysqlPrismaClient } from '../../generated/client/mysql/client.js';
import type { PrismaClient as SqlserverPrismaClient } from '../../generated/client/sqlserver/client.js';
import { createMysqlDatabase } from './mysql-test-database.js';
import { createSqlserverDatabase } from './sqlserver-test-database.js';
import { requireUrl, type TestProvider } from './test-env.js';
import { TEST_TABLES_DDL } from './test-tables.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Any generated test client; all have Atomizer's models and the same query API. */
export type TestPrismaClient = PostgresPrismaClient | SqlitePrismaClient | MysqlPrismaClient | SqlserverPrismaClient;

/** Options of {@link TestDatabase.openClient}; each applies to one provider only. */
export interface OpenClientOptions {
  /** SQLite: the adapter's busy timeout. @defaultValue 0 (PrismaStorage retries locked writes) */
  sqliteTimeoutMs?: number;
  /** SQLite: how the adapter stores DateTime values. @defaultValue the adapter's ('iso8601') */
  sqliteTimestampFormat?: 'iso8601' | 'unixepoch-ms';
}

/** One isolated database and the clients open on it. */
export interface TestDatabase {
  provider: TestProvider;
  /** PostgreSQL: the test's schema; SQLite: `main`. */
  schemaName: string;
  /** The first client, opened with the database. */
  prisma: TestPrismaClient;
  /** A storage over {@link prisma}. */
  storage: PrismaStorage;
  /** Opens another PrismaClient on the same database (its own connection or pool). */
  openClient(options?: OpenClientOptions): Promise<TestPrismaClient>;
  /** A storage over `client`, configured for this database (schema, provider). */
  storageFor(client: TestPrismaClient): PrismaStorage;
  /** Runs one SQL statement directly on the driver, outside Prisma (inspection only). */
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /** Empties Atomizer's tables and the tests' own. */
  truncate(): Promise<void>;
  /** Closes every client and drops the schema or deletes the file. */
  drop(): Promise<void>;
}

/** Creates an isolated database for `provider` with the shipped DDL applied. */
export function createTestDatabase(provider: TestProvider, label: string): Promise<TestDatabase> {
  switch (provider) {
    case 'postgresql':
      return createPostgresDatabase(label);
    case 'mysql':
      return createMysqlDatabase(label);
    case 'sqlserver':
      return createSqlserverDatabase(label);
    case 'sqlite':
      return createSqliteDatabase();
  }
}

/** The shipped DDL for `provider`. */
export function shippedDdl(provider: TestProvider): string {
  return readFileSync(join(packageRoot, 'prisma', provider, 'atomizer.sql'), 'utf8');
}

async function createPostgresDatabase(label: string): Promise<TestDatabase> {
  const url = requireUrl('postgresql');
  const schema = `atomizer_test_${label.replace(/[^a-z0-9]+/gi, '_').toLowerCase().slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.query(`SET search_path TO "${schema}"`);
  await admin.query(shippedDdl('postgresql'));
  await admin.query(TEST_TABLES_DDL.postgresql);

  const clients: PostgresPrismaClient[] = [];
  // No search_path on Prisma's connections: Prisma qualifies its queries with the adapter's
  // `schema`, and the storage's raw SQL with its own `schema` option, which this proves.
  const openClient = async (): Promise<PostgresPrismaClient> => {
    const client = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }, { schema }) });
    clients.push(client);
    return client;
  };
  const storageFor = (client: TestPrismaClient) => new PrismaStorage({ prisma: client, provider: 'postgresql', schema });
  const prisma = await openClient();
  const tables = ['atomizer_job_errors', 'atomizer_jobs', 'atomizer_servers', 'atomizer_schedules', 'test_orders'].map((table) => `"${schema}"."${table}"`);

  return {
    provider: 'postgresql',
    schemaName: schema,
    prisma,
    storage: storageFor(prisma),
    openClient,
    storageFor,
    query: async <T>(text: string, values: unknown[] = []) => (await admin.query(text, values)).rows as T[],
    truncate: async () => {
      await admin.query(`TRUNCATE ${tables.join(', ')}`);
    },
    drop: async () => {
      await Promise.all(clients.map((client) => client.$disconnect()));
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.end();
    },
  };
}

async function createSqliteDatabase(): Promise<TestDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'atomizer-sqlite-'));
  const file = join(folder, 'test.db');
  const setup = new Database(file);
  setup.exec(shippedDdl('sqlite'));
  setup.exec(TEST_TABLES_DDL.sqlite);
  setup.close();
  const inspector = new Database(file);

  const clients: SqlitePrismaClient[] = [];
  const openClient = async (options: OpenClientOptions = {}): Promise<SqlitePrismaClient> => {
    const client = new SqlitePrismaClient({
      adapter: new PrismaBetterSqlite3(
        { url: `file:${file}`, timeout: options.sqliteTimeoutMs ?? 0 },
        options.sqliteTimestampFormat === undefined ? undefined : { timestampFormat: options.sqliteTimestampFormat },
      ),
    });
    await configureSqliteForAtomizer(client);
    clients.push(client);
    return client;
  };
  const storageFor = (client: TestPrismaClient) => new PrismaStorage({ prisma: client, provider: 'sqlite' });
  const prisma = await openClient();

  return {
    provider: 'sqlite',
    schemaName: 'main',
    prisma,
    storage: storageFor(prisma),
    openClient,
    storageFor,
    query: async <T>(text: string, values: unknown[] = []) => {
      const statement = inspector.prepare(text);
      return (statement.reader ? statement.all(...values) : (statement.run(...values), [])) as T[];
    },
    truncate: async () => {
      inspector.exec('DELETE FROM atomizer_job_errors; DELETE FROM atomizer_jobs; DELETE FROM atomizer_servers; DELETE FROM atomizer_schedules; DELETE FROM test_orders;');
    },
    drop: async () => {
      await Promise.all(clients.map((client) => client.$disconnect()));
      inspector.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
