/**
 * A failure the demo provokes on purpose, to show retries and final failures. Handlers throw
 * ordinary errors; Atomizer records the class name (`SimulatedFaultError`) and the message
 * with each failed attempt.
 */
export class SimulatedFaultError extends Error {
  override readonly name = 'SimulatedFaultError';

  /** `transient` faults go away on a later attempt; `permanent` ones never do. */
  constructor(
    readonly kind: 'transient' | 'permanent',
    message: string,
  ) {
    super(message);
  }
}
