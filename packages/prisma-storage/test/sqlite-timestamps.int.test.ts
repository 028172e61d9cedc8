import { randomUUID } from 'node:crypto';

import type { JobInsertParams, JobStorage } from '@atomizer/core';
import { beforeAll, expect, it } from 'vitest';

import type { PrismaStorage } from '../src/index.js';
import { describeDatabase } from './support/describe-database.js';
import type { PrismaClient as SqlitePrismaClient } from '../generated/client/sqlite/client.js';

// SQLite has no timestamp type: a DATETIME column holds whatever was written. Prisma's queries
// and the storage's raw lease statement must therefore write the same representation, and
// compare and order it like instants. These tests write with one path and read with the other,
// at millisecond boundaries, in both formats the adapter offers.

/** How @prisma/adapter-better-sqlite3 stores a Date in each `timestampFormat`. */
const STORED_FORMAT = {
  iso8601: { type: 'text', pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/ },
  'unixepoch-ms': { type: 'integer', pattern: /^\d+$/ },
} as const;

const DATE_COLUMNS = ['run_at', 'available_at', 'created_at', 'updated_at'] as const;

function insertParams(runAt: Date, overrides: Partial<JobInsertParams> = {}): JobInsertParams {
  return {
    id: randomUUID(),
    name: 'stamp',
    queue: 'stamps',
    payload: '{}',
    runAt,
    maxAttempts: 3,
    idempotencyKey: null,
    scheduleKey: null,
    now: runAt,
    ...overrides,
  };
}

/** Lease parameters; the lease outlives every instant used here, so no job is leased twice. */
function leaseParams(now: Date, limit = 1) {
  const leaseOwner = 'stamps:*:000000000001';
  return { queue: 'stamps', limit, now, leaseOwner, leaseToken: `${leaseOwner}:*:${randomUUID()}`, leaseExpiresAt: new Date('2099-01-01T00:00:00.000Z') };
}

/** Instants whose ISO texts differ in one digit position each, across every carry boundary. */
const BOUNDARY_INSTANTS = [
  '2029-12-31T23:59:59.999Z',
  '2030-01-01T00:00:00.000Z',
  '2030-01-01T00:00:00.001Z',
  '2030-01-01T00:00:00.009Z',
  '2030-01-01T00:00:00.010Z',
  '2030-01-01T00:00:00.099Z',
  '2030-01-01T00:00:00.100Z',
  '2030-01-01T00:00:00.999Z',
  '2030-01-01T00:00:01.000Z',
  '2030-01-01T00:00:09.999Z',
  '2030-01-01T00:00:10.000Z',
  '2030-01-01T00:59:59.999Z',
  '2030-01-01T01:00:00.000Z',
  '2030-01-09T23:59:59.999Z',
  '2030-01-10T00:00:00.000Z',
  '2030-09-30T23:59:59.999Z',
  '2030-10-01T00:00:00.000Z',
].map((text) => new Date(text));

