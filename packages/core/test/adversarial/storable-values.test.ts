import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  AtomizerClient,
  AtomizerServer,
  ClockInvalidError,
  ConfigInvalidError,
  defineJob,
  InMemoryStorage,
  JobKeyInvalidError,
  ScheduleKeyInvalidError,
  type Clock,
} from '../../src/index.js';
import { waitFor } from '../../src/testing/wait-for.js';
import { capturingLogger, silentLogger } from '../helpers.js';

/** The latest instant MySQL DATETIME(3), SQL Server DATETIME2 and the ISO form all hold. */
const LATEST = new Date('9999-12-31T23:59:59.999Z');
const NO_JOBS = { pending: 0, processing: 0, completed: 0, failed: 0 };

const job = defineJob({ name: 'stored', schema: z.object({}), handler: () => undefined });

/** A clock that returns whatever it is set to, valid or not. */
class SettableClock implements Clock {
  constructor(public reading: unknown = new Date('2030-01-01T00:00:00.000Z')) {}

  now(): Date {
    return this.reading as Date;
  }
}

function newClient(clock: Clock = new SettableClock()): { client: AtomizerClient; storage: InMemoryStorage } {
  const storage = new InMemoryStorage();
  return { client: new AtomizerClient({ storage, jobs: [job], logger: silentLogger, clock }), storage };
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (thrown: unknown) => thrown as Error,
  );
}

