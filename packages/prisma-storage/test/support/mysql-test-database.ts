/**
 * An isolated MySQL / MariaDB database: `CREATE DATABASE atomizer_test_<label>_<random>` on the
 * server of ATOMIZER_TEST_MYSQL_URL (or the container the global setup started), the shipped
 * atomizer.sql applied statement by statement (the adapter runs one statement per query), and
 * `DROP DATABASE` afterwards. Nothing else on the server is touched.
 */
import { randomBytes } from 'node:crypto';

import { PrismaMariaDb } from '@prisma/adapter-mariadb';

import { PrismaStorage } from '../../src/index.js';
import { PrismaClient as MysqlPrismaClient } from '../../generated/client/mysql/client.js';
import { shippedDdl, type TestDatabase, type TestPrismaClient } from './test-database.js';
import { requireUrl } from './test-env.js';
import { TEST_TABLES_DDL } from './test-tables.js';

/**
 * Connections per PrismaClient: enough for the concurrency tests' parallel leases, few enough
 * that every test file's clients together stay far below the server's max_connections.
 */
const CONNECTION_LIMIT = 10;

/** Creates the database, applies the DDL and opens the first client. */
export async function createMysqlDatabase(label: string): Promise<TestDatabase> {
  const serverUrl = requireUrl('mysql');
  const name = `atomizer_test_${label.replace(/[^a-z0-9]+/gi, '_').toLowerCase().slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  // The admin client stays on the URL's own database; it only creates and drops ours.
  const admin = new MysqlPrismaClient({ adapter: new PrismaMariaDb(withPoolSize(serverUrl, 2)) });
  await admin.$executeRawUnsafe(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);

  const databaseUrl = withPoolSize(withDatabase(serverUrl, name), CONNECTION_LIMIT);
  const clients: MysqlPrismaClient[] = [];
  const openClient = async (): Promise<MysqlPrismaClient> => {
    const client = new MysqlPrismaClient({ adapter: new PrismaMariaDb(databaseUrl) });
    clients.push(client);
    return client;
  };
  const storageFor = (client: TestPrismaClient) => new PrismaStorage({ prisma: client as MysqlPrismaClient, provider: 'mysql' });
  const prisma = await openClient();
  // Inspection queries are written once for every provider, with "double-quoted" identifiers
  // as PostgreSQL, SQLite and SQL Server read them; ANSI_QUOTES makes MySQL read them so too.
  const inspector = new MysqlPrismaClient({
    adapter: new PrismaMariaDb({ ...poolConfig(databaseUrl), connectionLimit: 2, initSql: "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',ANSI_QUOTES')" }),
  });
  for (const statement of [...splitStatements(shippedDdl('mysql')), TEST_TABLES_DDL.mysql]) {
    await prisma.$executeRawUnsafe(statement);
  }

  return {
    provider: 'mysql',
    schemaName: name,
    prisma,
    storage: storageFor(prisma),
    openClient,
    storageFor,
    query: async <T>(text: string, values: unknown[] = []) => {
      const rows: unknown = await inspector.$queryRawUnsafe(text, ...values);
      return (Array.isArray(rows) ? rows : []) as T[];
    },
    truncate: async () => {
      // DELETE, not TRUNCATE: MySQL refuses to truncate a table that a foreign key references.
      for (const table of ['atomizer_job_errors', 'atomizer_jobs', 'atomizer_servers', 'atomizer_schedules', 'test_orders']) {
        await prisma.$executeRawUnsafe(`DELETE FROM \`${table}\``);
      }
    },
    drop: async () => {
      await Promise.all([...clients, inspector].map((client) => client.$disconnect()));
      await admin.$executeRawUnsafe(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.$disconnect();
    },
  };
}

/**
 * The statements of a DDL script, without comments. Splits at a `;` that ends a line, which is
 * how Prisma's generated scripts (and atomizer.sql) end every statement.
 */
export function splitStatements(script: string): string[] {
  return script
    .split(/;\s*$/m)
    .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
    .filter((statement) => statement !== '');
}

/** The server URL pointing at `database`. */
function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * The driver's pool settings for a `mysql://user:password@host:port/database` URL, keeping the
 * one option the test URLs use (MySQL 8's allowPublicKeyRetrieval).
 */
function poolConfig(databaseUrl: string): {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  allowPublicKeyRetrieval: boolean;
} {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: url.port === '' ? 3306 : Number(url.port),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
    allowPublicKeyRetrieval: url.searchParams.get('allowPublicKeyRetrieval') === 'true',
  };
}

/** The URL with the driver's pool size set. */
function withPoolSize(serverUrl: string, connectionLimit: number): string {
  const url = new URL(serverUrl);
  url.searchParams.set('connectionLimit', String(connectionLimit));
  // The driver opens connectionLimit connections up front unless told otherwise.
  url.searchParams.set('minimumIdle', '1');
  return url.toString();
}