for (const format of ['iso8601', 'unixepoch-ms'] as const) {
  describeDatabase('sqlite', `timestamps stored as ${format}`, (database) => {
    let prisma: SqlitePrismaClient;
    let storage: PrismaStorage;

    beforeAll(async () => {
      prisma = (await database().openClient({ sqliteTimestampFormat: format })) as SqlitePrismaClient;
      storage = database().storageFor(prisma);
    });

    async function storedValues(id: string): Promise<Array<{ value: unknown; type: string }>> {
      const [row] = await database().query<Record<string, unknown>>(
        `SELECT ${DATE_COLUMNS.map((column) => `${column}, typeof(${column}) AS ${column}_type`).join(', ')} FROM atomizer_jobs WHERE id = ?`,
        [id],
      );
      return DATE_COLUMNS.map((column) => ({ value: row?.[column], type: String(row?.[`${column}_type`]) }));
    }

    it('the raw lease writes timestamps in exactly the format Prisma writes them', async () => {
      await database().truncate();
      const now = new Date('2030-01-01T00:00:00.007Z');
      const params = insertParams(now);
      await storage.jobInsert(params);
      const writtenByPrisma = await storedValues(params.id);

      await storage.jobLease(leaseParams(new Date('2030-01-01T00:00:00.020Z')));
      const writtenByLease = await storedValues(params.id);

      for (const stored of [...writtenByPrisma, ...writtenByLease]) {
        expect(stored.type).toBe(STORED_FORMAT[format].type);
        expect(String(stored.value)).toMatch(STORED_FORMAT[format].pattern);
      }
    });

    it('the raw lease compares Prisma-written times exactly at millisecond boundaries', async () => {
      await database().truncate();
      for (const runAt of BOUNDARY_INSTANTS) {
        await storage.jobInsert(insertParams(runAt, { id: `${runAt.getTime()}` }));
      }

      // Each lease call is made exactly at one instant: it must take that job and nothing later.
      const leasedAt: string[] = [];
      for (const instant of BOUNDARY_INSTANTS) {
        const leased = await storage.jobLease(leaseParams(instant, 100));
        leasedAt.push(leased.map((job) => job.id).join(','));
      }

      expect(leasedAt).toEqual(BOUNDARY_INSTANTS.map((instant) => `${instant.getTime()}`));
    });

    it('the raw lease orders Prisma-written times like the instants they are', async () => {
      await database().truncate();
      const shuffled = [...BOUNDARY_INSTANTS].sort(() => Math.random() - 0.5);
      for (const runAt of shuffled) {
        await storage.jobInsert(insertParams(runAt, { id: `${runAt.getTime()}` }));
      }

      const order: number[] = [];
      const farFuture = new Date('2031-01-01T00:00:00.000Z');
      for (let call = 0; call < BOUNDARY_INSTANTS.length; call += 1) {
        const [job] = await storage.jobLease(leaseParams(farFuture, 1));
        order.push(job!.runAt.getTime());
      }

      expect(order).toEqual(BOUNDARY_INSTANTS.map((instant) => instant.getTime()));
    });

    it('Prisma reads and compares times the raw lease wrote, to the millisecond', async () => {
      await database().truncate();
      const params = insertParams(new Date('2030-01-01T00:00:00.000Z'));
      await storage.jobInsert(params);
      const lease = { ...leaseParams(new Date('2030-01-01T00:00:00.001Z')), leaseExpiresAt: new Date('2030-01-01T00:00:59.999Z') };
      await storage.jobLease(lease);

      const read = await storage.jobGet({ id: params.id });
      const atExpiry = await prisma.atomizerJob.count({ where: { availableAt: { lte: lease.leaseExpiresAt } } });
      const justBefore = await prisma.atomizerJob.count({ where: { availableAt: { lt: lease.leaseExpiresAt } } });
      const justAfter = await prisma.atomizerJob.count({ where: { availableAt: { gte: new Date(lease.leaseExpiresAt.getTime() + 1) } } });

      expect(read?.availableAt?.toISOString()).toBe('2030-01-01T00:00:59.999Z');
      expect(read?.updatedAt.toISOString()).toBe('2030-01-01T00:00:00.001Z');
      expect([atExpiry, justBefore, justAfter]).toEqual([1, 0, 0]);
    });

    it('heartbeats stamped with the database clock use the same format', async () => {
      await database().truncate();
      const serverId = `stamps:*:${randomUUID().slice(0, 12)}`;

      await (storage as JobStorage).serverHeartbeat({ serverId, instanceId: 'stamps', host: 'h', pid: 1, startedAt: new Date(), queues: ['stamps'] });

      const [row] = await database().query<{ value: unknown; type: string }>(
        'SELECT last_heartbeat_at AS value, typeof(last_heartbeat_at) AS type FROM atomizer_servers WHERE server_id = ?',
        [serverId],
      );
      expect(row?.type).toBe(STORED_FORMAT[format].type);
      expect(String(row?.value)).toMatch(STORED_FORMAT[format].pattern);
      const [server] = await storage.serverList();
      expect(Math.abs(server!.lastHeartbeatAt.getTime() - Date.now())).toBeLessThan(60_000);
    });
  });
}
