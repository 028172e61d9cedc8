import { describe, expect, it } from 'vitest';

import { resolveDatabaseTarget } from '../src/database/database-target.js';

describe('resolveDatabaseTarget', () => {
  it('uses a SQLite file in the data folder when DATABASE_URL is unset or blank', () => {
    expect(resolveDatabaseTarget(undefined, '/data')).toMatchObject({ provider: 'sqlite', url: 'file:/data/demo.db' });
    expect(resolveDatabaseTarget('  ', '/data')).toMatchObject({ provider: 'sqlite', url: 'file:/data/demo.db' });
  });

  it('makes a relative file: URL absolute from the base folder', () => {
    expect(resolveDatabaseTarget('file:./x.db', '/data', '/repo').url).toBe('file:/repo/x.db');
  });

  it('takes both PostgreSQL schemes and masks the password for display', () => {
    const target = resolveDatabaseTarget('postgres://u:secret@localhost/db?schema=s', '/data');

    expect(target.provider).toBe('postgresql');
    expect(target.url).toBe('postgres://u:secret@localhost/db?schema=s');
    expect(target.displayUrl).toBe('postgres://u:***@localhost/db?schema=s');
    expect(resolveDatabaseTarget('postgresql://localhost/db', '/data').provider).toBe('postgresql');
  });

  it('rejects other schemes, naming the variable without leaking the password', () => {
    expect(() => resolveDatabaseTarget('mysql://root:pw@localhost/db', '/data')).toThrow(
      'DATABASE_URL must start with postgres://, postgresql:// or file:, got "mysql://root:***@localhost/db"',
    );
  });
});
