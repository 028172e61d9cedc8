/**
 * One empty database per test file, with a unique name, dropped at the end: a SQLite file in a
 * temporary folder, a PostgreSQL schema, a MySQL/MariaDB database or a SQL Server database.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { PrismaStorageProvider } from '@atomizer/prisma-storage';
import mariadb from 'mariadb';
import pg from 'pg';

import { requireUrl } from './test-env.js';

/** A database made for one test file. */
export interface TestDatabase {
  provider: PrismaStorageProvider;
  /** What the sample gets as DATABASE_URL. */
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(provider: PrismaStorageProvider): Promise<TestDatabase> {
  const name = `products_api_${randomBytes(4).toString('hex')}`;

  switch (provider) {
    case 'sqlite': {
      const dir = mkdtempSync(join(tmpdir(), 'products-api-'));
      return { provider, url: `file:${join(dir, `${name}.db`)}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    }
    case 'postgresql':
      return createPostgresSchema(name);
    case 'mysql':
      return createMysqlDatabase(name);
    case 'sqlserver':
      return createSqlServerDatabase(name);
  }
}

async function createPostgresSchema(name: string): Promise<TestDatabase> {
  const baseUrl = new URL(requireUrl('postgresql'));
  baseUrl.searchParams.delete('schema');
  const admin = new pg.Client({ connectionString: baseUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${name}"`);

  const url = new URL(baseUrl);
  url.searchParams.set('schema', name);
  return {
    provider: 'postgresql',
    url: url.toString(),
    drop: async () => {
      try {
        await admin.query(`DROP SCHEMA "${name}" CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}

async function createMysqlDatabase(name: string): Promise<TestDatabase> {
  const baseUrl = new URL(requireUrl('mysql'));
  const admin = await mariadb.createConnection(mysqlConnectionOptions(baseUrl));
  await admin.query(`CREATE DATABASE \`${name}\``);

  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    provider: 'mysql',
    url: url.toString(),
    drop: async () => {
      try {
        await admin.query(`DROP DATABASE \`${name}\``);
      } finally {
        await admin.end();
      }
    },
  };
}

/** Connection settings of a `mysql://` URL for the mariadb driver (which reads only `mariadb://`). */
export function mysqlConnectionOptions(url: URL, database?: string): mariadb.ConnectionConfig {
  return {
    host: url.hostname,
    port: url.port === '' ? 3306 : Number(url.port),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    ...(database === undefined ? {} : { database }),
  };
}

async function createSqlServerDatabase(name: string): Promise<TestDatabase> {
  // SQL Server's URL is Prisma's `sqlserver://host:port;key=value;...`; the database is one key.
  const baseUrl = requireUrl('sqlserver');
  const admin = await openSqlServerAdmin(baseUrl);
  await admin.$executeRawUnsafe(`CREATE DATABASE [${name}]`);

  const url = `${baseUrl.replace(/;database=[^;]*/i, '')};database=${name}`;
  return {
    provider: 'sqlserver',
    url,
    drop: async () => {
      try {
        await admin.$executeRawUnsafe(`ALTER DATABASE [${name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE`);
        await admin.$executeRawUnsafe(`DROP DATABASE [${name}]`);
      } finally {
        await admin.$disconnect();
      }
    },
  };
}

async function openSqlServerAdmin(url: string) {
  const { PrismaMssql } = await import('@prisma/adapter-mssql');
  const { PrismaClient } = await import('../../src/generated/sqlserver/client.js');
  return new PrismaClient({ adapter: new PrismaMssql(url) });
}
