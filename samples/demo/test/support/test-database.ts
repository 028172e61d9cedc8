import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';

import { resolveDatabaseTarget } from '../../src/database/database-target.js';
import type { DatabaseTarget } from '../../src/database/database-target.js';

/** A database made for one test file, and how to get rid of it. */
export interface TestDatabase {
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/** A SQLite file in a fresh temp folder. */
export function createSqliteDatabase(): TestDatabase {
  const directory = mkdtempSync(path.join(tmpdir(), 'atomizer-demo-db-'));
  return {
    target: resolveDatabaseTarget(`file:${path.join(directory, 'demo.db')}`, directory),
    drop: async () => rmSync(directory, { recursive: true, force: true }),
  };
}

/** A schema of its own in the PostgreSQL database at `baseUrl`; dropped with everything in it. */
export async function createPostgresDatabase(baseUrl: string): Promise<TestDatabase> {
  const schema = `demo_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);

  const url = new URL(baseUrl);
  url.searchParams.set('schema', schema);
  return {
    target: resolveDatabaseTarget(url.toString(), tmpdir()),
    drop: async () => {
      try {
        await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}
