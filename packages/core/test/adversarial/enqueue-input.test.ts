import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  AtomizerClient,
  ConfigInvalidError,
  defineJob,
  InMemoryStorage,
  JobKeyInvalidError,
  JobNotRegisteredError,
  JobPayloadInvalidError,
  JobPayloadNotSerializableError,
  JobPayloadTooLargeError,
  JobQueueError,
  QueueNameInvalidError,
  type AnyJobDefinition,
} from '../../src/index.js';
import { silentLogger } from '../helpers.js';

const MAX_PAYLOAD_BYTES = 64;

const registered = defineJob({
  name: 'registered',
  schema: z.object({ text: z.string(), n: z.number().optional() }),
  handler: () => undefined,
});

function newClient(): { client: AtomizerClient; storage: InMemoryStorage } {
  const storage = new InMemoryStorage();
  const client = new AtomizerClient({ storage, jobs: [registered], logger: silentLogger, maxPayloadBytes: MAX_PAYLOAD_BYTES });
  return { client, storage };
}

/** `{"text":"<text>"}` is 11 bytes plus the UTF-8 bytes of `text`. */
function textOfBytes(bytes: number, char: string): string {
  const charBytes = Buffer.byteLength(char, 'utf8');
  return char.repeat(Math.floor((bytes - 11) / charBytes)) + 'a'.repeat((bytes - 11) % charBytes);
}

type Call = (client: AtomizerClient) => Promise<unknown>;
const asJob = (value: unknown): AnyJobDefinition => value as AnyJobDefinition;
const cyclic = (): Record<string, unknown> => {
  const value: Record<string, unknown> = { text: 'x' };
  value.self = value;
  return value;
};

/** Bad calls: what each must throw (class, code, and a message fragment naming value and rule). */
const BAD_CALLS: Array<[string, Call, new (...args: never[]) => JobQueueError, string, RegExp]> = [
  ['job undefined', (c) => c.enqueue(asJob(undefined), {}), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /job must be a job definition made by defineJob.*got undefined/],
  ['job null', (c) => c.enqueue(asJob(null), {}), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /job must be a job definition.*got null/],
  ['job given by name', (c) => c.enqueue(asJob('registered'), {}), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /job must be a job definition.*got "registered"/],
  ['job look-alike object', (c) => c.enqueue(asJob({ name: 'registered', schema: z.any() }), {}), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /job must be a job definition/],
  ['enqueueAt job undefined', (c) => c.enqueueAt(asJob(undefined), {}, new Date()), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /job must be a job definition/],
  ['enqueueIn job undefined', (c) => c.enqueueIn(asJob(undefined), {}, 10), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /job must be a job definition/],
  ['a definition not given to the client', (c) => c.enqueue(defineJob({ name: 'other', schema: z.any(), handler: () => undefined }), {}), JobNotRegisteredError, 'JOB.NOT_REGISTERED', /job "other" is not registered/],
  ['another definition with a registered name', (c) => c.enqueue(defineJob({ name: 'registered', schema: z.any(), handler: () => undefined }), {}), JobNotRegisteredError, 'JOB.NOT_REGISTERED', /job "registered" is not registered/],
  ['payload undefined', (c) => c.enqueue(registered, undefined as never), JobPayloadNotSerializableError, 'JOB.PAYLOAD_NOT_SERIALIZABLE', /payload must be JSON-serializable/],
  ['payload a function', (c) => c.enqueue(registered, (() => 1) as never), JobPayloadNotSerializableError, 'JOB.PAYLOAD_NOT_SERIALIZABLE', /payload must be JSON-serializable/],
  ['payload with a BigInt', (c) => c.enqueue(registered, { text: 'x', n: 1n } as never), JobPayloadNotSerializableError, 'JOB.PAYLOAD_NOT_SERIALIZABLE', /BigInt/],
  ['payload with a cycle', (c) => c.enqueue(registered, cyclic() as never), JobPayloadNotSerializableError, 'JOB.PAYLOAD_NOT_SERIALIZABLE', /circular/],
  ['payload with NaN (JSON null)', (c) => c.enqueue(registered, { text: 'x', n: Number.NaN }), JobPayloadInvalidError, 'JOB.PAYLOAD_INVALID', /n: /],
  ['payload 1 byte over the limit in 2-byte UTF-8', (c) => c.enqueue(registered, { text: textOfBytes(MAX_PAYLOAD_BYTES + 1, 'é') }), JobPayloadTooLargeError, 'JOB.PAYLOAD_TOO_LARGE', /at most 64 bytes \(maxPayloadBytes\), got 65/],
  ['payload 1 byte over the limit in 4-byte UTF-8', (c) => c.enqueue(registered, { text: textOfBytes(MAX_PAYLOAD_BYTES + 1, '😀') }), JobPayloadTooLargeError, 'JOB.PAYLOAD_TOO_LARGE', /got 65/],
  ['queue with a space', (c) => c.enqueue(registered, { text: 'x' }, { queue: 'a b' }), QueueNameInvalidError, 'QUEUE.NAME_INVALID', /queue name must match .*got "a b"/],
  ['queue in unicode', (c) => c.enqueue(registered, { text: 'x' }, { queue: 'wärme' }), QueueNameInvalidError, 'QUEUE.NAME_INVALID', /got "wärme"/],
  ['queue ".."', (c) => c.enqueue(registered, { text: 'x' }, { queue: '..' }), QueueNameInvalidError, 'QUEUE.NAME_INVALID', /got "\.\."/],
  ['queue ":*:"', (c) => c.enqueue(registered, { text: 'x' }, { queue: ':*:' }), QueueNameInvalidError, 'QUEUE.NAME_INVALID', /got ":\*:"/],
  ['queue empty', (c) => c.enqueue(registered, { text: 'x' }, { queue: '' }), QueueNameInvalidError, 'QUEUE.NAME_INVALID', /got ""/],
  ['queue of 101 characters', (c) => c.enqueue(registered, { text: 'x' }, { queue: 'q'.repeat(101) }), QueueNameInvalidError, 'QUEUE.NAME_INVALID', /1-100 letters/],
  ['queue not a string', (c) => c.enqueue(registered, { text: 'x' }, { queue: 7 as never }), QueueNameInvalidError, 'QUEUE.NAME_INVALID', /got 7/],
  ['idempotencyKey empty', (c) => c.enqueue(registered, { text: 'x' }, { idempotencyKey: '' }), JobKeyInvalidError, 'JOB.KEY_INVALID', /idempotencyKey must be a string of 1-255 characters, got ""/],
  ['idempotencyKey of 256 characters', (c) => c.enqueue(registered, { text: 'x' }, { idempotencyKey: 'k'.repeat(256) }), JobKeyInvalidError, 'JOB.KEY_INVALID', /1-255 characters/],
  ['idempotencyKey not a string', (c) => c.enqueue(registered, { text: 'x' }, { idempotencyKey: 5 as never }), JobKeyInvalidError, 'JOB.KEY_INVALID', /got 5/],
  ['runAt an invalid Date', (c) => c.enqueue(registered, { text: 'x' }, { runAt: new Date(Number.NaN) }), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /runAt must be a valid Date, got Invalid Date/],
  ['runAt a string', (c) => c.enqueue(registered, { text: 'x' }, { runAt: '2030-01-01' as never }), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /runAt must be a valid Date/],
  ['enqueueAt an invalid Date', (c) => c.enqueueAt(registered, { text: 'x' }, new Date('nope')), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /runAt must be a valid Date/],
  ['runAt with delayMs', (c) => c.enqueue(registered, { text: 'x' }, { runAt: new Date(), delayMs: 5 }), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /runAt must not be combined with delayMs/],
  ['enqueueIn with a runAt option', (c) => c.enqueueIn(registered, { text: 'x' }, 5, { runAt: new Date() } as never), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /must not be combined with delayMs/],
  ['delayMs negative', (c) => c.enqueue(registered, { text: 'x' }, { delayMs: -1 }), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /delayMs must be an integer >= 0, got -1/],
  ['delayMs NaN', (c) => c.enqueueIn(registered, { text: 'x' }, Number.NaN), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /delayMs must be an integer >= 0, got NaN/],
  ['delayMs fractional', (c) => c.enqueueIn(registered, { text: 'x' }, 1.5), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /got 1\.5/],
  ['maxAttempts 0', (c) => c.enqueue(registered, { text: 'x' }, { maxAttempts: 0 }), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /maxAttempts must be an integer between 1 and 1000, got 0/],
  ['maxAttempts -1', (c) => c.enqueue(registered, { text: 'x' }, { maxAttempts: -1 }), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /got -1/],
  ['maxAttempts 1.5', (c) => c.enqueue(registered, { text: 'x' }, { maxAttempts: 1.5 }), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /got 1\.5/],
  ['maxAttempts huge', (c) => c.enqueue(registered, { text: 'x' }, { maxAttempts: 1e9 }), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /got 1000000000/],
  ['an unknown option', (c) => c.enqueue(registered, { text: 'x' }, { priority: 1 } as never), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /priority is not a known option, got 1/],
  ['options not an object', (c) => c.enqueue(registered, { text: 'x' }, 'soon' as never), ConfigInvalidError, 'CONFIG.INVALID_OPTION', /must be an object, got "soon"/],
];

