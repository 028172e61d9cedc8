/**
 * `@atomizer/prisma-storage`: Atomizer's job storage over your own PrismaClient.
 * Named exports only; everything not listed here is internal.
 */
export { PrismaStorage } from './prisma-storage.js';
export type { PrismaStorageOptions } from './prisma-storage-options.js';
export type { PrismaStorageProvider } from './dialects/dialect.js';
export type { PrismaClientLike, PrismaQueryClient } from './prisma-client-shape.js';
export { StorageDatabaseError, StorageRowInvalidError, classifyDatabaseError } from './errors.js';
export type { DatabaseErrorFacts, DatabaseErrorKind } from './errors.js';
export { configureSqliteForAtomizer } from './sqlite-setup.js';
