import { BridgeError } from './bridge-error.mjs';
import { callEngineMethod } from './call-engine-method.mjs';
import { driverAdapterForUrl } from './driver-adapter-for-url.mjs';
import { JsonRpcChannel } from './json-rpc-channel.mjs';
import { loadSchemaEngineWasm, panicRegistry } from './load-schema-engine-wasm.mjs';
import { datasourceProvider, schemaOnlyAdapterFactory } from './schema-only-adapter.mjs';
import { isWasmPanic, toJsonRpcError } from './to-json-rpc-error.mjs';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

/** Exit code the CLI reads as "the engine panicked" (Rust's panic exit code). */
const PANIC_EXIT_CODE = 101;

/**
 * Serves the Prisma CLI's schema-engine JSON-RPC on stdin/stdout until the CLI closes stdin.
 *
 * Requests run one at a time, in arrival order: the WASM engine is single-threaded and the CLI
 * expects each command's effects before the next. Every request gets an answer, error or not,
 * and the bridge exits only when the CLI closes stdin: the CLI (7.10) waits for the engine's
 * `exit` event only after its command settles, so an engine that dies first leaves the CLI
 * exiting 0 with no output at all.
 *
 * @param {import('./parse-engine-args.mjs').EngineArgs} args
 * @returns {void}
 */
export function serveSchemaEngine(args) {
  /** @type {ReturnType<typeof startEngine> | undefined} */
  let started;
  let queue = Promise.resolve();
  /** @type {{ id: unknown, answered: boolean } | undefined} the request being served */
  let inFlight;
  /** @type {{ error: unknown, exitCode: number } | undefined} set once the engine is unusable */
  let broken;

  /** @param {{ id: unknown, answered: boolean }} request @param {() => void} send */
  const answerOnce = (request, send) => {
    if (!request.answered && request.id !== undefined && request.id !== null) {
      request.answered = true;
      send();
    }
  };
  const answerError = (request, error) =>
    answerOnce(request, () => channel.respondError(request.id, toJsonRpcError(error, panicRegistry.lastMessage)));

  // The WASM glue can reject a promise nobody awaits (seen when an adapter throws a plain Error
  // during the engine's start-up probe). The call it belonged to may never settle, so answer
  // the request now and refuse the rest of the session.
  process.on('unhandledRejection', (reason) => {
    logError(reason);
    broken ??= { error: reason, exitCode: 1 };
    if (inFlight !== undefined) {
      answerError(inFlight, reason);
    }
  });

  const channel = new JsonRpcChannel(
    process.stdin,
    process.stdout,
    (message) => {
      const request = { id: message.id, answered: false };
      if (broken !== undefined) {
        answerError(request, engineStoppedError(broken.error));
        return;
      }
      queue = queue.then(() => handleRequest(message, request));
    },
    () => {
      // The CLI's `stop()` closes stdin and waits for us to exit; pools would keep us alive.
      // A broken engine's last call may never settle, so do not wait for it.
      const settled = broken === undefined ? queue : Promise.resolve();
      settled.then(() => channel.flush()).then(() => process.exit(broken?.exitCode ?? 0));
    },
  );

  /**
   * @param {import('./json-rpc-channel.mjs').JsonRpcMessage} message
   * @param {{ id: unknown, answered: boolean }} request
   */
  async function handleRequest(message, request) {
    inFlight = request;
    const print = async (content) => {
      await channel.request('print', { content });
    };

    try {
      // Started by the first request: without a URL, its schema files tell the provider.
      started ??= startEngine(args, message.params);
      const { engine } = await started;
      const result = await callEngineMethod(engine, message.method, message.params, print);
      answerOnce(request, () => channel.respond(request.id, result));
    } catch (failure) {
      const error = await withAdapterErrors(failure, started);
      logError(error);
      answerError(request, error);

      // After a trap the WASM instance's state is undefined; the native engine exits with 101.
      if (isWasmPanic(error)) {
        broken ??= { error: panicRegistry.lastMessage ?? error, exitCode: PANIC_EXIT_CODE };
      }
    } finally {
      inFlight = undefined;
    }
  }
}

/**
 * The answer to every request after the engine became unusable.
 *
 * @param {unknown} cause
 */
function engineStoppedError(cause) {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new BridgeError(
    'bridge.engine.stopped',
    `the WASM schema engine stopped after an earlier failure (${reason}); run the command again`,
    reason,
    { cause },
  );
}

/**
 * Loads the WASM engine and connects it to the datasource's driver adapter.
 *
 * @param {import('./parse-engine-args.mjs').EngineArgs} args
 * @param {unknown} firstParams params of the first request, searched for schema files
 */
async function startEngine({ datasource, datamodels }, firstParams) {
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(
    datasource?.url === undefined ? schemaOnlyFactory(datamodels, firstParams) : driverAdapterForUrl(datasource),
  );
  const { SchemaEngine } = await loadSchemaEngineWasm();

  const engine = await SchemaEngine.new(
    { datamodels: datamodels.length > 0 ? datamodels : undefined },
    forwardEngineLog,
    adapterFactory,
  );
  return { engine, errorRegistry: adapterFactory.errorRegistry };
}

/**
 * Puts the driver's own message where the engine wrote `External error id#N`.
 *
 * The adapter binding keeps each thrown driver error in a registry and hands the engine only
 * its number; the engine's message then reads "External error id#0", which tells the user
 * nothing. Prisma Client resolves these ids itself; the bridge must too.
 *
 * @param {unknown} error
 * @param {ReturnType<typeof startEngine> | undefined} started
 * @returns {Promise<unknown>}
 */
async function withAdapterErrors(error, started) {
  if (!(error instanceof Error) || started === undefined || !/External error id#\d+/.test(error.message)) {
    return error;
  }

  const { errorRegistry } = await started;
  const message = error.message.replace(/External error id#(\d+)/g, (text, id) => {
    const registered = errorRegistry.consumeError(Number(id))?.error;
    return registered instanceof Error ? registered.message : registered ? JSON.stringify(registered) : text;
  });

  return Object.assign(new Error(message, { cause: error }), { name: error.name });
}

/**
 * Without a URL only schema-to-schema work is possible; the schema files say which SQL dialect.
 *
 * @param {Array<[string, string]>} datamodels
 * @param {unknown} params
 */
function schemaOnlyFactory(datamodels, params) {
  const provider = datasourceProvider([...datamodels.map(([, content]) => content), ...schemaTextsIn(params)]);
  if (provider === undefined) {
    throw new BridgeError(
      'bridge.datasource.missing',
      'no datasource url was given to the offline schema engine bridge and no schema file names a ' +
        'provider: set `datasource.url` in prisma.config.ts',
      undefined,
    );
  }
  return schemaOnlyAdapterFactory(provider);
}

/**
 * Collects `files[].content` from diff targets and schema containers anywhere in the params.
 *
 * @param {unknown} value
 * @returns {string[]}
 */
function schemaTextsIn(value) {
  if (Array.isArray(value)) {
    return value.flatMap(schemaTextsIn);
  }
  if (value === null || typeof value !== 'object') {
    return [];
  }
  const own = typeof value.content === 'string' && typeof value.path === 'string' ? [value.content] : [];
  return [...own, ...Object.values(value).flatMap(schemaTextsIn)];
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
