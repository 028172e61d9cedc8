import type { JobErrorRecord } from '../storage/storage-contract.js';

/** Longest error message recorded; longer ones are cut so the write cannot fail on size. */
export const MAX_ERROR_MESSAGE_LENGTH = 8_000;

/** Longest stack recorded. */
export const MAX_ERROR_STACK_LENGTH = 32_000;

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 15)}... [truncated]`;
}

/** The class name of a thrown value: `TypeError`, `MyError`, or `string` for a thrown string. */
export function errorTypeOf(thrown: unknown): string {
  if (!(thrown instanceof Error)) return thrown === null ? 'null' : typeof thrown;
  if (thrown.name !== '' && thrown.name !== 'Error') return thrown.name;
  return thrown.constructor?.name || 'Error';
}

/** The record of one failed attempt. */
export function toErrorRecord(
  thrown: unknown,
  attempt: number,
  serverId: string,
  occurredAt: Date,
): JobErrorRecord {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const stack = thrown instanceof Error && typeof thrown.stack === 'string' ? thrown.stack : null;
  return {
    attempt,
    errorType: errorTypeOf(thrown),
    message: cut(message, MAX_ERROR_MESSAGE_LENGTH),
    stack: stack === null ? null : cut(stack, MAX_ERROR_STACK_LENGTH),
    serverId,
    occurredAt,
  };
}
