import { describe, expect, it } from 'vitest';
import { BridgeError } from '../src/bridge-error.mjs';
import { toJsonRpcError } from '../src/to-json-rpc-error.mjs';

describe('toJsonRpcError', () => {
  it('carries a Prisma error code the engine put in the error name, so the CLI prefixes it', () => {
    const engineError = Object.assign(new Error('The database schema is not empty.'), { name: 'P3005' });

    const rpcError = toJsonRpcError(engineError, undefined);

    expect(rpcError.data).toEqual({ is_panic: false, message: 'The database schema is not empty.', error_code: 'P3005' });
  });

  it('gives every other engine error a data.message, without which the CLI dumps raw JSON', () => {
    const engineError = Object.assign(new Error('relation "x" already exists'), { name: 'SchemaConnectorError' });

    expect(toJsonRpcError(engineError, undefined).data).toEqual({ is_panic: false, message: 'relation "x" already exists' });
  });

  it('reports a WASM trap as a panic with the message the panic hook recorded', () => {
    const trap = new WebAssembly.RuntimeError('unreachable');

    const rpcError = toJsonRpcError(trap, 'panicked at engine.rs: boom');

    expect(rpcError.data).toMatchObject({ is_panic: true, message: 'panicked at engine.rs: boom' });
  });

  it('keeps the bridge error code and value for callers that inspect them', () => {
    const error = new BridgeError('bridge.datasource.unsupported', 'scheme "mysql:" is not supported', 'mysql');

    expect(toJsonRpcError(error, undefined).data).toEqual({
      is_panic: false,
      message: 'scheme "mysql:" is not supported',
      meta: { code: 'bridge.datasource.unsupported', value: 'mysql' },
    });
  });
});
