// Throwaway databases that committed migrations are applied to, so the next migration can be
// diffed from what they build. Each is created empty with a random name and dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import mariadb from 'mariadb';
import pg from 'pg';

import { requireServerUrl } from './settings.mjs';

/**
 * @typedef {{ url: string, drop: () => Promise<void> }} ScratchDatabase
 */

/**
 * @param {string} provider
 * @returns {Promise<ScratchDatabase>}
 */
export async function openScratchDatabase(provider) {
  const name = `atomizer_migrations_${randomBytes(4).toString('hex')}`;

  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'atomizer-migrations-'));
    return { url: `file:${join(dir, `${name}.db`)}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (provider === 'postgresql') return openPostgresSchema(name);
  if (provider === 'mysql') return openMysqlDatabase(name);

  // TODO: create a scratch SQL Server database (mssql) so migrations after the first can be
  // generated for SQL Server too; until then its migrations are generated from empty only.
  throw new Error(`creating a scratch ${provider} database is not supported yet; only Initial can be generated for it`);
}

/** A fresh schema in the PostgreSQL database of ATOMIZER_TEST_POSTGRES_URL. */
async function openPostgresSchema(name) {
  const baseUrl = requireServerUrl('postgresql', 'to create a scratch schema in');
  const admin = new pg.Client({ connectionString: withoutSchemaParameter(baseUrl) });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${name}"`);

  const url = new URL(baseUrl);
  url.searchParams.set('schema', name);
  return {
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

/** A fresh database on the MySQL/MariaDB server of ATOMIZER_TEST_MYSQL_URL. */
async function openMysqlDatabase(name) {
  const baseUrl = new URL(requireServerUrl('mysql', 'to create a scratch database on'));
  const admin = await mariadb.createConnection({
    host: baseUrl.hostname,
    port: baseUrl.port === '' ? 3306 : Number(baseUrl.port),
    user: decodeURIComponent(baseUrl.username),
    password: decodeURIComponent(baseUrl.password),
  });
  await admin.query(`CREATE DATABASE \`${name}\``);

  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
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

/** @param {string} url */
export function withoutSchemaParameter(url) {
  const parsed = new URL(url);
  parsed.searchParams.delete('schema');
  return parsed.toString();
}
