import type { Dialect, PrismaStorageProvider } from './dialect.js';
import { mysqlDialect } from './mysql.js';
import { postgresqlDialect } from './postgresql.js';
import { sqliteDialect } from './sqlite.js';
import { sqlserverDialect } from './sqlserver.js';

/** The dialect of every provider PrismaStorage supports so far. */
export const DIALECTS: Readonly<Partial<Record<PrismaStorageProvider, Dialect>>> = {
  postgresql: postgresqlDialect,
  sqlite: sqliteDialect,
  mysql: mysqlDialect,
  sqlserver: sqlserverDialect,
};
