import { describe, expect, it } from 'vitest';
import { postgresPoolConfig } from '../src/postgres-adapter.mjs';

describe('postgresPoolConfig', () => {
  it('turns ?schema= into the search_path, which pg itself would ignore', () => {
    const { poolConfig, schema } = postgresPoolConfig('postgresql://postgres@127.0.0.1:5432/test?schema=jobs_1');

    expect(schema).toBe('jobs_1');
    expect(poolConfig.options).toBe('-c search_path="jobs_1"');
    expect(poolConfig).toMatchObject({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
  });

  it('defaults to the public schema, as the native engine does', () => {
    const { poolConfig, schema } = postgresPoolConfig('postgres://u@localhost/db');

    expect(schema).toBe('public');
    expect(poolConfig.options).toBe('-c search_path="public"');
    expect(poolConfig.port).toBe(5432);
  });

  it('decodes percent-encoded credentials and quotes awkward schema names', () => {
    const { poolConfig } = postgresPoolConfig('postgresql://us%40er:p%2Fss@db.local:6543/my%20db?schema=My%20"Jobs"');

    expect(poolConfig).toMatchObject({ user: 'us@er', password: 'p/ss', host: 'db.local', port: 6543, database: 'my db' });
    expect(poolConfig.options).toBe('-c search_path="My\\ ""Jobs"""');
  });

  it('keeps TLS on when the URL asks for it', () => {
    expect(postgresPoolConfig('postgresql://h/db?sslmode=require').poolConfig.ssl).toEqual({ rejectUnauthorized: false });
    expect(postgresPoolConfig('postgresql://h/db?sslmode=verify-full').poolConfig.ssl).toEqual({ rejectUnauthorized: true });
    expect(postgresPoolConfig('postgresql://h/db?sslmode=disable').poolConfig.ssl).toBeUndefined();
  });
});
