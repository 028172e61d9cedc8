/**
 * The MySQL lease must be served by an index that satisfies its ORDER BY: a locking read that
 * has to sort takes a lock on every row it scanned, not only on the rows it returns.
 */
import { randomUUID } from 'node:crypto';

import { raw, sqltag as sql } from '@prisma/client/runtime/client';
import { expect, it } from 'vitest';

import { MYSQL_SCHEDULE_LEASE_INDEX, mysqlScheduleLeaseSelect } from '../../src/dialects/mysql-schedules.js';
import { MYSQL_LEASE_INDEX, mysqlLeaseSelect } from '../../src/dialects/mysql.js';
import type { PrismaClient as MysqlPrismaClient } from '../../generated/client/mysql/client.js';
import { describeDatabase } from '../support/describe-database.js';

/** Due jobs in two queues, plus finished ones (NULL available_at), inserted in one statement. */
async function seedJobs(query: (text: string) => Promise<unknown>, due: number, finished: number): Promise<void> {
  const now = Date.now();
  const rows: string[] = [];
  for (let index = 0; index < due + finished; index += 1) {
    const queue = index % 2 === 0 ? 'default' : 'other';
    const isDue = index < due;
    const availableAt = isDue ? `'${new Date(now - 60_000 + index).toISOString().slice(0, 23).replace('T', ' ')}'` : 'NULL';
    const status = isDue ? 'pending' : 'completed';
    rows.push(`('${randomUUID()}', 'plan-job', '${queue}', '{}', '${status}', UTC_TIMESTAMP(3), ${availableAt}, 0, 3, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`);
  }
  await query(
    'INSERT INTO atomizer_jobs (id, name, queue, payload, status, run_at, available_at, attempts, max_attempts, created_at, updated_at) VALUES ' +
      rows.join(', '),
  );
}

describeDatabase('mysql', 'lease query plan', (database) => {
  it('EXPLAIN shows the lease SELECT reading the (queue, available_at) index, with no sort', async () => {
    await database().truncate();
    await seedJobs((text) => database().query(text), 300, 300);
    const select = mysqlLeaseSelect({ jobs: raw('`atomizer_jobs`') }, { queue: 'default', now: new Date(), limit: 10 });

    const plan = await (database().prisma as MysqlPrismaClient).$queryRaw<Array<{ key: string | null; Extra: string | null; table: string }>>(sql`EXPLAIN ${select}`);

    expect(plan).toHaveLength(1);
    expect(plan[0]?.key).toBe(MYSQL_LEASE_INDEX);
    expect(plan[0]?.Extra ?? '').not.toMatch(/filesort/i);
  });

  it('EXPLAIN shows the schedule lease SELECT reading the (enabled, next_run_at, key) index, with no sort', async () => {
    await database().query('DELETE FROM atomizer_schedules');
    await database().query(
      `INSERT INTO atomizer_schedules (\`key\`, name, queue, payload, cron, time_zone, misfire_policy, max_catch_up, max_attempts, enabled, next_run_at, created_at, updated_at)
       SELECT CONCAT('plan-', seq), 'plan-job', 'default', '{}', '* * * * *', 'UTC', 'runOnce', 1, 0, seq % 2, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)
       FROM (SELECT a.n * 10 + b.n AS seq FROM (SELECT 0 n UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9) a,
                                              (SELECT 0 n UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9) b) numbers`,
    );
    const select = mysqlScheduleLeaseSelect(raw('`atomizer_schedules`'), { horizon: new Date(), now: new Date(), limit: 10 });

    const plan = await (database().prisma as MysqlPrismaClient).$queryRaw<Array<{ key: string | null; Extra: string | null }>>(sql`EXPLAIN ${select}`);

    expect(plan).toHaveLength(1);
    expect(plan[0]?.key).toBe(MYSQL_SCHEDULE_LEASE_INDEX);
    expect(plan[0]?.Extra ?? '').not.toMatch(/filesort/i);
  });

  it('the lease SELECT locks only about the rows it returns, however many are due', async () => {
    await database().truncate();
    await seedJobs((text) => database().query(text), 400, 100);
    const select = mysqlLeaseSelect({ jobs: raw('`atomizer_jobs`') }, { queue: 'default', now: new Date(), limit: 10 });

    const prisma = database().prisma as MysqlPrismaClient;
    const { picked, rowsLocked } = await prisma.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<unknown[]>(select);
        const [trx] = await tx.$queryRaw<Array<{ rows_locked: bigint | number }>>(
          sql`SELECT trx_rows_locked AS rows_locked FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = CONNECTION_ID()`,
        );
        return { picked: rows.length, rowsLocked: Number(trx?.rows_locked) };
      },
      { isolationLevel: 'ReadCommitted' },
    );

    // Each returned row holds an index-record lock and a primary-key lock; a plan that sorted
    // would have locked all 200 due rows of the queue (400 records).
    expect(picked).toBe(10);
    expect(rowsLocked).toBeGreaterThanOrEqual(10);
    expect(rowsLocked).toBeLessThanOrEqual(2 * 10 + 2);
  });
});
