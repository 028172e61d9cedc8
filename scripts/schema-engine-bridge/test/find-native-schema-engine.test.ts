import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findNativeSchemaEngine } from '../src/find-native-schema-engine.mjs';

/** A fake `prisma` package folder with a resolvable `@prisma/engines` next to it. */
function fakePrismaInstall() {
  const root = join(import.meta.dirname, '..', '.test-work', `engines-${randomUUID()}`);
  const prismaDir = join(root, 'node_modules', 'prisma');
  const enginesDir = join(root, 'node_modules', '@prisma', 'engines');
  mkdirSync(prismaDir, { recursive: true });
  mkdirSync(join(enginesDir, 'dist'), { recursive: true });
  writeFileSync(join(prismaDir, 'package.json'), '{"name":"prisma"}');
  writeFileSync(join(enginesDir, 'package.json'), '{"name":"@prisma/engines","main":"dist/index.js"}');
  writeFileSync(join(enginesDir, 'dist', 'index.js'), '');
  return { root, prismaDir, enginesDir };
}

describe('findNativeSchemaEngine', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it('finds nothing in an install whose engine download never ran', () => {
    const install = fakePrismaInstall();
    roots.push(install.root);

    expect(findNativeSchemaEngine(install.prismaDir, {})).toBeUndefined();
  });

  it('leaves a user-provided engine variable alone', () => {
    const install = fakePrismaInstall();
    roots.push(install.root);

    expect(findNativeSchemaEngine(install.prismaDir, { PRISMA_SCHEMA_ENGINE_BINARY: '/opt/schema-engine' })).toBe('PRISMA_SCHEMA_ENGINE_BINARY');
    expect(findNativeSchemaEngine(install.prismaDir, { PRISMA_MIGRATION_ENGINE_BINARY: '/opt/m' })).toBe('PRISMA_MIGRATION_ENGINE_BINARY');
  });

  it('finds a downloaded engine in the @prisma/engines folder', () => {
    const install = fakePrismaInstall();
    roots.push(install.root);
    const engine = join(install.enginesDir, 'schema-engine-debian-openssl-3.0.x');
    writeFileSync(engine, '');

    expect(findNativeSchemaEngine(install.prismaDir, {})).toBe(engine);
  });

  it('ignores a half-downloaded archive', () => {
    const install = fakePrismaInstall();
    roots.push(install.root);
    writeFileSync(join(install.enginesDir, 'schema-engine-debian-openssl-3.0.x.gz'), '');

    expect(findNativeSchemaEngine(install.prismaDir, {})).toBeUndefined();
  });
});
