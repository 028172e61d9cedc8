import { ConfigInvalidError } from '@atomizer/core';
import { describe, expect, it } from 'vitest';

import { PrismaStorage, type PrismaClientLike } from '../src/index.js';

/** Just enough of a PrismaClient for the constructor's checks; no query ever runs. */
function fakeClient(): PrismaClientLike {
  const fn = () => Promise.resolve();
  const delegate = { create: fn, createMany: fn, findUnique: fn, findFirst: fn, findMany: fn, updateMany: fn, deleteMany: fn, groupBy: fn };
  return { $queryRaw: fn, $executeRaw: fn, $transaction: fn, atomizerJob: delegate, atomizerJobError: delegate, atomizerServer: delegate } as unknown as PrismaClientLike;
}

function constructionError(options: unknown): ConfigInvalidError {
  try {
    new PrismaStorage(options as ConstructorParameters<typeof PrismaStorage>[0]);
  } catch (error) {
    if (error instanceof ConfigInvalidError) return error;
    throw error;
  }
  throw new Error('expected the constructor to throw');
}

describe('PrismaStorage options', () => {
  it('accepts a client with a supported provider', () => {
    expect(() => new PrismaStorage({ prisma: fakeClient(), provider: 'sqlite' })).not.toThrow();
    expect(() => new PrismaStorage({ prisma: fakeClient(), provider: 'postgresql', schema: 'jobs_1' })).not.toThrow();
  });

  it('rejects an unknown provider, naming the value and the choices', () => {
    const error = constructionError({ prisma: fakeClient(), provider: 'oracle' });

    expect(error.option).toBe('provider');
    expect(error.message).toMatch(/^PrismaStorage: provider must be one of "postgresql", "sqlite".*, got "oracle"$/);
  });

  it('rejects a missing client', () => {
    const error = constructionError({ provider: 'sqlite' });

    expect(error.option).toBe('prisma');
    expect(error.message).toBe('PrismaStorage: prisma must be a PrismaClient; it has no $queryRaw(), got undefined');
  });

  it("rejects a client generated without Atomizer's models, saying which model is missing", () => {
    const client = fakeClient() as unknown as Record<string, unknown>;
    delete client['atomizerServer'];

    const error = constructionError({ prisma: client, provider: 'postgresql' });

    expect(error.message).toBe(
      "PrismaStorage: prisma must be generated from a schema that includes Atomizer's models (atomizer.prisma); it has no atomizerServer.updateMany(), got \"[object Object]\"",
    );
  });

  it('rejects a schema name that is not a plain identifier', () => {
    const error = constructionError({ prisma: fakeClient(), provider: 'postgresql', schema: 'jobs"; DROP TABLE x; --' });

    expect(error.option).toBe('schema');
    expect(error.message).toMatch(/^PrismaStorage: schema must be 1 to 63 letters, digits or underscores/);
  });

  it('rejects a schema for SQLite, which has none', () => {
    const error = constructionError({ prisma: fakeClient(), provider: 'sqlite', schema: 'main' });

    expect(error.message).toBe('PrismaStorage: schema must be omitted for provider "sqlite", which has no schemas, got "main"');
  });

  it('rejects options that are not an object', () => {
    const error = constructionError(undefined);

    expect(error.message).toBe('PrismaStorage: options must be an object { prisma, provider }, got undefined');
  });
});

describe('PrismaStorage.jobInsert transaction handle', () => {
  it('rejects a transaction that is not a Prisma transaction client, instead of ignoring it', async () => {
    const storage = new PrismaStorage({ prisma: fakeClient(), provider: 'sqlite' });
    const now = new Date();
    const params = { id: 'x', name: 'n', queue: 'q', payload: '{}', runAt: now, maxAttempts: 1, idempotencyKey: null, scheduleKey: null, now };

    const attempt = storage.jobInsert(params, { transaction: { query: () => {} } });

    await expect(attempt).rejects.toThrow(ConfigInvalidError);
    await expect(attempt).rejects.toThrow(/transaction must be the `tx` client of prisma\.\$transaction/);
  });
});
