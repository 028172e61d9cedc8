import { z } from 'zod';

import { ConfigInvalidError } from '../errors/config-errors.js';

/**
 * Zod building blocks whose error message IS the rule, so a failed parse turns into
 * `<where>: <option> <rule>, got <value>` without a lookup table.
 */

/** An integer in [min, max] (max optional). */
export function integer(min: number, max?: number): z.ZodNumber {
  const rule =
    max === undefined ? `must be an integer >= ${min}` : `must be an integer between ${min} and ${max}`;
  const schema = z.number({ error: rule }).int({ error: rule }).min(min, { error: rule });
  return max === undefined ? schema : schema.max(max, { error: rule });
}

/**
 * Longest duration any option takes: 100 years. A time computed from a duration (`now + delay`)
 * then stays a valid Date that every storage can hold; an unbounded delay could overflow the
 * Date range and leave a job that never runs.
 */
export const MAX_DURATION_MS = 3_155_760_000_000;

/** A duration in milliseconds: an integer >= `min`, at most {@link MAX_DURATION_MS}. */
export function duration(min: number): z.ZodNumber {
  return integer(min).max(MAX_DURATION_MS, {
    error: `must be at most ${MAX_DURATION_MS} (100 years), so the time it gives stays a valid date`,
  });
}

/** A boolean. */
export function flag(): z.ZodBoolean {
  return z.boolean({ error: 'must be a boolean' });
}

/** An object with the given methods (duck-typed, for injected collaborators). */
export function withMethods<T>(methods: readonly string[], rule: string): z.ZodType<T> {
  return z.custom<T>((value) => {
    if (typeof value !== 'object' || value === null) return false;
    const candidate = value as Record<string, unknown>;
    return methods.every((method) => typeof candidate[method] === 'function');
  }, { error: rule });
}

/** Locates an issue for the message: the prefix (`where`) and the option as the user names it. */
export type OptionLocator = (path: ReadonlyArray<PropertyKey>) => { where: string; option: string };

/** A locator with a fixed prefix and the dotted path as the option name. */
export function fixedLocation(where: string): OptionLocator {
  return (path) => ({ where, option: path.map(String).join('.') });
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * Parses `input` with `schema`, or throws a {@link ConfigInvalidError} for the first issue.
 * Unknown keys are reported one by one, as `is not a known option`.
 */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  input: unknown,
  locate: OptionLocator,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;

  const issue = result.error.issues[0];
  if (issue === undefined) {
    throw new ConfigInvalidError({ ...locate([]), rule: 'must be valid', received: input });
  }

  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const path = [...issue.path, key];
    throw new ConfigInvalidError(
      { ...locate(path), rule: 'is not a known option', received: valueAt(input, path) },
      { cause: result.error },
    );
  }

  const rule = issue.path.length === 0 && issue.code === 'invalid_type' ? 'must be an object' : issue.message;
  throw new ConfigInvalidError(
    { ...locate(issue.path), rule, received: valueAt(input, issue.path) },
    { cause: result.error },
  );
}
