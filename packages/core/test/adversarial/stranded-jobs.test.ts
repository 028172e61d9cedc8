import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { defineJob, type Logger } from '../../src/index.js';
import { waitFor } from '../../src/testing/index.js';
import { adversarialWorld, expectStorable, stopServersAfterEach } from './support.js';

stopServersAfterEach();

/** Schemas that pass at enqueue and throw (rather than report an issue) once `broken` is set. */
function throwingSchemas(state: { broken: boolean }): Array<[string, z.ZodType]> {
  const check = (): void => {
    if (state.broken) throw new TypeError('schema code threw');
  };
  return [
    ['a refinement', z.object({ n: z.number() }).refine(() => (check(), true))],
    ['a transform', z.object({ n: z.number() }).transform((value) => (check(), value))],
    ['an async refinement', z.object({ n: z.number() }).refine(async () => (check(), true))],
    ['a preprocess step', z.preprocess((value) => (check(), value), z.object({ n: z.number() }))],
    ['a superRefine', z.object({ n: z.number() }).superRefine(() => check())],
  ];
}

describe('[memory] adversarial: a schema that throws at run time fails the attempt, never strands the job', () => {
  it.each(throwingSchemas({ broken: false }).map(([label], index) => [label, index] as const))(
    'a job whose schema (%s) throws is retried by policy, then failed with the error recorded',
    async (_label, index) => {
      const state = { broken: false };
      const schema = throwingSchemas(state)[index]?.[1] as z.ZodType;
      const world = adversarialWorld();
      let handlerCalls = 0;
      const job = defineJob({
        name: 'throwing-schema',
        schema,
        maxAttempts: 2,
        handler: () => {
          handlerCalls += 1;
        },
      });
      const id = await world.client([job]).enqueue(job, { n: 1 });
      state.broken = true;
      const server = world.server({
        jobs: [job],
        queues: { default: { pollIntervalMs: 10, retry: { kind: 'fixed', delayMs: 0, maxAttempts: 3 } } },
      });

      await server.start();
      const stored = await waitFor(async () => {
        const details = await world.storage.jobGet({ id });
        return details?.status === 'failed' ? details : undefined;
      }, { timeoutMs: 3_000, description: 'the job failed for good' });
      await server.stop();

      expect(handlerCalls).toBe(0);
      expect(stored.attempts).toBe(2);
      expect(stored.errors.map((error) => error.message)).toEqual(['schema code threw', 'schema code threw']);
      stored.errors.forEach(expectStorable);
    },
  );

  it('a clean stop leaves no job processing, whatever the schema did', async () => {
    const state = { broken: false };
    const world = adversarialWorld();
    const jobs = throwingSchemas(state).map(([, schema], index) =>
      defineJob({ name: `throwing-schema-${index}`, schema, maxAttempts: 1, handler: () => undefined }),
    );
    const client = world.client(jobs);
    for (const job of jobs) await client.enqueue(job, { n: 1 });
    state.broken = true;
    const server = world.server({ jobs, queues: { default: { pollIntervalMs: 10, parallelism: 10 } } });

    await server.start();
    await waitFor(async () => (await world.storage.jobCount({})).pending === 0, {
      timeoutMs: 3_000,
      description: 'every job leased',
    });
    await server.stop();

    expect(await world.storage.jobCount({})).toEqual({
      pending: 0,
      processing: 0,
      completed: 0,
      failed: jobs.length,
    });
  });
});

/** A logger whose per-job children throw: only the runner's job-level logging breaks. */
function loggerBreakingPerJob(base: Logger): Logger {
  const wrap = (logger: Logger): Logger => ({
    debug: logger.debug.bind(logger),
    info: logger.info.bind(logger),
    warn: logger.warn.bind(logger),
    error: logger.error.bind(logger),
    child(bindings) {
      if ('jobId' in bindings) throw new RangeError('logger refuses job bindings');
      return wrap(logger.child(bindings));
    },
  });
  return wrap(base);
}

describe('[memory] adversarial: the runner never strands a job it cannot run', () => {
  it('a runner that throws before the handler (here: a broken logger) fails the attempt instead of leaving the job processing', async () => {
    const world = adversarialWorld();
    let handlerCalls = 0;
    const job = defineJob({
      name: 'broken-logger',
      schema: z.object({}),
      maxAttempts: 2,
      handler: () => {
        handlerCalls += 1;
      },
    });
    const id = await world.client([job]).enqueue(job, {});
    const server = world.server({
      jobs: [job],
      logger: loggerBreakingPerJob(world.logger),
      queues: { default: { pollIntervalMs: 10, retry: { kind: 'fixed', delayMs: 0, maxAttempts: 3 } } },
    });

    await server.start();
    const stored = await waitFor(async () => {
      const details = await world.storage.jobGet({ id });
      return details?.status === 'failed' ? details : undefined;
    }, { timeoutMs: 3_000, description: 'the job failed for good' });
    await server.stop();

    expect(handlerCalls).toBe(0);
    expect(stored.errors.map((error) => error.errorType)).toEqual(['InternalError', 'InternalError']);
    expect(stored.errors[0]?.message).toContain('threw unexpectedly');
  });
});
