/**
 * The schedule operations of PrismaStorage (see ScheduleStorage in @atomizer/core). All but the
 * lease use Prisma's query API; the lease is the dialect's raw statement (dialects/schedule-leases.ts).
 */
import {
  ConfigInvalidError,
  type ScheduleAdvanceParams,
  type ScheduleAdvanceResult,
  type ScheduleLeaseDueParams,
  type ScheduleRecord,
  type ScheduleReleaseParams,
  type ScheduleSetEnabledParams,
  type ScheduleUpsertParams,
  type ScheduleUpsertResult,
} from '@atomizer/core';

import { SCHEDULE_LEASES } from '../dialects/schedule-leases.js';
import { classifyDatabaseError } from '../errors.js';
import { insertJob } from '../operations/job-insert.js';
import { TRANSACTION_OPTIONS, type StorageContext } from '../operations/storage-context.js';
import type { AtomizerScheduleDelegate, AtomizerScheduleRow, PrismaQueryClient } from '../prisma-client-shape.js';
import { scheduleRecordFromRow } from './schedule-records.js';

/** Clears a scheduler lease. */
const NO_LEASE = { leaseToken: null, leaseOwner: null, leaseExpiresAt: null } as const;

/**
 * How often an upsert of a new key runs again after losing the race to create it: the second
 * run finds the row and updates it, so two runs always suffice; the third is slack.
 */
const UPSERT_RUNS = 3;

/** The schedule delegate of `client`. @throws ConfigInvalidError when the schema lacks the model. */
function schedulesOf(client: PrismaQueryClient, operation: string): AtomizerScheduleDelegate {
  if (client.atomizerSchedule !== undefined) return client.atomizerSchedule;
  throw new ConfigInvalidError({
    where: `PrismaStorage.${operation}`,
    option: 'prisma',
    rule: 'must be generated from a schema with the AtomizerSchedule model (copy it from prisma/<provider>/atomizer.prisma and migrate)',
    received: 'a client without atomizerSchedule',
  });
}

/** {@inheritDoc ScheduleStorage.scheduleUpsert} */
export async function upsertSchedule(context: StorageContext, params: ScheduleUpsertParams): Promise<ScheduleUpsertResult> {
  const { prisma, runner } = context;
  schedulesOf(prisma, 'scheduleUpsert');
  const definition = scheduleDefinition(params);

  for (let run = 1; ; run += 1) {
    const result = await runner.run('scheduleUpsert', async () => {
      try {
        return await prisma.$transaction(async (tx) => {
          const schedules = schedulesOf(tx, 'scheduleUpsert');

          // Unchanged timing: every statement below is atomic on its own, so the row always
          // holds a nextRunAt that belongs to its cron and time zone.
          const unchanged = await schedules.updateMany({
            where: {
              key: params.key,
              cron: params.cron,
              timeZone: params.timeZone,
              ...(params.enabled === true ? { enabled: true } : {}),
            },
            data: definition,
          });
          if (unchanged.count === 0) {
            const retimed = await schedules.updateMany({
              where: { key: params.key },
              data: { ...definition, nextRunAt: params.nextRunAt },
            });
            if (retimed.count === 0) {
              await schedules.create({ data: newRow(params, definition), select: { key: true } });
              return { created: true, row: await schedules.findUnique({ where: { key: params.key } }) };
            }
          }
          return { created: false, row: await schedules.findUnique({ where: { key: params.key } }) };
        }, TRANSACTION_OPTIONS);
      } catch (error) {
        // A concurrent upsert created the key first: run again, which now updates it.
        if (run < UPSERT_RUNS && classifyDatabaseError(error).kind === 'unique-violation') return undefined;
        throw error;
      }
    });
    if (result !== undefined && result.row !== null) {
      return { created: result.created, schedule: scheduleRecordFromRow(result.row) };
    }
  }
}

/**
 * The columns an upsert writes on every run: the definition from `params`, no lease, and the
 * new `updatedAt`. `enabled` only when given, so an update keeps the stored state.
 */
function scheduleDefinition(params: ScheduleUpsertParams) {
  return {
    name: params.name,
    queue: params.queue,
    payload: params.payload,
    cron: params.cron,
    timeZone: params.timeZone,
    misfirePolicy: params.misfirePolicy,
    maxCatchUp: params.maxCatchUp,
    maxAttempts: params.maxAttempts,
    ...(params.enabled === undefined ? {} : { enabled: params.enabled }),
    ...NO_LEASE,
    updatedAt: params.now,
  };
}

/** The row an upsert creates for a new key: the definition plus what only creation sets. */
function newRow(params: ScheduleUpsertParams, definition: ReturnType<typeof scheduleDefinition>): AtomizerScheduleRow {
  return {
    ...definition,
    key: params.key,
    enabled: params.enabled ?? true,
    nextRunAt: params.nextRunAt,
    lastEnqueuedAt: null,
    createdAt: params.now,
  };
}

