// Paths the demo's scripts share, all absolute so the scripts run from any folder.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** samples/demo */
export const demoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The repo's offline-capable Prisma CLI wrapper (uses the native engine when there is one). */
export const prismaWrapper = join(demoRoot, '..', '..', 'scripts', 'prisma.mjs');

/** Providers the demo ships a schema for. */
export const providers = ['sqlite', 'postgresql'];

/** @param {string} provider */
export const prismaConfigFor = (provider) => join(demoRoot, 'prisma', provider, 'prisma.config.ts');

/** @param {string} provider */
export const migrationsDirFor = (provider) => join(demoRoot, 'prisma', provider, 'migrations');
