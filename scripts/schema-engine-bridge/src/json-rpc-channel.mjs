import { createInterface } from 'node:readline';

/**
 * One JSON-RPC 2.0 message, newline-delimited on the wire.
 *
 * @typedef {object} JsonRpcMessage
 * @property {'2.0'} jsonrpc
 * @property {number | string} [id]
 * @property {string} [method]
 * @property {unknown} [params]
 * @property {unknown} [result]
 * @property {{ code: number, message: string, data?: unknown }} [error]
 */

/**
 * Both directions of the Prisma CLI <-> schema engine conversation over stdio.
 *
 * The CLI sends requests and reads our responses; we also send requests the other way (only
 * `print`, which the CLI answers with `{ result: {} }`). Each line is one JSON message. stdout
 * carries nothing else: a stray log line there would be read as a broken response.
 */
export class JsonRpcChannel {
  /** @type {Map<number, { resolve: (value: unknown) => void, reject: (error: Error) => void }>} */
  #pendingReplies = new Map();
  #nextOutgoingId = 1;
  #output;

  /**
   * @param {NodeJS.ReadableStream} input where the CLI writes (our stdin)
   * @param {NodeJS.WritableStream} output where the CLI reads (our stdout)
   * @param {(request: JsonRpcMessage) => void} onRequest called for each CLI request
   * @param {() => void} onClose called once the CLI has closed our stdin
   */
  constructor(input, output, onRequest, onClose) {
    this.#output = output;

    const lines = createInterface({ input, crlfDelay: Infinity });
    lines.on('line', (line) => this.#receive(line, onRequest));
    lines.on('close', () => {
      for (const pending of this.#pendingReplies.values()) {
        pending.reject(new Error('the Prisma CLI closed the connection before answering'));
      }
      onClose();
    });
  }

  /**
   * Sends a request to the CLI and resolves with its result.
   *
   * @param {string} method e.g. `print`
   * @param {unknown} params
   * @returns {Promise<unknown>}
   */
  request(method, params) {
    // Ids count down from -1 so they can never collide with the CLI's own (positive) ids.
    const id = -this.#nextOutgoingId;
    this.#nextOutgoingId += 1;

    return new Promise((resolve, reject) => {
      this.#pendingReplies.set(id, { resolve, reject });
      this.#send({ jsonrpc: '2.0', id, method, params });
    });
  }

  /**
   * Answers a CLI request with a result.
   *
   * @param {number | string} id the request's id
   * @param {unknown} result
   */
  respond(id, result) {
    // `undefined` would drop the key, and the CLI rejects a response with no `result`.
    this.#send({ jsonrpc: '2.0', id, result: result ?? null });
  }

  /**
   * Answers a CLI request with an error.
   *
   * @param {number | string} id the request's id
   * @param {{ code: number, message: string, data?: unknown }} error
   */
  respondError(id, error) {
    this.#send({ jsonrpc: '2.0', id, error });
  }

  /**
   * Resolves once everything written so far has been handed to the OS.
   *
   * @returns {Promise<void>}
   */
  flush() {
    return new Promise((resolve) => this.#output.write('', () => resolve()));
  }

  /** @param {JsonRpcMessage} message */
  #send(message) {
    this.#output.write(`${JSON.stringify(message)}\n`);
  }

  /**
   * @param {string} line
   * @param {(request: JsonRpcMessage) => void} onRequest
   */
  #receive(line, onRequest) {
    if (line.trim() === '') {
      return;
    }

    let message;
    try {
      message = JSON.parse(line);
    } catch {
      this.#send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: `not JSON: ${line.slice(0, 200)}` } });
      return;
    }

    if (typeof message.method === 'string') {
      onRequest(message);
      return;
    }

    const pending = this.#pendingReplies.get(message.id);
    if (pending !== undefined) {
      this.#pendingReplies.delete(message.id);
      if (message.error !== undefined) {
        pending.reject(new Error(`the Prisma CLI answered with an error: ${JSON.stringify(message.error)}`));
      } else {
        pending.resolve(message.result);
      }
    }
  }
}
