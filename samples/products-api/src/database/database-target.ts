import path from 'node:path';

import type { PrismaStorageProvider } from '@atomizer/prisma-storage';

import { SampleError } from '../sample-error.js';

/** Where the sample keeps its data, decided once from DATABASE_URL. */
export interface DatabaseTarget {
  /** The Prisma provider, and so the schema folder prisma/<provider> and its migrations. */
  provider: PrismaStorageProvider;
  /** The URL exactly as Prisma's CLI and the driver adapter should see it. */
  url: string;
  /** The URL with any password masked, for logs. */
  displayUrl: string;
}

/** URL schemes the sample understands, and the provider each one selects. */
const PROVIDER_BY_SCHEME: ReadonlyArray<readonly [RegExp, PrismaStorageProvider]> = [
  [/^file:/i, 'sqlite'],
  [/^postgres(ql)?:\/\//i, 'postgresql'],
  [/^(mysql|mariadb):\/\//i, 'mysql'],
  [/^sqlserver:\/\//i, 'sqlserver'],
];

/**
 * Picks the provider from the URL's scheme. Without a URL the sample uses the SQLite file
 * `<dataDir>/products.db`, so a first run needs nothing but Node.
 * @throws SampleError when the scheme is none of file:, postgres(ql)://, mysql://, mariadb://,
 * sqlserver://.
 */
export function resolveDatabaseTarget(databaseUrl: string | undefined, dataDir: string): DatabaseTarget {
  const url = databaseUrl?.trim() ?? '';
  if (url === '') {
    const sqliteUrl = `file:${path.join(dataDir, 'products.db')}`;
    return { provider: 'sqlite', url: sqliteUrl, displayUrl: sqliteUrl };
  }

  const match = PROVIDER_BY_SCHEME.find(([scheme]) => scheme.test(url));
  if (match === undefined) {
    throw new SampleError(
      'SAMPLE.DATABASE_URL_UNSUPPORTED',
      `DATABASE_URL must start with file:, postgresql://, mysql://, mariadb:// or sqlserver://, got "${maskPassword(url)}"`,
    );
  }
  return { provider: match[1], url, displayUrl: maskPassword(url) };
}

/** Replaces the password of a URL with `***`; leaves anything unparsable untouched. */
export function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/(password=)[^;]*/i, '$1***');
  }
}
