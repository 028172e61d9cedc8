import { types } from 'node:util';

import type { JobErrorRecord } from '../storage/storage-contract.js';

/** Longest error message recorded; longer ones are cut so the write cannot fail on size. */
export const MAX_ERROR_MESSAGE_LENGTH = 8_000;

/** Longest stack recorded. */
export const MAX_ERROR_STACK_LENGTH = 32_000;

/** Longest error type recorded (the storages keep it in a 255-character column). */
export const MAX_ERROR_TYPE_LENGTH = 255;

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 15)}... [truncated]`;
}

/** Text every storage accepts: NUL (which PostgreSQL text refuses) replaced, length bounded. */
function storable(text: string, max: number): string {
  return cut(text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text, max);
}

/** `read()`, or `fallback` when it throws: thrown values may be proxies or carry throwing getters. */
function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function property(value: unknown, key: string): unknown {
  return safely(() => (value as Record<string, unknown>)[key], undefined);
}

/** Any value as text, never throwing: strings as they are, objects as JSON when they can be. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;

  if (typeof value === 'object' && value !== null) {
    const json = safely(() => JSON.stringify(value), undefined);
    if (json !== undefined) return json;
  }
  const fallback = safely(() => Object.prototype.toString.call(value), '[unprintable value]');
  return safely(() => String(value), fallback);
}

/**
 * True for an Error, also one made in another realm (a `vm` context, a sandbox), which fails
 * `instanceof Error` but is an Error all the same.
 */
function isError(thrown: unknown): boolean {
  return types.isNativeError(thrown) || safely(() => thrown instanceof Error, false);
}

/** The class name of a thrown value: `TypeError`, `MyError`, or `string` for a thrown string. */
export function errorTypeOf(thrown: unknown): string {
  if (!isError(thrown)) return thrown === null ? 'null' : typeof thrown;
  const name = property(thrown, 'name');
  if (typeof name === 'string' && name !== '' && name !== 'Error') return storable(name, MAX_ERROR_TYPE_LENGTH);
  const constructorName = property(property(thrown, 'constructor'), 'name');
  return typeof constructorName === 'string' && constructorName !== ''
    ? storable(constructorName, MAX_ERROR_TYPE_LENGTH)
    : 'Error';
}

/**
 * The record of one failed attempt. Total: whatever was thrown (a proxy, an object without a
 * prototype, an Error with odd fields), the record is plain bounded strings every storage can
 * write, so a failed attempt is always recorded and never leaves its job stranded.
 */
export function toErrorRecord(
  thrown: unknown,
  attempt: number,
  serverId: string,
  occurredAt: Date,
): JobErrorRecord {
  const anError = isError(thrown);
  const message = anError ? textOf(property(thrown, 'message')) : textOf(thrown);
  const stack = anError ? property(thrown, 'stack') : undefined;
  return {
    attempt,
    errorType: errorTypeOf(thrown),
    message: storable(message, MAX_ERROR_MESSAGE_LENGTH),
    stack: typeof stack === 'string' ? storable(stack, MAX_ERROR_STACK_LENGTH) : null,
    serverId,
    occurredAt,
  };
}
