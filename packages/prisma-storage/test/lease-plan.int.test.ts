import { raw, sqltag as sql } from '@prisma/client/runtime/client';
import { beforeAll, expect, it } from 'vitest';

import { postgresqlLeaseStatement } from '../src/dialects/postgresql.js';
import { sqliteLeaseStatement } from '../src/dialects/sqlite.js';
import { describeDatabase } from './support/describe-database.js';

// The lease runs on every poll of every queue, so it must stay an index range scan that stops
// after one batch however many finished jobs the table holds. These tests fill a table the way
// a long-lived deployment looks (most jobs finished, several queues), let the planner gather
// statistics, and read the plan it picks by itself; nothing is forced.

const LEASE_INDEX = 'atomizer_jobs_queue_available_at_idx';

function leaseParams(queue: string) {
  const now = new Date();
  return { queue, limit: 10, now, leaseToken: 'plan:*:0:*:token', leaseOwner: 'plan:*:0', leaseExpiresAt: new Date(now.getTime() + 60_000) };
}

describeDatabase('postgresql', 'lease query plan', (database) => {
  beforeAll(async () => {
    await database().truncate();
    const jobs = `"${database().schemaName}"."atomizer_jobs"`;
    // 60 000 jobs in 12 queues: 90% completed (available_at NULL), 10% pending and due.
    await database().query(`
      INSERT INTO ${jobs} (id, name, queue, payload, status, run_at, available_at, attempts, max_attempts,
                           created_at, updated_at, completed_at)
      SELECT gen_random_uuid(), 'plan', 'queue-' || (n % 12), '{}',
             CASE WHEN n % 10 = 0 THEN 'pending' ELSE 'completed' END,
             now() - n * interval '1 second',
             CASE WHEN n % 10 = 0 THEN now() - n * interval '1 second' END,
             CASE WHEN n % 10 = 0 THEN 0 ELSE 1 END, 3,
             now() - n * interval '1 second', now(),
             CASE WHEN n % 10 = 0 THEN NULL ELSE now() END
      FROM generate_series(1, 60000) AS n`);
    await database().query(`ANALYZE ${jobs}`);
  }, 120_000);

  it('is one index range scan on (queue, available_at, id) with no sort and no sequential scan', async () => {
    const statement = postgresqlLeaseStatement({ jobs: raw(`"${database().schemaName}"."atomizer_jobs"`) }, leaseParams('queue-3'));

    const rows = (await database().prisma.$queryRaw(sql`EXPLAIN ${statement}`)) as Array<{ 'QUERY PLAN': string }>;
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');

    expect(plan).toContain(`Index Scan using ${LEASE_INDEX}`);
    expect(plan).toMatch(/Index Cond: \(\(\(queue\)::text = .*\) AND \(available_at <= .*\)\)/);
    expect(plan).toContain('LockRows');
    expect(plan).not.toMatch(/Seq Scan on atomizer_jobs/);
    expect(plan).not.toMatch(/\bSort\b/);
  });
});

describeDatabase('sqlite', 'lease query plan', (database) => {
  beforeAll(async () => {
    await database().truncate();
    await database().query(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
      INSERT INTO atomizer_jobs (id, name, queue, payload, status, run_at, available_at, attempts, max_attempts, created_at, updated_at)
      SELECT printf('%08d-0000-4000-8000-000000000000', i), 'plan', 'queue-' || (i % 12), '{}',
             CASE WHEN i % 10 = 0 THEN 'pending' ELSE 'completed' END,
             '2030-01-01T00:00:00.000+00:00',
             CASE WHEN i % 10 = 0 THEN '2030-01-01T00:00:00.000+00:00' END,
             0, 3, '2030-01-01T00:00:00.000+00:00', '2030-01-01T00:00:00.000+00:00'
      FROM n`);
    await database().query('ANALYZE');
  }, 120_000);

  it('walks the (queue, available_at, id) index with no temporary sort', async () => {
    const statement = sqliteLeaseStatement({ jobs: raw('"atomizer_jobs"') }, leaseParams('queue-3'));

    const rows = (await database().prisma.$queryRaw(sql`EXPLAIN QUERY PLAN ${statement}`)) as Array<{ detail: string }>;
    const plan = rows.map((row) => row.detail).join('\n');

    expect(plan).toContain(`USING COVERING INDEX ${LEASE_INDEX} (queue=? AND available_at<?)`);
    expect(plan).not.toContain('USE TEMP B-TREE');
    expect(plan).not.toMatch(/SCAN atomizer_jobs\b(?! USING)/);
  });
});
