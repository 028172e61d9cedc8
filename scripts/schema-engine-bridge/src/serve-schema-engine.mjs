import { BridgeError } from './bridge-error.mjs';
import { callEngineMethod } from './call-engine-method.mjs';
import { driverAdapterForUrl } from './driver-adapter-for-url.mjs';
import { JsonRpcChannel } from './json-rpc-channel.mjs';
import { loadSchemaEngineWasm, panicRegistry } from './load-schema-engine-wasm.mjs';
import { isWasmPanic, toJsonRpcError } from './to-json-rpc-error.mjs';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

/** Exit code the CLI reads as "the engine panicked" (Rust's panic exit code). */
const PANIC_EXIT_CODE = 101;

/**
 * Serves the Prisma CLI's schema-engine JSON-RPC on stdin/stdout until the CLI closes stdin.
 *
 * Requests run one at a time, in arrival order: the WASM engine is single-threaded and the CLI
 * expects each command's effects before the next. If the engine cannot be started (say, a
 * mysql:// URL), every request gets that error as its answer, so the CLI shows it instead of
 * waiting forever or reporting a bare crash.
 *
 * @param {import('./parse-engine-args.mjs').EngineArgs} args
 * @returns {void}
 */
export function serveSchemaEngine(args) {
  const enginePromise = startEngine(args);
  // Errors are delivered per request; this only keeps Node from calling the rejection unhandled.
  enginePromise.catch(() => {});

  let queue = Promise.resolve();

  const channel = new JsonRpcChannel(
    process.stdin,
    process.stdout,
    (request) => {
      queue = queue.then(() => handleRequest(request));
    },
    () => {
      // The CLI's `stop()` closes stdin and waits for us to exit; pools would keep us alive.
      queue.then(() => channel.flush()).then(() => process.exit(0));
    },
  );

  /** @param {import('./json-rpc-channel.mjs').JsonRpcMessage} request */
  async function handleRequest(request) {
    const isNotification = request.id === undefined || request.id === null;
    const print = async (content) => {
      await channel.request('print', { content });
    };

    try {
      const engine = await enginePromise;
      const result = await callEngineMethod(engine, request.method, request.params, print);
      if (!isNotification) {
        channel.respond(request.id, result);
      }
    } catch (error) {
      logError(error);
      if (!isNotification) {
        channel.respondError(request.id, toJsonRpcError(error, panicRegistry.lastMessage));
      }

      // After a trap the WASM instance's state is undefined; stop like the native engine does.
      if (isWasmPanic(error)) {
        await channel.flush();
        process.exit(PANIC_EXIT_CODE);
      }
    }
  }
}

/**
 * Loads the WASM engine and connects it to the datasource's driver adapter.
 *
 * @param {import('./parse-engine-args.mjs').EngineArgs} args
 */
async function startEngine({ datasource, datamodels }) {
  if (datasource?.url === undefined) {
    throw new BridgeError(
      'bridge.datasource.missing',
      'no datasource url was given to the offline schema engine bridge: set `datasource.url` in ' +
        'prisma.config.ts (the WASM engine needs a PostgreSQL or SQLite connection for every command)',
      datasource,
    );
  }

  const adapterFactory = bindMigrationAwareSqlAdapterFactory(driverAdapterForUrl(datasource));
  const { SchemaEngine } = await loadSchemaEngineWasm();

  return SchemaEngine.new(
    { datamodels: datamodels.length > 0 ? datamodels : undefined },
    forwardEngineLog,
    adapterFactory,
  );
}

/**
 * The engine's log callback receives the same JSON lines the native engine writes to stderr,
 * which the CLI parses (it keeps `fields.message`, and treats `level: "ERROR"` as the reason
 * when the engine dies), so they go to stderr unchanged.
 *
 * @param {string} line
 */
function forwardEngineLog(line) {
  process.stderr.write(`${line.trimEnd()}\n`);
}

/** @param {unknown} error */
function logError(error) {
  const message = error instanceof Error ? error.message : String(error);
  const kind = error instanceof Error ? error.name : typeof error;
  process.stderr.write(
    `${JSON.stringify({ level: 'ERROR', fields: { message, kind }, target: 'atomizer_schema_engine_bridge' })}\n`,
  );
}
