import { JobQueueError } from '@atomizer/core';
import { describe, expect, it } from 'vitest';

import {
  classifyDatabaseError,
  StorageDatabaseError,
  translateDatabaseError,
  type DatabaseErrorKind,
} from '../src/errors.js';

/** A Prisma 7 known-request error as the client throws it for a driver-adapter failure. */
function prismaError(prismaCode: string, cause: Record<string, unknown>): Error {
  return Object.assign(new Error(`prisma error ${prismaCode}`), {
    name: 'PrismaClientKnownRequestError',
    code: prismaCode,
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause } },
  });
}

/** A raw driver error (pg, mariadb, tedious, better-sqlite3) that reached us unwrapped. */
function driverError(code: string | number): Error {
  return Object.assign(new Error(`driver error ${code}`), { code });
}

const cases: Array<[description: string, error: unknown, kind: DatabaseErrorKind, code: string]> = [
  // ---- unique violations
  ['P2002 from a Prisma query on PostgreSQL', prismaError('P2002', { originalCode: '23505', kind: 'UniqueConstraintViolation', constraint: { fields: ['idempotency_key'] } }), 'unique-violation', '23505'],
  ['P2002 from a Prisma query on SQLite', prismaError('P2002', { originalCode: 'SQLITE_CONSTRAINT_UNIQUE', kind: 'UniqueConstraintViolation' }), 'unique-violation', 'SQLITE_CONSTRAINT_UNIQUE'],
  ['a primary key violation on SQLite', prismaError('P2002', { originalCode: 'SQLITE_CONSTRAINT_PRIMARYKEY', kind: 'UniqueConstraintViolation' }), 'unique-violation', 'SQLITE_CONSTRAINT_PRIMARYKEY'],
  ['P2010 (raw query) wrapping 23505', prismaError('P2010', { originalCode: '23505', kind: 'UniqueConstraintViolation' }), 'unique-violation', '23505'],
  ['bare P2002 without adapter details', Object.assign(new Error('x'), { code: 'P2002' }), 'unique-violation', 'P2002'],
  ['MySQL 1062', driverError(1062), 'unique-violation', '1062'],
  ['MySQL ER_DUP_ENTRY', driverError('ER_DUP_ENTRY'), 'unique-violation', 'ER_DUP_ENTRY'],
  ['SQL Server 2627', driverError(2627), 'unique-violation', '2627'],
  ['SQL Server 2601', driverError(2601), 'unique-violation', '2601'],
  ['pg driver error 23505', driverError('23505'), 'unique-violation', '23505'],

  // ---- write conflicts
  ['PostgreSQL serialization failure 40001', prismaError('P2034', { originalCode: '40001', kind: 'TransactionWriteConflict' }), 'write-conflict', '40001'],
  ['PostgreSQL deadlock 40P01', prismaError('P2034', { originalCode: '40P01', kind: 'TransactionWriteConflict' }), 'write-conflict', '40P01'],
  ['PostgreSQL lock timeout 55P03 (unmapped by the adapter)', prismaError('P2010', { kind: 'postgres', code: '55P03' }), 'write-conflict', '55P03'],
  ['bare P2034', Object.assign(new Error('x'), { code: 'P2034' }), 'write-conflict', 'P2034'],
  ['MySQL deadlock 1213', driverError(1213), 'write-conflict', '1213'],
  ['MySQL lock wait timeout 1205', driverError('1205'), 'write-conflict', '1205'],

  // ---- SQLite locks
  ['SQLITE_BUSY from a Prisma query (P1008)', prismaError('P1008', { originalCode: 'SQLITE_BUSY', kind: 'SocketTimeout' }), 'busy', 'SQLITE_BUSY'],
  ['SQLITE_BUSY from a raw query (P2010)', prismaError('P2010', { originalCode: 'SQLITE_BUSY', kind: 'SocketTimeout' }), 'busy', 'SQLITE_BUSY'],
  ['SQLITE_BUSY_SNAPSHOT', prismaError('P1008', { originalCode: 'SQLITE_BUSY_SNAPSHOT', kind: 'SocketTimeout' }), 'busy', 'SQLITE_BUSY_SNAPSHOT'],
  ['SQLITE_LOCKED', prismaError('P2010', { originalCode: 'SQLITE_LOCKED', kind: 'sqlite', extendedCode: 6 }), 'busy', 'SQLITE_LOCKED'],
  ['an unlisted extended SQLITE_LOCKED code', driverError('SQLITE_LOCKED_VTAB'), 'busy', 'SQLITE_LOCKED_VTAB'],

  // ---- values too long
  ['PostgreSQL 22001', prismaError('P2000', { originalCode: '22001', kind: 'LengthMismatch' }), 'value-too-long', '22001'],
  ['bare P2000', Object.assign(new Error('x'), { code: 'P2000' }), 'value-too-long', 'P2000'],
  ['MySQL 1406', driverError(1406), 'value-too-long', '1406'],
  ['SQL Server 8152', driverError(8152), 'value-too-long', '8152'],

  // ---- schema missing
  ['PostgreSQL undefined table 42P01', prismaError('P2021', { originalCode: '42P01', kind: 'TableDoesNotExist' }), 'schema-missing', '42P01'],
  ['PostgreSQL undefined column 42703', prismaError('P2022', { originalCode: '42703', kind: 'ColumnNotFound' }), 'schema-missing', '42703'],
  ['SQLite "no such table" (generic SQLITE_ERROR)', prismaError('P2010', { originalCode: 'SQLITE_ERROR', kind: 'TableDoesNotExist' }), 'schema-missing', 'SQLITE_ERROR'],
  ['MySQL 1146', driverError(1146), 'schema-missing', '1146'],
  ['SQL Server 208', driverError(208), 'schema-missing', '208'],

  // ---- unavailable
  ['connection refused', prismaError('P1001', { kind: 'DatabaseNotReachable' }), 'unavailable', 'P1001'],
  ['PostgreSQL admin shutdown 57P01', prismaError('P2010', { kind: 'postgres', code: '57P01' }), 'unavailable', '57P01'],
  ['PostgreSQL too many connections 53300', prismaError('P2037', { originalCode: '53300', kind: 'TooManyConnections' }), 'unavailable', '53300'],
  ['pool timeout P2024', Object.assign(new Error('x'), { code: 'P2024' }), 'unavailable', 'P2024'],
  ['transaction could not start P2028', Object.assign(new Error('x'), { code: 'P2028' }), 'unavailable', 'P2028'],
  ['socket ECONNRESET', driverError('ECONNRESET'), 'unavailable', 'ECONNRESET'],

  // ---- everything else
  ['an unknown PostgreSQL code', prismaError('P2010', { kind: 'postgres', code: '42601' }), 'other', '42601'],
  ['a plain Error', new Error('boom'), 'other', 'unknown'],
  ['a thrown string', 'boom', 'other', 'unknown'],
  ['undefined', undefined, 'other', 'unknown'],
];

