/**
 * An error the demo raises itself (bad arguments, a database it cannot use, a run that did
 * not go as designed). `code` is dotted like the library's error codes so a log search finds
 * every occurrence; `received` is the offending value, when there is one.
 */
export class DemoError extends Error {
  override readonly name = 'DemoError';

  constructor(
    readonly code: string,
    message: string,
    readonly received?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
