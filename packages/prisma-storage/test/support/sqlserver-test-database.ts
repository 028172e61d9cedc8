/**
 * An isolated SQL Server database: `CREATE DATABASE [atomizer_test_<label>_<random>]` on the
 * server of ATOMIZER_TEST_SQLSERVER_URL (or the container the global setup started), the
 * shipped atomizer.sql applied as one batch (it is one TRY/CATCH transaction), and the database
 * dropped afterwards. Nothing else on the server is touched.
 */
import { randomBytes } from 'node:crypto';

import { PrismaMssql } from '@prisma/adapter-mssql';

import { PrismaStorage } from '../../src/index.js';
import { PrismaClient as SqlserverPrismaClient } from '../../generated/client/sqlserver/client.js';
import { shippedDdl, type TestDatabase, type TestPrismaClient } from './test-database.js';
import { requireUrl } from './test-env.js';
import { TEST_TABLES_DDL } from './test-tables.js';

/** Creates the database, applies the DDL and opens the first client. */
export async function createSqlserverDatabase(label: string): Promise<TestDatabase> {
  const serverUrl = requireUrl('sqlserver');
  const name = `atomizer_test_${label.replace(/[^a-z0-9]+/gi, '_').toLowerCase().slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const admin = new SqlserverPrismaClient({ adapter: new PrismaMssql(withDatabase(serverUrl, 'master')) });
  // Default settings (no READ_COMMITTED_SNAPSHOT): the locking behaviour most servers have.
  await admin.$executeRawUnsafe(`CREATE DATABASE [${name}]`);

  const databaseUrl = withDatabase(serverUrl, name);
  const clients: SqlserverPrismaClient[] = [];
  const openClient = async (): Promise<SqlserverPrismaClient> => {
    const client = new SqlserverPrismaClient({ adapter: new PrismaMssql(databaseUrl) });
    clients.push(client);
    return client;
  };
  const storageFor = (client: TestPrismaClient) => new PrismaStorage({ prisma: client as SqlserverPrismaClient, provider: 'sqlserver' });
  const prisma = await openClient();
  await prisma.$executeRawUnsafe(shippedDdl('sqlserver'));
  await prisma.$executeRawUnsafe(TEST_TABLES_DDL.sqlserver);

  return {
    provider: 'sqlserver',
    schemaName: 'dbo',
    prisma,
    storage: storageFor(prisma),
    openClient,
    storageFor,
    query: async <T>(text: string, values: unknown[] = []) => {
      const rows: unknown = await prisma.$queryRawUnsafe(text, ...values);
      return (Array.isArray(rows) ? rows : []) as T[];
    },
    truncate: async () => {
      for (const table of ['atomizer_job_errors', 'atomizer_jobs', 'atomizer_servers', 'atomizer_schedules', 'test_orders']) {
        await prisma.$executeRawUnsafe(`DELETE FROM [${table}]`);
      }
    },
    drop: async () => {
      await Promise.all(clients.map((client) => client.$disconnect()));
      await admin.$executeRawUnsafe(`ALTER DATABASE [${name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE`);
      await admin.$executeRawUnsafe(`DROP DATABASE [${name}]`);
      await admin.$disconnect();
    },
  };
}

/** The connection string with its `database=` parameter set to `database`. */
function withDatabase(serverUrl: string, database: string): string {
  const [head = '', ...parameters] = serverUrl.split(';');
  const kept = parameters.filter((parameter) => parameter.trim() !== '' && !/^\s*(database|initial catalog)\s*=/i.test(parameter));
  return [head, `database=${database}`, ...kept].join(';');
}
