import { BridgeError } from './bridge-error.mjs';

/**
 * Methods the WASM engine serves under the same name and params as the native engine's
 * JSON-RPC API. The CLI also calls `createDatabase` and `getDatabaseDescription`, which the
 * WASM engine lacks; those get a clear error below.
 */
const SAME_NAME_METHODS = new Set([
  'applyMigrations',
  'createMigration',
  'dbExecute',
  'debugPanic',
  'devDiagnostic',
  'diagnoseMigrationHistory',
  'ensureConnectionValidity',
  'evaluateDataLoss',
  'introspect',
  'introspectSql',
  'markMigrationApplied',
  'markMigrationRolledBack',
  'reset',
  'schemaPush',
]);

/**
 * Runs one CLI request on the WASM engine and returns the result the native engine would.
 *
 * @param {import('@prisma/schema-engine-wasm').SchemaEngine} engine
 * @param {string} method JSON-RPC method name sent by the CLI
 * @param {any} params JSON-RPC params sent by the CLI
 * @param {(content: string) => Promise<void>} print sends script output to the CLI's stdout
 * @returns {Promise<unknown>}
 */
export async function callEngineMethod(engine, method, params, print) {
  if (method === 'diff') {
    return diff(engine, params, print);
  }
  if (method === 'getDatabaseVersion') {
    // Same operation, another name: the WASM binding calls it `version`.
    return engine.version(params);
  }
  if (SAME_NAME_METHODS.has(method)) {
    // Methods taking no params (reset's filter aside) still expect an object, not undefined.
    return engine[method](params ?? {});
  }

  throw new BridgeError(
    'bridge.method.unsupported',
    `schema engine method "${method}" is not available in the offline WASM schema engine bridge; ` +
      'this command needs the native Prisma schema engine (set PRISMA_SCHEMA_ENGINE_BINARY to it)',
    method,
  );
}

/**
 * `diff` differs in one way: the native engine prints the script or summary to the CLI through
 * a `print` request and returns `stdout: null`; the WASM engine returns the text in `stdout`.
 * Relaying it through `print` keeps `prisma migrate diff --output <file>` working, because the
 * CLI captures exactly what `print` writes.
 */
async function diff(engine, params, print) {
  const result = await engine.diff(params);

  if (typeof result.stdout === 'string') {
    // The native engine always ends the printed text with a newline.
    await print(result.stdout.endsWith('\n') ? result.stdout : `${result.stdout}\n`);
  }

  return { exitCode: result.exitCode, stdout: null };
}
