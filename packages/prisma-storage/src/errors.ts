/**
 * The one place where Prisma and database error codes become Atomizer's error kinds.
 *
 * Prisma 7 wraps a driver failure in a `PrismaClientKnownRequestError` whose `code` is a Prisma
 * code (P2002, P2034, ... and P2010 for any failed raw query) and whose
 * `meta.driverAdapterError.cause` carries the adapter's classification (`kind`) and the
 * database's own code (`originalCode`: `23505`, `SQLITE_BUSY`, `1062`, ...). The database code
 * is the most precise, so it is read first; the adapter kind and the Prisma code cover the rest.
 * Errors that reach us unwrapped (straight from a driver) are read the same way.
 */
import { JobQueueError } from '@atomizer/core';

/** What went wrong, as far as the storage's callers need to know. */
export type DatabaseErrorKind =
  /** A unique index rejected the row (primary key or idempotency key). */
  | 'unique-violation'
  /** Serialization failure or deadlock; the whole operation may simply be run again. */
  | 'write-conflict'
  /** SQLite: another connection holds the write lock (`database is locked`). */
  | 'busy'
  /** A value is longer than its column allows. */
  | 'value-too-long'
  /** Atomizer's tables or columns are missing: the schema was not migrated. */
  | 'schema-missing'
  /** The database cannot be reached, or the connection broke or timed out. */
  | 'unavailable'
  /** The database refused the login: wrong user or password, or no right to that database. */
  | 'authentication-failed'
  /** Anything else. */
  | 'other';

/** The facts read off a database error. */
export interface DatabaseErrorFacts {
  kind: DatabaseErrorKind;
  /** The most specific code found: the database's own, else Prisma's, else `'unknown'`. */
  code: string;
  /** Columns named by a constraint violation, when the driver reports them. */
  fields: string[];
}

