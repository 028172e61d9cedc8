/**
 * prisma/mysql/atomizer.sql is written by hand (no MySQL-capable schema engine runs here), so
 * these tests hold it to prisma/mysql/atomizer.prisma: every column has the type, size,
 * precision and nullability the model declares, every index the model names exists on the same
 * columns, and a client generated from the model reads back what it wrote, at sizes that the
 * defaults Prisma would otherwise pick (VARCHAR(191), TEXT) could not hold.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect, it } from 'vitest';

import type { PrismaClient as MysqlPrismaClient } from '../../generated/client/mysql/client.js';
import { describeDatabase } from '../support/describe-database.js';

const modelFile = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'prisma', 'mysql', 'atomizer.prisma');

/** A column as the model file declares it. */
interface DeclaredColumn {
  table: string;
  column: string;
  dataType: string;
  length: number | null;
  precision: number | null;
  nullable: boolean;
}

const SCALAR_TYPES: Readonly<Record<string, string>> = { String: 'varchar', Int: 'int', BigInt: 'bigint', DateTime: 'datetime', Boolean: 'tinyint' };

/** Reads the columns and named indexes out of atomizer.prisma (its own, simple layout). */
function readModelFile(): { columns: DeclaredColumn[]; indexes: Map<string, { table: string; fields: string[] }> } {
  const columns: DeclaredColumn[] = [];
  const indexes = new Map<string, { table: string; fields: string[] }>();
  const text = readFileSync(modelFile, 'utf8');

  for (const block of text.matchAll(/model \w+ \{([\s\S]*?)\n\}/g)) {
    const body = block[1] ?? '';
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? '';
    const columnOf = new Map<string, string>();
    for (const line of body.split('\n')) {
      const field = /^\s+(\w+)\s+(String|Int|BigInt|DateTime|Boolean)(\?)?\s*(.*)$/.exec(line);
      if (field === null) continue;
      const [, name = '', type = '', optional, attributes = ''] = field;
      const column = /@map\("([^"]+)"\)/.exec(attributes)?.[1] ?? name;
      const native = /@db\.(\w+)(?:\((\d+)\))?/.exec(attributes);
      columnOf.set(name, column);
      columns.push({
        table,
        column,
        dataType: native === null ? (SCALAR_TYPES[type] ?? type) : native[1]!.toLowerCase(),
        length: native?.[1] === 'VarChar' ? Number(native[2]) : null,
        precision: native?.[1] === 'DateTime' ? Number(native[2]) : null,
        nullable: optional === '?',
      });
      const unique = /@unique\(map: "([^"]+)"\)/.exec(attributes);
      if (unique !== null) indexes.set(unique[1]!, { table, fields: [column] });
    }
    for (const index of body.matchAll(/@@(?:index|unique)\(\[([^\]]+)\], map: "([^"]+)"\)/g)) {
      const fields = (index[1] ?? '').split(',').map((field) => columnOf.get(field.trim()) ?? field.trim());
      indexes.set(index[2]!, { table, fields });
    }
  }
  return { columns, indexes };
}

describeDatabase('mysql', 'shipped atomizer.sql', (database) => {
  it('creates every column with the type, size, precision and nullability atomizer.prisma declares', async () => {
    const { columns } = readModelFile();

    const actual = await database().query<{ table: string; column: string; dataType: string; length: unknown; precision: unknown; nullable: string }>(
      `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS \`column\`, DATA_TYPE AS dataType, CHARACTER_MAXIMUM_LENGTH AS length,
              DATETIME_PRECISION AS \`precision\`, IS_NULLABLE AS nullable
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'atomizer\\_%'`,
    );

    const normalized = actual.map((row) => ({
      table: row.table,
      column: row.column,
      dataType: row.dataType,
      length: row.dataType === 'varchar' ? Number(row.length) : null,
      precision: row.dataType === 'datetime' ? Number(row.precision) : null,
      nullable: row.nullable === 'YES',
    }));
    expect(columns.length).toBeGreaterThan(25);
    expect(sortColumns(normalized)).toEqual(sortColumns(columns));
  });

  it('creates every index atomizer.prisma names, on the same columns', async () => {
    const { indexes } = readModelFile();

    const rows = await database().query<{ table: string; name: string; column: string }>(
      `SELECT TABLE_NAME AS \`table\`, INDEX_NAME AS name, COLUMN_NAME AS \`column\`
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'atomizer\\_%' AND INDEX_NAME <> 'PRIMARY'
       ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    );

    const actual = new Map<string, { table: string; fields: string[] }>();
    for (const row of rows) {
      const index = actual.get(row.name) ?? { table: row.table, fields: [] };
      index.fields.push(row.column);
      actual.set(row.name, index);
    }
    // The foreign key's own index is the model's job_id index (MySQL reuses it), so none is extra.
    expect(indexes.size).toBeGreaterThanOrEqual(5);
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(indexes));
  });

  it('holds a 1 MiB payload, a 100 000-character error message and millisecond times through Prisma', async () => {
    const prisma = database().prisma as MysqlPrismaClient;
    const id = randomUUID();
    const at = new Date(Date.UTC(2031, 4, 6, 7, 8, 9, 123));
    const payload = JSON.stringify({ data: 'é🧪'.repeat(1024 * 1024 / 6) });
    const message = '🧪'.repeat(50_000);

    await prisma.atomizerJob.create({
      data: {
        id, name: 'ddl-check', queue: 'default', payload, status: 'failed', runAt: at, availableAt: null,
        attempts: 1, maxAttempts: 1, idempotencyKey: 'k'.repeat(255), scheduleKey: 's'.repeat(255),
        createdAt: at, updatedAt: at, failedAt: at,
      },
    });
    await prisma.atomizerJobError.create({
      data: { jobId: id, attempt: 1, errorType: 'E'.repeat(255), message, stack: message, serverId: 'x'.repeat(255), occurredAt: at },
    });
    const stored = await prisma.atomizerJob.findUnique({ where: { id }, include: { errors: true } });

    expect(Buffer.byteLength(payload)).toBeGreaterThan(1024 * 1024);
    expect(stored?.payload).toBe(payload);
    expect(stored?.runAt.getTime()).toBe(at.getTime());
    expect(stored?.failedAt?.getTime()).toBe(at.getTime());
    expect(stored?.idempotencyKey).toBe('k'.repeat(255));
    expect(stored?.errors).toHaveLength(1);
    expect(typeof stored?.errors[0]?.id).toBe('bigint');
    expect(stored?.errors[0]?.message).toBe(message);
    expect(stored?.errors[0]?.stack).toBe(message);
    expect(stored?.errors[0]?.occurredAt.getTime()).toBe(at.getTime());
  });

  it('removes a job\'s errors with the job (ON DELETE CASCADE)', async () => {
    const prisma = database().prisma as MysqlPrismaClient;
    const id = randomUUID();
    const at = new Date();
    await prisma.atomizerJob.create({
      data: { id, name: 'ddl-check', queue: 'default', payload: '{}', status: 'failed', runAt: at, attempts: 1, maxAttempts: 1, createdAt: at, updatedAt: at },
    });
    await prisma.atomizerJobError.create({ data: { jobId: id, attempt: 1, errorType: 'E', message: 'm', occurredAt: at } });

    await prisma.atomizerJob.delete({ where: { id } });

    expect(await prisma.atomizerJobError.count({ where: { jobId: id } })).toBe(0);
  });
});

function sortColumns(columns: DeclaredColumn[]): DeclaredColumn[] {
  return [...columns].sort((left, right) => `${left.table}.${left.column}`.localeCompare(`${right.table}.${right.column}`));
}