describe('[memory] adversarial: values no SQL storage can hold are refused in core', () => {
  it('an idempotency key with a NUL character is refused with a JobKeyInvalidError naming the rule', async () => {
    const { client, storage } = newClient();

    const error = await rejectionOf(client.enqueue(job, {}, { idempotencyKey: 'a\u0000b' }));

    expect(error).toBeInstanceOf(JobKeyInvalidError);
    expect(error.message).toMatch(/idempotencyKey must not contain NUL characters/);
    expect(await storage.jobCount({})).toEqual(NO_JOBS);
  });

  it('an instanceId with a NUL character is refused at construction', () => {
    const storage = new InMemoryStorage();

    const construct = (): unknown => new AtomizerServer({ storage, jobs: [job], logger: silentLogger, instanceId: 'web\u00001' });

    expect(construct).toThrow(ConfigInvalidError);
    expect(construct).toThrow(/instanceId .*NUL/);
  });

  it('a schedule key with a NUL character is refused with a ScheduleKeyInvalidError', async () => {
    const { client } = newClient();

    const error = await rejectionOf(client.scheduleRecurring('nightly\u0000', job, {}, '@daily'));

    expect(error).toBeInstanceOf(ScheduleKeyInvalidError);
  });

  it('runAt after 9999-12-31T23:59:59.999Z is refused naming the limit; the limit itself is stored', async () => {
    const { client, storage } = newClient();

    const error = await rejectionOf(client.enqueueAt(job, {}, new Date(LATEST.getTime() + 1)));
    const id = await client.enqueueAt(job, {}, LATEST);

    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect(error.message).toMatch(/runAt must be at most 9999-12-31T23:59:59\.999Z/);
    expect((await storage.jobGet({ id }))?.runAt).toEqual(LATEST);
    expect(await storage.jobCount({})).toMatchObject({ pending: 1 });
  });

  it('a delayMs that carries the run time past 9999-12-31 is refused naming delayMs', async () => {
    const { client, storage } = newClient(new SettableClock(new Date('9999-12-31T00:00:00.000Z')));

    const error = await rejectionOf(client.enqueueIn(job, {}, 86_400_000));

    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect(error.message).toMatch(/delayMs must keep the run time at most 9999-12-31T23:59:59\.999Z/);
    expect(await storage.jobCount({})).toEqual(NO_JOBS);
  });

  it.each([
    ['1969-12-31T23:59:59.999Z', new Date('1969-12-31T23:59:59.999Z')],
    ['year 1', new Date('0001-01-01T00:00:00.000Z')],
    ['the earliest Date', new Date(-8.64e15)],
  ])('runAt before 1970 (%s) means due now: stored as 1970-01-01T00:00:00.000Z', async (_label, runAt) => {
    const { client, storage } = newClient();

    const id = await client.enqueueAt(job, {}, runAt);

    expect((await storage.jobGet({ id }))?.runAt).toEqual(new Date(0));
  });

  it.each([
    ['an Invalid Date', new Date(Number.NaN)],
    ['a string', '2030-01-01'],
    ['null', null],
    ['a Date before 1970', new Date('1969-07-20T20:17:00.000Z')],
    ['a Date after 9999', new Date('+010000-01-01T00:00:00.000Z')],
  ])('a client clock returning %s fails the enqueue loudly and stores nothing', async (_label, reading) => {
    const { client, storage } = newClient(new SettableClock(reading));

    const error = await rejectionOf(client.enqueue(job, {}));

    expect(error).toBeInstanceOf(ClockInvalidError);
    expect(error.message).toMatch(/AtomizerClient: clock now\(\) must return a valid Date between 1970-01-01T00:00:00\.000Z and 9999-12-31T23:59:59\.999Z/);
    expect(await storage.jobCount({})).toEqual(NO_JOBS);
  });

  it('a server clock returning an Invalid Date fails start() loudly', async () => {
    const storage = new InMemoryStorage();
    const server = new AtomizerServer({ storage, jobs: [job], logger: silentLogger, clock: new SettableClock(new Date(Number.NaN)) });

    const error = await rejectionOf(server.start());

    expect(error).toBeInstanceOf(ClockInvalidError);
    expect(error.message).toMatch(/AtomizerServer: clock now\(\) must return a valid Date/);
    expect(await storage.serverList()).toEqual([]);
  });

  it('a server clock turning invalid while running leases nothing, logs the clock error, and still stops', async () => {
    const storage = new InMemoryStorage();
    const clock = new SettableClock(new Date());
    const { logger, lines } = capturingLogger();
    const server = new AtomizerServer({ storage, jobs: [job], logger, clock, queues: { default: { pollIntervalMs: 10 } } });
    await server.start();
    clock.reading = new Date(Number.NaN);
    const client = new AtomizerClient({ storage, jobs: [job], logger: silentLogger });

    await client.enqueue(job, {});
    await waitFor(() => lines.some((line) => /clock now\(\) must return a valid Date/.test(JSON.stringify(line))));
    await server.stop();

    expect(await storage.jobCount({})).toEqual({ ...NO_JOBS, pending: 1 });
  });

  it('a clock that is invalid for a while does not stop the scheduler for good', async () => {
    const storage = new InMemoryStorage();
    const broken = { on: false };
    const clock: Clock = { now: () => (broken.on ? new Date(Number.NaN) : new Date()) };
    const { logger, lines } = capturingLogger();
    const client = new AtomizerClient({ storage, jobs: [job], logger: silentLogger });
    await client.scheduleRecurring('every-second', job, {}, '* * * * * *');
    const server = new AtomizerServer({
      storage,
      jobs: [job],
      logger,
      clock,
      queues: { default: { pollIntervalMs: 10 } },
      scheduler: { pollIntervalMs: 20, leadTimeMs: 0, misfireThresholdMs: 60_000 },
    });
    await server.start();
    broken.on = true;
    await waitFor(() => lines.filter((line) => JSON.stringify(line).includes('CONFIG.CLOCK_INVALID')).length >= 3);

    broken.on = false;
    const before = (await storage.jobCount({})).completed;
    await waitFor(async () => (await storage.jobCount({})).completed > before, { description: 'an occurrence ran after the clock recovered' });
    await server.stop();

    expect(lines.some((line) => line.msg === 'scheduler stopped: the storage cannot lease schedules')).toBe(false);
  });
});