/** {@inheritDoc ScheduleStorage.scheduleSetEnabled} */
export async function setScheduleEnabled(
  context: StorageContext,
  params: ScheduleSetEnabledParams,
): Promise<ScheduleRecord | null> {
  const { prisma, runner } = context;
  schedulesOf(prisma, 'scheduleSetEnabled');

  const row = await runner.run('scheduleSetEnabled', () =>
    prisma.$transaction(async (tx) => {
      const schedules = schedulesOf(tx, 'scheduleSetEnabled');
      // Only a change of state writes; enabling restarts from the given next occurrence.
      await schedules.updateMany({
        where: { key: params.key, enabled: !params.enabled },
        data: {
          enabled: params.enabled,
          ...(params.enabled ? { nextRunAt: params.nextRunAt } : {}),
          ...NO_LEASE,
          updatedAt: params.now,
        },
      });
      return schedules.findUnique({ where: { key: params.key } });
    }, TRANSACTION_OPTIONS),
  );
  return row === null ? null : scheduleRecordFromRow(row);
}

/**
 * {@inheritDoc ScheduleStorage.scheduleAdvance}
 *
 * One interactive transaction. The fenced update comes first: it locks the row (PostgreSQL) or
 * takes the write lock (SQLite) before any job is inserted, and when the token no longer holds
 * nothing else runs. Job inserts skip a taken idempotency key exactly as jobInsert does, without
 * breaking the transaction.
 */
export async function advanceSchedule(context: StorageContext, params: ScheduleAdvanceParams): Promise<ScheduleAdvanceResult> {
  const { prisma, runner } = context;
  schedulesOf(prisma, 'scheduleAdvance');

  return runner.run('scheduleAdvance', () =>
    prisma.$transaction(async (tx) => {
      const fenced = await schedulesOf(tx, 'scheduleAdvance').updateMany({
        where: { key: params.key, leaseToken: params.leaseToken },
        data: {
          nextRunAt: params.nextRunAt,
          lastEnqueuedAt: params.lastEnqueuedAt,
          updatedAt: params.now,
          ...NO_LEASE,
        },
      });
      if (fenced.count !== 1) return { advanced: false, inserted: 0 };

      let inserted = 0;
      for (const job of params.jobs) {
        if ((await insertJob(context, tx, job)).inserted) inserted += 1;
      }
      return { advanced: true, inserted };
    }, TRANSACTION_OPTIONS),
  );
}

/** {@inheritDoc ScheduleStorage.scheduleLeaseDue} */
export async function leaseDueSchedules(context: StorageContext, params: ScheduleLeaseDueParams): Promise<ScheduleRecord[]> {
  const { prisma, dialect, schedulesTable, runner } = context;
  schedulesOf(prisma, 'scheduleLeaseDue');
  const lease = SCHEDULE_LEASES[dialect.provider];
  if (params.limit <= 0) return [];

  const leased = await runner.run('scheduleLeaseDue', () => lease(prisma, schedulesTable, params));
  // RETURNING follows no order; the contract's is lease order.
  return leased.sort(
    (a, b) => (a.nextRunAt?.getTime() ?? 0) - (b.nextRunAt?.getTime() ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** {@inheritDoc ScheduleStorage.scheduleRelease} */
export async function releaseSchedules(context: StorageContext, params: ScheduleReleaseParams): Promise<number> {
  const { prisma, runner } = context;
  const schedules = schedulesOf(prisma, 'scheduleRelease');
  const { count } = await runner.run('scheduleRelease', async () =>
    schedules.updateMany({
      where: { leaseToken: params.leaseToken, ...(params.keys === undefined ? {} : { key: { in: params.keys } }) },
      data: NO_LEASE,
    }),
  );
  return count;
}

/** {@inheritDoc ScheduleStorage.scheduleGet} */
export async function getSchedule(context: StorageContext, key: string): Promise<ScheduleRecord | null> {
  const { prisma, runner } = context;
  const schedules = schedulesOf(prisma, 'scheduleGet');
  const row = await runner.run('scheduleGet', async () => schedules.findUnique({ where: { key } }));
  return row === null ? null : scheduleRecordFromRow(row);
}

/** {@inheritDoc ScheduleStorage.scheduleList} */
export async function listSchedules(context: StorageContext): Promise<ScheduleRecord[]> {
  const { prisma, runner } = context;
  const schedules = schedulesOf(prisma, 'scheduleList');
  const rows = await runner.run('scheduleList', async () => schedules.findMany({ orderBy: { key: 'asc' } }));
  return rows.map(scheduleRecordFromRow);
}

/** {@inheritDoc ScheduleStorage.scheduleDelete} */
export async function deleteSchedule(context: StorageContext, key: string): Promise<boolean> {
  const { prisma, runner } = context;
  const schedules = schedulesOf(prisma, 'scheduleDelete');
  const { count } = await runner.run('scheduleDelete', async () => schedules.deleteMany({ where: { key } }));
  return count > 0;
}
