/**
 * A failure of the bridge itself (not of the engine), reported to the CLI as a JSON-RPC error.
 *
 * `code` is a stable dotted identifier for tests and logs; `value` is the offending input.
 */
export class BridgeError extends Error {
  /**
   * @param {string} code dotted identifier, e.g. `bridge.datasource.unsupported`
   * @param {string} message one line naming the value and the rule
   * @param {unknown} value the offending value
   * @param {{ cause?: unknown }} [options]
   */
  constructor(code, message, value, options) {
    super(message, options);
    this.name = 'BridgeError';
    this.code = code;
    this.value = value;
  }
}
