/** An error that maps to one HTTP response: the route's way to say 400, 404 or 413. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra JSON fields of the response body, e.g. the validation issues. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
