import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { configureSqliteForAtomizer, PrismaStorage } from '@atomizer/prisma-storage';

import type { PrismaClient as SqlitePrismaClient } from '../generated/sqlite/client.js';
import type { DatabaseTarget } from './database-target.js';

/**
 * The sample's PrismaClient type. Every provider's client is generated from the same
 * products.prisma, so their `product` and `stockMovement` delegates have one shape; the code
 * is written once against the SQLite client's types and the other clients are used through it.
 */
export type ProductsPrisma = SqlitePrismaClient;

/** The app's database handles: its own PrismaClient and Atomizer's storage over that client. */
export interface Database {
  prisma: ProductsPrisma;
  storage: PrismaStorage;
  close(): Promise<void>;
}

/**
 * Opens a PrismaClient on the target over the provider's driver adapter, and Atomizer's
 * storage over that same client: Atomizer never opens connections of its own. Only the chosen
 * provider's generated client and driver are loaded.
 */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  const { prisma, schema } = await openPrisma(target);
  if (target.provider === 'sqlite') await configureSqliteForAtomizer(prisma);

  const storage = new PrismaStorage({ prisma, provider: target.provider, schema });
  return { prisma, storage, close: () => prisma.$disconnect() };
}

interface OpenedPrisma {
  prisma: ProductsPrisma;
  /** PostgreSQL schema named by the URL's `?schema=`, for Atomizer's raw SQL. */
  schema: string | undefined;
}

async function openPrisma(target: DatabaseTarget): Promise<OpenedPrisma> {
  switch (target.provider) {
    case 'sqlite':
      return { prisma: await openSqlite(target.url), schema: undefined };
    case 'postgresql':
      return openPostgres(target.url);
    case 'mysql':
      return { prisma: await openMysql(target.url), schema: undefined };
    case 'sqlserver':
      return { prisma: await openSqlServer(target.url), schema: undefined };
  }
}

async function openSqlite(url: string): Promise<ProductsPrisma> {
  const filePath = sqliteFilePath(url);
  await mkdir(path.dirname(filePath), { recursive: true });

  const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
  const { PrismaClient } = await import('../generated/sqlite/client.js');

  // One client (one connection) for the app and Atomizer. A storage call made while one of the
  // app's interactive transactions is open runs inside it; the sample's transactions are a few
  // quick statements that only roll back on a database error, which keeps that harmless. An app
  // holding transactions open across slow awaits should give the server its own client
  // (docs/prisma-storage.md, "One connection per PrismaClient").
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: filePath }) });
}

async function openPostgres(url: string): Promise<OpenedPrisma> {
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const { PrismaClient } = await import('../generated/postgresql/client.js');

  // Prisma's CLI reads the schema from `?schema=`; node-postgres does not. The adapter gets it
  // for Prisma's queries, and PrismaStorage for its raw lease statement.
  const { connectionString, schema } = splitSchemaParameter(url);
  const adapter = new PrismaPg({ connectionString }, schema === undefined ? undefined : { schema });
  const prisma = new PrismaClient({ adapter }) as unknown as ProductsPrisma;
  return { prisma, schema };
}

async function openMysql(url: string): Promise<ProductsPrisma> {
  const { PrismaMariaDb } = await import('@prisma/adapter-mariadb');
  const { PrismaClient } = await import('../generated/mysql/client.js');

  // The mariadb driver reads only `mariadb://` URLs; MySQL and MariaDB take the same settings.
  const parsed = new URL(url);
  const adapter = new PrismaMariaDb({
    host: parsed.hostname,
    port: parsed.port === '' ? 3306 : Number(parsed.port),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)),
  });
  return new PrismaClient({ adapter }) as unknown as ProductsPrisma;
}

async function openSqlServer(url: string): Promise<ProductsPrisma> {
  const { PrismaMssql } = await import('@prisma/adapter-mssql');
  const { PrismaClient } = await import('../generated/sqlserver/client.js');

  // The adapter reads Prisma's own `sqlserver://host:port;database=...;user=...` format.
  return new PrismaClient({ adapter: new PrismaMssql(url) }) as unknown as ProductsPrisma;
}

/** The file a `file:` URL names; relative paths resolve against the current directory. */
export function sqliteFilePath(url: string): string {
  const rest = url.replace(/^file:/, '');
  if (rest.startsWith('//')) return fileURLToPath(url);
  return path.resolve(rest);
}

/** Splits `?schema=name` off a PostgreSQL URL. */
export function splitSchemaParameter(url: string): { connectionString: string; schema: string | undefined } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}
