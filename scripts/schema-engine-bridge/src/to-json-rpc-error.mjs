import { BridgeError } from './bridge-error.mjs';

/** JSON-RPC "server error" code; the CLI only looks at `error.data`. */
const SERVER_ERROR = -32000;

/**
 * Shapes a failure the way the Prisma CLI reads schema-engine errors.
 *
 * The CLI (`SchemaEngineCLI.runCommand`) shows `error.data.message`, prefixes it with
 * `error.data.error_code` when present (e.g. `P3005`), and treats `error.data.is_panic` as an
 * engine crash (with a bug-report prompt). Without `data.message` it prints the raw request and
 * response instead, which is unreadable, so every error here carries one.
 *
 * @param {unknown} error what the engine or the bridge threw
 * @param {string | undefined} panicMessage the WASM panic hook's message, when it fired
 * @returns {{ code: number, message: string, data: object }}
 */
export function toJsonRpcError(error, panicMessage) {
  const message = error instanceof Error ? error.message : String(error);

  if (isWasmPanic(error)) {
    const reason = panicMessage ?? message;
    return {
      code: SERVER_ERROR,
      message: reason,
      data: { is_panic: true, message: reason, error: { message: reason }, backtrace: error.stack },
    };
  }

  if (error instanceof BridgeError) {
    return {
      code: SERVER_ERROR,
      message,
      data: { is_panic: false, message, meta: { code: error.code, value: error.value } },
    };
  }

  // The WASM engine reports known errors as `Error` named after their Prisma code (P3005, ...),
  // and everything else under a kind such as `SchemaConnectorError`.
  const name = error instanceof Error ? error.name : undefined;
  const errorCode = name !== undefined && /^P\d{4}$/.test(name) ? name : undefined;

  return {
    code: SERVER_ERROR,
    message,
    data: { is_panic: false, message, ...(errorCode === undefined ? {} : { error_code: errorCode }) },
  };
}

/**
 * A Rust panic inside the WASM engine surfaces as a trap (`RuntimeError: unreachable`).
 *
 * @param {unknown} error
 * @returns {error is Error}
 */
export function isWasmPanic(error) {
  return error instanceof WebAssembly.RuntimeError || (error instanceof Error && error.name === 'RuntimeError');
}