describe('[memory] adversarial: bad enqueue input', () => {
  it.each(BAD_CALLS)('%s: a clear JobQueueError and nothing stored', async (_label, call, errorClass, code, message) => {
    const { client, storage } = newClient();

    const error: unknown = await call(client).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
    expect(await storage.jobCount({})).toEqual({ pending: 0, processing: 0, completed: 0, failed: 0 });
  });

  it.each([
    ['2-byte', 'é'],
    ['3-byte', '€'],
    ['4-byte', '😀'],
  ])('a payload of exactly maxPayloadBytes in %s UTF-8 is accepted and stored byte for byte', async (_label, char) => {
    const { client, storage } = newClient();
    const text = textOfBytes(MAX_PAYLOAD_BYTES, char);

    const id = await client.enqueue(registered, { text });

    const stored = await storage.jobGet({ id });
    expect(Buffer.byteLength(stored?.payload ?? '', 'utf8')).toBe(MAX_PAYLOAD_BYTES);
    expect(JSON.parse(stored?.payload ?? 'null')).toEqual({ text });
  });

  it('a Date in a payload is checked as its JSON form (an ISO string), so a z.date() schema refuses it at enqueue', async () => {
    const { storage } = newClient();
    const dated = defineJob({ name: 'dated', schema: z.object({ at: z.date() }), handler: () => undefined });
    const client = new AtomizerClient({ storage, jobs: [dated], logger: silentLogger });

    const attempt = client.enqueue(dated, { at: new Date(0) });

    await expect(attempt).rejects.toBeInstanceOf(JobPayloadInvalidError);
    await expect(attempt).rejects.toThrow(/at: /);
    expect(await storage.jobCount({})).toEqual({ pending: 0, processing: 0, completed: 0, failed: 0 });
  });

  it('scheduleRecurring with a value that is not a job definition fails with a JobQueueError, not a TypeError', async () => {
    const { client } = newClient();

    const error: unknown = await client.scheduleRecurring('key', asJob(undefined), {}, '* * * * *').then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    expect(error).toBeInstanceOf(JobQueueError);
  });
});
