/**
 * The adoption steps of docs/prisma-storage.md, proven from the outside: both packages are
 * packed, installed with Prisma from the registry into a folder outside the workspace, and an
 * app per provider copies the shipped model file, migrates, generates and processes a job.
 * One install serves both providers; it is the slow part (npm, about half a minute warm).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AdoptingApp } from './support/adopting-app.js';
import { isSkipped, requirePostgresUrl } from './support/test-env.js';
import { installThrowawayApp, type ThrowawayApp } from './support/throwaway-app.js';

// The install is only worth its half minute where at least one provider's adoption runs (a CI
// job dedicated to another database skips both).
const installs = !isSkipped('sqlite') || !isSkipped('postgresql');
let app: ThrowawayApp;

beforeAll(() => {
  if (installs) app = installThrowawayApp();
}, 240_000);

afterAll(async () => {
  await app?.remove();
}, 60_000);

describe.runIf(installs)('packages as installed from their tarballs', () => {
  const manifest = (name: string) =>
    JSON.parse(readFileSync(join(app.dir, 'node_modules', '@atomizer', name, 'package.json'), 'utf8')) as Record<string, any>;

  it('are ESM with type declarations behind every export', () => {
    for (const name of ['core', 'prisma-storage']) {
      const pkg = manifest(name);
      const root = pkg.exports['.'];

      expect(pkg.type).toBe('module');
      expect(existsSync(join(app.dir, 'node_modules', '@atomizer', name, root.import))).toBe(true);
      expect(existsSync(join(app.dir, 'node_modules', '@atomizer', name, root.types))).toBe(true);
    }
  });

  it('name Prisma and @atomizer/core as peers, with no workspace: ranges left', () => {
    const storage = manifest('prisma-storage');

    expect(Object.keys(storage.peerDependencies).sort()).toEqual(['@atomizer/core', '@prisma/client', 'prisma']);
    expect(JSON.stringify([manifest('core'), storage])).not.toContain('workspace:');
  });

  it('ship a model file for every provider', () => {
    for (const provider of ['sqlite', 'postgresql', 'mysql', 'sqlserver']) {
      expect(existsSync(join(app.dir, 'node_modules', '@atomizer', 'prisma-storage', 'prisma', provider, 'atomizer.prisma'))).toBe(true);
    }
  });
});

describe.skipIf(isSkipped('sqlite'))('[sqlite] adoption from the packed tarballs', () => {
  it('copies the model file, migrates, generates, compiles and processes a job', () => {
    const adopting = new AdoptingApp(app.dir, 'sqlite', `file:${join(app.dir, 'sqlite-app.db')}`);

    adopting.writeSchema();
    const migration = adopting.migrate();
    adopting.generateAndCompile();
    const result = adopting.processOneJob();

    expect(migration).toContain('CREATE TABLE "atomizer_jobs"');
    expect(migration).toContain('CREATE TABLE "Greeting"');
    expect(result).toEqual({ status: 'completed', attempts: 1, greetings: ['Hello, Ada'] });
  });
});

describe.skipIf(isSkipped('postgresql'))('[postgresql] adoption from the packed tarballs', () => {
  const schema = `adoption_${randomBytes(4).toString('hex')}`;
  let admin: pg.Client;

  beforeAll(async () => {
    const url = new URL(requirePostgresUrl());
    url.searchParams.delete('schema');
    admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin?.end();
  });

  it('copies the model file, runs prisma migrate dev in its own schema, generates, compiles and processes a job', () => {
    const url = new URL(requirePostgresUrl());
    url.searchParams.set('schema', schema);
    const adopting = new AdoptingApp(app.dir, 'postgresql', url.toString());

    adopting.writeSchema();
    const migration = adopting.migrate();
    adopting.generateAndCompile();
    const result = adopting.processOneJob();

    expect(migration).toContain('CREATE TABLE "atomizer_jobs"');
    expect(result).toEqual({ status: 'completed', attempts: 1, greetings: ['Hello, Ada'] });
  });
});
