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

  // ---- authentication
  ['PostgreSQL invalid password 28P01', prismaError('P1000', { originalCode: '28P01', kind: 'AuthenticationFailed' }), 'authentication-failed', '28P01'],
  ['PostgreSQL unknown role 28000', prismaError('P1010', { originalCode: '28000', kind: 'DatabaseAccessDenied' }), 'authentication-failed', '28000'],
  ['PostgreSQL 28P01 unmapped by the adapter', prismaError('P2010', { kind: 'postgres', code: '28P01' }), 'authentication-failed', '28P01'],
  ['pg driver error 28000', driverError('28000'), 'authentication-failed', '28000'],
  ['bare P1000', Object.assign(new Error('x'), { code: 'P1000' }), 'authentication-failed', 'P1000'],
  ['MySQL 1045', driverError(1045), 'authentication-failed', '1045'],
  ['SQL Server 18456', driverError(18456), 'authentication-failed', '18456'],

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

  it('says where the tables may be when the schema looks missing', () => {
    const error = translateDatabaseError(prismaError('P2021', { originalCode: '42P01', kind: 'TableDoesNotExist' }), 'jobLease');

    expect(error.fix).toMatch(/another schema/);
    expect(error.fix).toMatch(/\?schema=/);
    expect(error.fix).toMatch(/PrismaPg\(.*\{ schema \}\)/);
  });

  it('names a refused login and says what to check, without retrying it', () => {
    const error = translateDatabaseError(prismaError('P1000', { originalCode: '28P01', kind: 'AuthenticationFailed' }), 'jobInsert');

    expect(error).toMatchObject({ code: 'STORAGE.AUTHENTICATION_FAILED', kind: 'authentication-failed', databaseCode: '28P01', retryable: false });
    expect(error.message).toContain('the database refused the login');
    expect(error.fix).toMatch(/user, password/);
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

/** A Prisma error whose message is shaped like Prisma 7's: header, optional source excerpt, cause last. */
function prismaErrorWithMessage(message: string, prismaCode: string, cause: Record<string, unknown>): Error {
  return Object.assign(prismaError(prismaCode, cause), { message });
}

const missingTable = { originalCode: '42P01', kind: 'TableDoesNotExist', originalMessage: 'relation "app.atomizer_jobs" does not exist' };

const messageCases: Array<[description: string, error: Error, expected: string]> = [
  [
    'a bare header, blank lines, then the cause (bundled or minimal error format)',
    prismaErrorWithMessage('\nInvalid `prisma.atomizerJob.create()` invocation:\n\n\nThe table `app.atomizer_jobs` does not exist in the current database.', 'P2021', missingTable),
    'PrismaStorage.jobInsert: Atomizer\'s tables are missing or outdated (database code 42P01): prisma.atomizerJob.create(): The table `app.atomizer_jobs` does not exist in the current database. (database: relation "app.atomizer_jobs" does not exist)',
  ],
  [
    'a header naming the caller, a source excerpt, then the cause',
    prismaErrorWithMessage(
      [
        '',
        'Invalid `prisma.atomizerJob.create()` invocation in',
        '/srv/app/src/jobs.ts:7:36',
        '',
        '  4 export async function enqueue() {',
        '  5   const x = 1;',
        '→ 7   await prisma.atomizerJob.create(',
        'The table `app.atomizer_jobs` does not exist in the current database.',
      ].join('\n'),
      'P2021',
      missingTable,
    ),
    'PrismaStorage.jobInsert: Atomizer\'s tables are missing or outdated (database code 42P01): prisma.atomizerJob.create(): The table `app.atomizer_jobs` does not exist in the current database. (database: relation "app.atomizer_jobs" does not exist)',
  ],
  [
    'a refused login, where only the database names the user',
    prismaErrorWithMessage('\nInvalid `prisma.atomizerJob.findFirst()` invocation:\n\n\nUser was denied access on the database `(not available)`', 'P1010', {
      originalCode: '28000',
      kind: 'DatabaseAccessDenied',
      originalMessage: 'role "app" does not exist',
    }),
    'PrismaStorage.jobInsert: the database refused the login (database code 28000): prisma.atomizerJob.findFirst(): User was denied access on the database `(not available)` (database: role "app" does not exist)',
  ],
  [
    'a header with nothing after it',
    prismaErrorWithMessage('Invalid `prisma.atomizerJob.create()` invocation:', 'P2021', { originalCode: '42P01' }),
    "PrismaStorage.jobInsert: Atomizer's tables are missing or outdated (database code 42P01): Invalid `prisma.atomizerJob.create()` invocation:",
  ],
  [
    'a raw driver error with a multi-line message',
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap'), { code: 'ECONNREFUSED' }),
    'PrismaStorage.jobInsert: the database is unreachable or the connection failed (database code ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:5432',
  ],
];

describe('StorageDatabaseError message', () => {
  it.each(messageCases)('%s', (_description, cause, expected) => {
    const error = translateDatabaseError(cause, 'jobInsert');

    expect(error.message).toBe(expected);
    expect(error.cause).toBe(cause);
  });

  it('stays on one bounded line however long the driver message is', () => {
    const cause = prismaErrorWithMessage(`Invalid \`prisma.atomizerJob.create()\` invocation:\n\n${'x'.repeat(5_000)}`, 'P2010', {
      kind: 'postgres',
      code: '42601',
      originalMessage: `syntax error\nat or near ${'y'.repeat(5_000)}`,
    });

    const error = translateDatabaseError(cause, 'jobInsert');

    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThan(600);
    expect(error.message).toMatch(/\.\.\.$/);
  });
});
