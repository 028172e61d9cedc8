import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';

const require = createRequire(import.meta.url);

/**
 * Keeps the last panic message of the WASM engine.
 *
 * The wasm-bindgen glue reports a Rust panic by calling
 * `global.PRISMA_WASM_PANIC_REGISTRY.set_message(...)` just before the WASM code traps with a
 * bare `RuntimeError: unreachable`; without this registry the real reason would be lost.
 */
class WasmPanicRegistry {
  /** @type {string | undefined} */
  lastMessage;

  /** @param {string} message */
  set_message(message) {
    this.lastMessage = message;
  }
}

/** The registry the engine's panic hook writes to. */
export const panicRegistry = new WasmPanicRegistry();

/**
 * Instantiates `@prisma/schema-engine-wasm` and returns its bindings (`SchemaEngine`, `version`).
 *
 * The package's own entry point does `import * as wasm from "./schema_engine_bg.wasm"`, which
 * Node 20 only allows behind `--experimental-wasm-modules`. So we wire the module by hand: the
 * WASM imports all come from `./schema_engine_bg.js`, and the glue needs the instance's exports
 * handed back through `__wbg_set_wasm` before `__wbindgen_start` runs.
 *
 * @returns {Promise<typeof bindings>}
 */
export async function loadSchemaEngineWasm() {
  globalThis.PRISMA_WASM_PANIC_REGISTRY = panicRegistry;

  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmBytes = await readFile(gluePath.replace(/\.js$/, '.wasm'));
  const { instance } = await WebAssembly.instantiate(wasmBytes, {
    './schema_engine_bg.js': bindings,
  });

  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();

  return bindings;
}
