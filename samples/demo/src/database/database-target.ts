import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { DemoError } from '../demo-error.js';

/** The Prisma providers the demo ships a schema and migrations for. */
export type DemoProvider = 'sqlite' | 'postgresql';

/** Where the demo keeps its data, decided once from DATABASE_URL. */
export interface DatabaseTarget {
  provider: DemoProvider;
  /** The URL exactly as Prisma's CLI and the driver adapter should see it. */
  url: string;
  /** The URL with any password masked, for messages and the summary. */
  displayUrl: string;
}

/**
 * Picks the database: PostgreSQL when `databaseUrl` starts with `postgres://` or
 * `postgresql://`, a SQLite file for `file:` URLs (a relative path resolves against
 * `baseDir`), and by default the SQLite file `<dataDir>/demo.db`, so the first run needs
 * nothing but Node.
 */
export function resolveDatabaseTarget(databaseUrl: string | undefined, dataDir: string, baseDir = process.cwd()): DatabaseTarget {
  const url = databaseUrl?.trim() ?? '';

  if (url === '') {
    const sqliteUrl = `file:${path.join(dataDir, 'demo.db')}`;
    return { provider: 'sqlite', url: sqliteUrl, displayUrl: sqliteUrl };
  }
  if (/^postgres(ql)?:\/\//i.test(url)) {
    return { provider: 'postgresql', url, displayUrl: maskPassword(url) };
  }
  if (url.startsWith('file:')) {
    // Absolute, so Prisma's CLI (which resolves relative paths its own way) and the driver
    // adapter open the same file.
    const absoluteUrl = `file:${sqliteFilePath(url, baseDir)}`;
    return { provider: 'sqlite', url: absoluteUrl, displayUrl: absoluteUrl };
  }

  throw new DemoError(
    'DEMO.DATABASE_URL_UNSUPPORTED',
    `DATABASE_URL must start with postgres://, postgresql:// or file:, got "${maskPassword(url)}"`,
    maskPassword(url),
  );
}

/** Replaces the password of a URL with `***`; leaves anything unparsable untouched. */
export function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** The file a `file:` URL names; a relative path resolves against `baseDir`. */
export function sqliteFilePath(url: string, baseDir = process.cwd()): string {
  const rest = url.replace(/^file:/, '');
  if (rest.startsWith('//')) return fileURLToPath(url);
  return path.resolve(baseDir, rest);
}
