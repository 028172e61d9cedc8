import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import { BridgeError } from './bridge-error.mjs';

/**
 * Schema `provider` values the WASM engine can diff offline, with the adapter provider name
 * the engine expects for each.
 */
const ADAPTER_PROVIDERS = new Map([
  ['postgresql', 'postgres'],
  ['postgres', 'postgres'],
  ['sqlite', 'sqlite'],
]);

/**
 * Reads the datasource provider from the first schema text that declares one.
 *
 * @param {string[]} schemaTexts contents of .prisma files
 * @returns {string | undefined} e.g. `postgresql`
 */
export function datasourceProvider(schemaTexts) {
  for (const text of schemaTexts) {
    const block = /datasource\s+\w+\s*\{([^}]*)\}/.exec(text);
    const provider = block && /provider\s*=\s*"([^"]+)"/.exec(block[1]);
    if (provider) {
      return provider[1];
    }
  }
  return undefined;
}

/**
 * An adapter factory for commands that need no database, used when the config has no URL.
 *
 * The native engine diffs two schema files (`migrate diff --from-empty --to-schema`) without
 * connecting anywhere. The WASM engine wants an adapter up front: for SQLite it sends that
 * adapter no statement during such a diff, so the diff works; for PostgreSQL it first probes
 * the server's version, so a URL is needed after all. This adapter only knows its provider; any
 * statement fails with a message saying to set the URL, instead of hanging or crashing.
 *
 * @param {string} schemaProvider the schema's datasource provider, e.g. `postgresql`
 * @returns {import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory}
 * @throws {BridgeError} `bridge.datasource.unsupported` for a provider the WASM engine lacks
 */
export function schemaOnlyAdapterFactory(schemaProvider) {
  const provider = ADAPTER_PROVIDERS.get(schemaProvider);
  if (provider === undefined) {
    throw new BridgeError(
      'bridge.datasource.unsupported',
      `datasource provider "${schemaProvider}" is not supported by the offline schema engine bridge ` +
        '(it serves only postgresql and sqlite); this database needs the native Prisma schema engine: ' +
        'set PRISMA_SCHEMA_ENGINE_BINARY to it',
      schemaProvider,
    );
  }

  const refuse = async () => {
    throw noConnectionError(provider);
  };
  const connection = () => ({
    provider,
    adapterName: 'atomizer-schema-only',
    queryRaw: refuse,
    executeRaw: refuse,
    executeScript: refuse,
    startTransaction: refuse,
    dispose: async () => {},
  });

  return {
    provider,
    adapterName: 'atomizer-schema-only',
    connect: async () => connection(),
    connectToShadowDb: async () => connection(),
  };
}

/**
 * Shaped as a database error of the provider, the one kind of adapter failure the WASM engine
 * turns into a readable message; any other thrown value becomes "External error id#N", and
 * during the engine's start-up probe it even escapes as an unhandled rejection.
 *
 * @param {string} provider `postgres` or `sqlite`
 */
function noConnectionError(provider) {
  const message =
    'this command needs a database connection, but no datasource url was given: set `datasource.url` in prisma.config.ts';

  return new DriverAdapterError(
    provider === 'postgres'
      ? { kind: 'postgres', code: '08000', severity: 'ERROR', message, detail: undefined, column: undefined, hint: undefined }
      : { kind: 'sqlite', extendedCode: 1, message },
  );
}
