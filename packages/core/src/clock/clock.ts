/**
 * A source of the current time. The server, the client and the in-memory storage read time only
 * through a clock, so tests can move time forward instead of waiting for it.
 */
export interface Clock {
  /** The current time. */
  now(): Date;
}

/** The wall clock (`new Date()`). */
export const systemClock: Clock = {
  now: () => new Date(),
};