/** Database codes, per provider, and the kind each one means. */
const DATABASE_CODE_KINDS: ReadonlyArray<readonly [DatabaseErrorKind, readonly string[]]> = [
  [
    'unique-violation',
    [
      '23505', // PostgreSQL unique_violation
      'SQLITE_CONSTRAINT_UNIQUE',
      'SQLITE_CONSTRAINT_PRIMARYKEY',
      '1062', // MySQL/MariaDB ER_DUP_ENTRY
      'ER_DUP_ENTRY',
      '2627', // SQL Server: violation of a PRIMARY KEY or UNIQUE constraint
      '2601', // SQL Server: duplicate key row in a unique index
    ],
  ],
  [
    'write-conflict',
    [
      '40001', // PostgreSQL serialization_failure
      '40P01', // PostgreSQL deadlock_detected
      '55P03', // PostgreSQL lock_not_available (lock_timeout)
      '1213', // MySQL ER_LOCK_DEADLOCK
      'ER_LOCK_DEADLOCK',
      '1205', // MySQL ER_LOCK_WAIT_TIMEOUT; SQL Server: chosen as deadlock victim
      'ER_LOCK_WAIT_TIMEOUT',
    ],
  ],
  ['busy', ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED', 'SQLITE_LOCKED_SHAREDCACHE']],
  [
    'value-too-long',
    [
      '22001', // PostgreSQL string_data_right_truncation
      '1406', // MySQL ER_DATA_TOO_LONG
      'ER_DATA_TOO_LONG',
      '8152', // SQL Server: string or binary data would be truncated
      '2628', // SQL Server: same, newer wording
      'SQLITE_TOOBIG',
    ],
  ],
  [
    'schema-missing',
    [
      '42P01', // PostgreSQL undefined_table
      '42703', // PostgreSQL undefined_column
      '3F000', // PostgreSQL invalid_schema_name
      '1146', // MySQL ER_NO_SUCH_TABLE
      'ER_NO_SUCH_TABLE',
      '1054', // MySQL ER_BAD_FIELD_ERROR
      'ER_BAD_FIELD_ERROR',
      '208', // SQL Server: invalid object name
    ],
  ],
  [
    'unavailable',
    [
      '57P01', // PostgreSQL admin_shutdown
      '57P02', // PostgreSQL crash_shutdown
      '57P03', // PostgreSQL cannot_connect_now
      '53300', // PostgreSQL too_many_connections
      '08000', // PostgreSQL connection_exception
      '08003', // PostgreSQL connection_does_not_exist
      '08006', // PostgreSQL connection_failure
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'ENOTFOUND',
      'SQLITE_CANTOPEN',
    ],
  ],
  [
    'authentication-failed',
    [
      '28000', // PostgreSQL invalid_authorization_specification (unknown role, pg_hba rejection)
      '28P01', // PostgreSQL invalid_password
      '1045', // MySQL ER_ACCESS_DENIED_ERROR
      'ER_ACCESS_DENIED_ERROR',
      '1044', // MySQL ER_DBACCESS_DENIED_ERROR
      'ER_DBACCESS_DENIED_ERROR',
      '18456', // SQL Server: login failed
    ],
  ],
];

/** Adapter error kinds (`meta.driverAdapterError.cause.kind`) and what they mean. */
const ADAPTER_KIND_KINDS: Readonly<Record<string, DatabaseErrorKind>> = {
  UniqueConstraintViolation: 'unique-violation',
  TransactionWriteConflict: 'write-conflict',
  LengthMismatch: 'value-too-long',
  TableDoesNotExist: 'schema-missing',
  ColumnNotFound: 'schema-missing',
  DatabaseNotReachable: 'unavailable',
  ConnectionClosed: 'unavailable',
  SocketTimeout: 'unavailable',
  TooManyConnections: 'unavailable',
  AuthenticationFailed: 'authentication-failed',
  DatabaseAccessDenied: 'authentication-failed',
};

/** Prisma error codes and what they mean, for errors that carry no database code. */
const PRISMA_CODE_KINDS: Readonly<Record<string, DatabaseErrorKind>> = {
  P2002: 'unique-violation',
  P2034: 'write-conflict',
  P2000: 'value-too-long',
  P2021: 'schema-missing',
  P2022: 'schema-missing',
  P1001: 'unavailable',
  P1002: 'unavailable',
  P1008: 'unavailable',
  P1017: 'unavailable',
  P2024: 'unavailable',
  P2028: 'unavailable',
  P2037: 'unavailable',
  P1000: 'authentication-failed',
  P1010: 'authentication-failed',
};

const KIND_BY_DATABASE_CODE = new Map<string, DatabaseErrorKind>(
  DATABASE_CODE_KINDS.flatMap(([kind, codes]) => codes.map((code) => [code, kind] as const)),
);

/** Kinds after which running the same operation again can succeed. */
const RETRYABLE_KINDS: ReadonlySet<DatabaseErrorKind> = new Set(['write-conflict', 'busy', 'unavailable']);

/** Reads kind, code and constraint fields off any error a query may throw. */
export function classifyDatabaseError(error: unknown): DatabaseErrorFacts {
  const record = asRecord(error);
  const meta = asRecord(record?.['meta']);
  const cause = driverAdapterCause(error);
  const prismaCode = stringOrUndefined(record?.['code']);
  const databaseCode =
    stringOrUndefined(cause?.['originalCode']) ??
    stringOrUndefined(cause?.['code']) ??
    (prismaCode !== undefined && !/^P\d{4}$/.test(prismaCode) ? prismaCode : undefined);
  const adapterKind = stringOrUndefined(cause?.['kind']);

  const kind =
    (databaseCode === undefined ? undefined : kindOfDatabaseCode(databaseCode)) ??
    (adapterKind === undefined ? undefined : ADAPTER_KIND_KINDS[adapterKind]) ??
    (prismaCode === undefined ? undefined : PRISMA_CODE_KINDS[prismaCode]) ??
    'other';

  return { kind, code: databaseCode ?? prismaCode ?? 'unknown', fields: constraintFields(cause, meta) };
}

/** True when running the failed operation again (in a new transaction) can succeed. */
export function isRetryableKind(kind: DatabaseErrorKind): boolean {
  return RETRYABLE_KINDS.has(kind);
}

/** A database error met by a storage operation, translated to Atomizer's terms. */
export class StorageDatabaseError extends JobQueueError {
  /** What went wrong, see {@link DatabaseErrorKind}. */
  readonly kind: DatabaseErrorKind;
  /** The database's own error code (`23505`, `SQLITE_BUSY`, ...) or else Prisma's (`P2002`). */
  readonly databaseCode: string;
  /** The storage operation that failed, e.g. `jobInsert`. */
  readonly operation: string;
  /** True when the same operation, run again, can succeed. */
  readonly retryable: boolean;

  constructor(params: { operation: string; facts: DatabaseErrorFacts; cause: unknown; detail?: string }) {
    const { operation, facts } = params;
    const reason = params.detail ?? describeCause(params.cause);
    super(`STORAGE.${facts.kind.toUpperCase().replaceAll('-', '_')}`, `PrismaStorage.${operation}: ${KIND_SUMMARIES[facts.kind]} (database code ${facts.code}): ${reason}`, {
      cause: params.cause,
      ...(KIND_FIXES[facts.kind] === undefined ? {} : { fix: KIND_FIXES[facts.kind] }),
    });
    this.kind = facts.kind;
    this.databaseCode = facts.code;
    this.operation = operation;
    this.retryable = isRetryableKind(facts.kind);
  }
}

const KIND_SUMMARIES: Readonly<Record<DatabaseErrorKind, string>> = {
  'unique-violation': 'a unique index rejected the row',
  'write-conflict': 'the transaction conflicted with a concurrent one',
  busy: 'the SQLite database stayed locked by another connection',
  'value-too-long': 'a value is longer than its column allows',
  'schema-missing': "Atomizer's tables are missing or outdated",
  unavailable: 'the database is unreachable or the connection failed',
  'authentication-failed': 'the database refused the login',
  other: 'the database rejected the query',
};

const KIND_FIXES: Readonly<Partial<Record<DatabaseErrorKind, string>>> = {
  busy: 'enable WAL and a busy timeout (configureSqliteForAtomizer) and keep write transactions short',
  'schema-missing':
    'add atomizer.prisma to your schema folder and run `prisma migrate dev`, or apply atomizer.sql; ' +
    'if the tables exist, they may be in another schema than the one this connection uses ' +
    '(the PostgreSQL adapter ignores `?schema=` in the URL: pass `new PrismaPg(pool, { schema })`)',
  'authentication-failed':
    'check the user, password and database name your adapter connects with, and that this user may connect to that database',
};

/**
 * Wraps any error from a query in a {@link StorageDatabaseError}; Atomizer's own errors pass
 * through unchanged.
 */
export function translateDatabaseError(error: unknown, operation: string): JobQueueError {
  if (error instanceof JobQueueError) return error;
  return new StorageDatabaseError({ operation, facts: classifyDatabaseError(error), cause: error });
}

function kindOfDatabaseCode(code: string): DatabaseErrorKind | undefined {
  const exact = KIND_BY_DATABASE_CODE.get(code);
  if (exact !== undefined) return exact;

  // SQLite extended codes refine a primary one (SQLITE_BUSY_TIMEOUT, SQLITE_LOCKED_VTAB, ...).
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  return undefined;
}

function constraintFields(cause: Record<string, unknown> | undefined, meta: Record<string, unknown> | undefined): string[] {
  const constraint = asRecord(cause?.['constraint']);
  const fields = constraint?.['fields'] ?? meta?.['target'];
  return Array.isArray(fields) ? fields.filter((field): field is string => typeof field === 'string') : [];
}

/** `meta.driverAdapterError.cause` of a Prisma error: the adapter's reading of the driver error. */
function driverAdapterCause(error: unknown): Record<string, unknown> | undefined {
  return asRecord(asRecord(asRecord(asRecord(error)?.['meta'])?.['driverAdapterError'])?.['cause']);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '' && value !== 'N/A') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Longest reason a message carries; the full text stays in `cause`. */
const MAX_REASON_LENGTH = 400;

/** Prisma's header line: "Invalid `prisma.atomizerJob.create()` invocation:" (or "... invocation in"). */
const PRISMA_INVOCATION_HEADER = /^Invalid `([^`]+)` invocation(?::| in)?$/;

/** A line of the source excerpt Prisma prints under the header ("  4 const x", "→ 7   await ..."). */
const PRISMA_CODE_FRAME_LINE = /^(?:→\s*)?\d+\s/;

/**
 * One bounded line saying why the query failed. Prisma's message starts with a header and often
 * a source excerpt; the cause ("The table ... does not exist") is on its last lines, and the
 * database's own words sit in the adapter's `originalMessage`, so both are kept.
 */
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return bounded(String(cause));

  const lines = cause.message.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const headerAt = lines.findIndex((line) => PRISMA_INVOCATION_HEADER.test(line));
  let reason = lines[0] ?? '';
  if (headerAt !== -1) {
    const header = lines[headerAt] ?? '';
    const call = PRISMA_INVOCATION_HEADER.exec(header)?.[1] ?? '';
    // "... invocation in" is followed by the caller's file:line:column, not by the cause.
    const after = lines.slice(headerAt + (header.endsWith(' in') ? 2 : 1));
    const last = after.at(-1);
    reason = last === undefined || PRISMA_CODE_FRAME_LINE.test(last) ? header : `${call}: ${last}`;
  }

  const databaseSaid = stringOrUndefined(driverAdapterCause(cause)?.['originalMessage']);
  if (databaseSaid !== undefined && !reason.includes(databaseSaid.trim())) reason = `${reason} (database: ${databaseSaid})`;
  return bounded(reason);
}

function bounded(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH - 3)}...` : line;
}

/** A stored row holds a value the storage cannot read back: the table was edited by hand. */
export class StorageRowInvalidError extends JobQueueError {
  readonly table: string;
  readonly rowId: string;
  readonly column: string;
  readonly received: unknown;

  constructor(params: { table: string; rowId: string; column: string; rule: string; received: unknown }) {
    super(
      'STORAGE.ROW_INVALID',
      `PrismaStorage: ${params.table} row ${JSON.stringify(params.rowId)}: ${params.column} ${params.rule}, got ${describeReceived(params.received)}`,
    );
    this.table = params.table;
    this.rowId = params.rowId;
    this.column = params.column;
    this.received = params.received;
  }
}

function describeReceived(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'bigint' ? `${value}n` : String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
