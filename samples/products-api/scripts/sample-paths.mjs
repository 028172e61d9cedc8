// Paths and provider rules the sample's scripts share; all absolute, so the scripts run from
// any folder.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** samples/products-api */
export const sampleRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The repo's Prisma CLI wrapper: the native schema engine when there is one, else the offline bridge. */
export const prismaWrapper = join(sampleRoot, '..', '..', 'scripts', 'prisma.mjs');

/** Providers the sample ships a schema folder and migrations for. */
export const providers = ['sqlite', 'postgresql', 'mysql', 'sqlserver'];

/** @param {string} provider */
export const schemaFolderFor = (provider) => join(sampleRoot, 'prisma', provider);

/** @param {string} provider */
export const prismaConfigFor = (provider) => join(schemaFolderFor(provider), 'prisma.config.ts');
