import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { JobStorage } from '@atomizer/core';
import { configureSqliteForAtomizer, PrismaStorage } from '@atomizer/prisma-storage';

import type { PrismaClient as SqlitePrismaClient } from '../generated/sqlite/client.js';
import { sqliteFilePath } from './database-target.js';
import type { DatabaseTarget } from './database-target.js';

/**
 * The demo's PrismaClient type. Both generated clients (one per provider) come from the same
 * demo.prisma, so their `demoRun` and `fileDigest` delegates have the same shape; the demo
 * code is written once against the SQLite one and the PostgreSQL client is used through it.
 */
export type DemoPrisma = SqlitePrismaClient;

/** An open database: the application's PrismaClient and Atomizer's storage over it. */
export interface OpenDatabase {
  prisma: DemoPrisma;
  storage: JobStorage;
}

/**
 * Opens a PrismaClient on the target over the provider's driver adapter, the way an
 * application using Atomizer does, and puts Atomizer's storage on top of it: Atomizer never
 * opens connections of its own. Only the chosen provider's client and driver are loaded.
 */
export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  if (target.provider === 'sqlite') return openSqlite(target.url);
  return openPostgres(target.url);
}

async function openSqlite(url: string): Promise<OpenDatabase> {
  const filePath = sqliteFilePath(url);
  await mkdir(path.dirname(filePath), { recursive: true });

  const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
  const { PrismaClient } = await import('../generated/sqlite/client.js');

  // The whole demo shares this one client (one connection), so the busy timeout only matters
  // when another process holds the file's write lock for a moment.
  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: filePath, timeout: 10_000 }) });
  await configureSqliteForAtomizer(prisma);

  return { prisma, storage: new PrismaStorage({ prisma, provider: 'sqlite' }) };
}

async function openPostgres(url: string): Promise<OpenDatabase> {
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const { PrismaClient } = await import('../generated/postgresql/client.js');

  // Prisma's CLI reads the schema from `?schema=`; node-postgres does not. Hand it to the
  // adapter (for Prisma's queries) and to the storage (for Atomizer's raw lease SQL).
  const { connectionString, schema } = splitSchemaParameter(url);
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString }, schema === null ? undefined : { schema }),
  });

  const storage = new PrismaStorage({ prisma, provider: 'postgresql', ...(schema === null ? {} : { schema }) });
  return { prisma: prisma as unknown as DemoPrisma, storage };
}

/** Splits `?schema=name` off a PostgreSQL URL. */
export function splitSchemaParameter(url: string): { connectionString: string; schema: string | null } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}