describe('classifyDatabaseError', () => {
  it.each(cases)('%s → %s', (_description, error, kind, code) => {
    const facts = classifyDatabaseError(error);

    expect(facts.kind).toBe(kind);
    expect(facts.code).toBe(code);
  });

  it('reads the columns a unique violation names', () => {
    const error = prismaError('P2002', { originalCode: '23505', kind: 'UniqueConstraintViolation', constraint: { fields: ['idempotency_key'] } });

    expect(classifyDatabaseError(error).fields).toEqual(['idempotency_key']);
  });
});

describe('translateDatabaseError', () => {
  it('wraps a database error with the kind as its code, the operation and the original code in the message', () => {
    const cause = prismaError('P2034', { originalCode: '40P01', kind: 'TransactionWriteConflict' });

    const error = translateDatabaseError(cause, 'jobFail');

    expect(error).toBeInstanceOf(StorageDatabaseError);
    expect(error).toMatchObject({ code: 'STORAGE.WRITE_CONFLICT', kind: 'write-conflict', databaseCode: '40P01', operation: 'jobFail', retryable: true });
    expect(error.message).toBe('PrismaStorage.jobFail: the transaction conflicted with a concurrent one (database code 40P01): prisma error P2034');
    expect(error.cause).toBe(cause);
  });

  it('says how to fix a missing schema', () => {
    const error = translateDatabaseError(prismaError('P2021', { originalCode: '42P01', kind: 'TableDoesNotExist' }), 'jobLease');

    expect(error.code).toBe('STORAGE.SCHEMA_MISSING');
    expect(error.fix).toMatch(/atomizer\.prisma/);
  });

  it('marks only transient kinds as retryable', () => {
    const retryable = (error: unknown) => (translateDatabaseError(error, 'op') as StorageDatabaseError).retryable;

    expect(retryable(driverError('SQLITE_BUSY'))).toBe(true);
    expect(retryable(driverError('ECONNRESET'))).toBe(true);
    expect(retryable(driverError('23505'))).toBe(false);
    expect(retryable(new Error('boom'))).toBe(false);
  });

  it("passes Atomizer's own errors through unchanged", () => {
    const own = new JobQueueError('CONFIG.INVALID_OPTION', 'x');

    expect(translateDatabaseError(own, 'jobInsert')).toBe(own);
  });
});
