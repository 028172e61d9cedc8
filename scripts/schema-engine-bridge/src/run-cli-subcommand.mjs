import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { BridgeError } from './bridge-error.mjs';
import { unsupportedSchemeError, urlScheme } from './driver-adapter-for-url.mjs';
import { postgresPoolConfig } from './postgres-adapter.mjs';

/**
 * A failure the CLI recognises by its Prisma error code (P1003 makes it create the database).
 */
class CodedFailure extends Error {
  /**
   * @param {string} errorCode e.g. `P1003`
   * @param {string} message
   */
  constructor(errorCode, message) {
    super(message);
    this.errorCode = errorCode;
  }
}

/**
 * Runs a one-shot command of the form `schema-engine --datasource <json> cli <command>`.
 *
 * Besides JSON-RPC, the CLI runs the engine this way before `migrate deploy`, `migrate dev` and
 * `db push` (function `ensureDatabaseExists`): `can-connect-to-database`, then on error code
 * P1003 `create-database`. It never writes to stdin and reads only the exit code and stderr.
 * On failure it skips stderr's first line and parses every other line as JSON, looking for
 * `level: "ERROR"`, `target: "schema_engine::logger"` and `fields.error_code`/`fields.message`.
 * The WASM engine has no such commands, so they are done here with the same drivers.
 *
 * @param {string} command e.g. `can-connect-to-database`
 * @param {import('./parse-engine-args.mjs').DatasourceArg | undefined} datasource
 * @returns {Promise<number>} the process exit code
 */
export async function runCliSubcommand(command, datasource) {
  try {
    const url = datasource?.url;
    if (url === undefined) {
      throw new BridgeError('bridge.datasource.missing', `cli ${command}: no --datasource url given`, datasource);
    }

    const target = databaseTarget(url);
    if (command === 'can-connect-to-database') {
      await target.canConnect();
    } else if (command === 'create-database') {
      await target.create();
    } else {
      throw new BridgeError(
        'bridge.cli.unsupported',
        `cli command "${command}" is not supported by the offline schema engine bridge; use the native Prisma schema engine`,
        command,
      );
    }
    return 0;
  } catch (error) {
    writeErrorLines(error);
    return 1;
  }
}

/** @param {string} url */
function databaseTarget(url) {
  const scheme = urlScheme(url);
  if (scheme === 'postgres' || scheme === 'postgresql') {
    return postgresTarget(url);
  }
  if (scheme === 'file') {
    return sqliteTarget(url);
  }

  throw unsupportedSchemeError(urlScheme(url));
}

/** @param {string} url */
function postgresTarget(url) {
  const { poolConfig } = postgresPoolConfig(url);
  const location = `${poolConfig.host}:${poolConfig.port}`;
  const database = poolConfig.database ?? 'postgres';

  /** @param {import('pg').ClientConfig} config @param {string} sql */
  const run = async (config, sql) => {
    const client = new pg.Client({ ...config, connectionTimeoutMillis: 10_000 });
    try {
      await client.connect();
      await client.query(sql);
    } catch (error) {
      throw postgresFailure(error, database, location);
    } finally {
      await client.end().catch(() => {});
    }
  };

  return {
    canConnect: () => run(poolConfig, 'SELECT 1'),
    // CREATE DATABASE cannot run inside the database being created; use the maintenance one.
    create: () => run({ ...poolConfig, database: 'postgres' }, `CREATE DATABASE "${database.replace(/"/g, '""')}"`),
  };
}

/**
 * Maps driver errors to the Prisma codes the CLI acts on.
 *
 * @param {any} error
 * @param {string} database
 * @param {string} location
 */
function postgresFailure(error, database, location) {
  if (error?.code === '3D000') {
    return new CodedFailure('P1003', `Database \`${database}\` does not exist on the database server at \`${location}\`.`);
  }
  if (error?.code === '28P01' || error?.code === '28000') {
    return new CodedFailure('P1000', `Authentication failed against database server at \`${location}\`: ${error.message}`);
  }
  if (error?.code === 'ECONNREFUSED' || error?.code === 'ENOTFOUND' || error?.code === 'ETIMEDOUT') {
    return new CodedFailure('P1001', `Can't reach database server at \`${location}\`: ${error.message}`);
  }
  return error;
}

/** @param {string} url */
function sqliteTarget(url) {
  const path = resolve(process.cwd(), url.replace(/^file:/i, '').replace(/\?.*$/, ''));

  return {
    canConnect: async () => {
      // Opening would silently create the file; the native engine reports it missing instead,
      // which makes the CLI say "SQLite database created".
      if (!existsSync(path)) {
        throw new CodedFailure('P1003', `Database \`${path}\` does not exist`);
      }
      new Database(path, { fileMustExist: true }).close();
    },
    create: async () => {
      mkdirSync(dirname(path), { recursive: true });
      new Database(path).close();
    },
  };
}

/**
 * Writes the failure as the CLI parses it: a first line it skips, then one JSON log line.
 *
 * @param {unknown} error
 */
function writeErrorLines(error) {
  const message = error instanceof Error ? error.message : String(error);
  const fields = error instanceof CodedFailure ? { error_code: error.errorCode, message } : { message };

  process.stderr.write(
    `${JSON.stringify({ level: 'INFO', fields: { message: 'offline schema engine bridge: cli command failed' } })}\n`,
  );
  process.stderr.write(`${JSON.stringify({ level: 'ERROR', target: 'schema_engine::logger', fields })}\n`);
}
