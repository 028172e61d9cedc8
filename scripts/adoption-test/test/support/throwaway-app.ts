/**
 * A throwaway app outside the workspace with both packages installed from their `pnpm pack`
 * tarballs, and Prisma, its adapters and zod from the npm registry: what a user gets from
 * `npm install @atomizer/core @atomizer/prisma-storage ...`.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { run } from './run.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const workspaceRequire = createRequire(join(repoRoot, 'packages', 'prisma-storage', 'package.json'));

/** The installed app: its folder (with node_modules) and where the tarballs were packed. */
export interface ThrowawayApp {
  dir: string;
  remove(): Promise<void>;
}

/** Packs both packages and installs them, with Prisma from the registry, into a new folder. */
export function installThrowawayApp(): ThrowawayApp {
  const dir = mkdtempSync(join(tmpdir(), 'atomizer-adoption-'));
  const packDir = join(dir, 'tarballs');
  mkdirSync(packDir);

  const tarballs = ['core', 'prisma-storage'].map((name) => packPackage(join(repoRoot, 'packages', name), packDir));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'atomizer-adoption-app', private: true, type: 'module' }, null, 2)}\n`);

  // Same Prisma version as the workspace; the registry serves everything but our tarballs.
  // --ignore-scripts: Prisma's postinstall would try to download its native engine, which
  // cannot be downloaded here (migrate uses the offline bridge instead, see migrate()).
  const prismaVersion = installedVersion('prisma');
  run(
    'npm',
    [
      'install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error',
      ...tarballs,
      `prisma@${prismaVersion}`,
      `@prisma/client@${prismaVersion}`,
      `@prisma/adapter-better-sqlite3@${prismaVersion}`,
      `@prisma/adapter-pg@${prismaVersion}`,
      `better-sqlite3@${installedVersion('better-sqlite3')}`,
      'zod@^4',
    ],
    { cwd: dir, timeoutMs: 150_000 },
  );
  provideBetterSqlite3Binary(dir);

  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** `pnpm pack` into `packDir`; returns the tarball's path. */
function packPackage(packageDir: string, packDir: string): string {
  const before = new Set(readdirSync(packDir));
  run('pnpm', ['pack', '--pack-destination', packDir], { cwd: packageDir });
  const tarball = readdirSync(packDir).find((name) => !before.has(name) && name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball for ${packageDir}`);
  return join(packDir, tarball);
}

/** The version of a package the workspace uses (resolved from prisma-storage). */
function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(workspaceRequire.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

/**
 * better-sqlite3's native addon is compiled at install, from source here (its prebuilt binaries
 * are downloaded from GitHub, which is unreachable): minutes on this machine. The workspace has
 * compiled the very same version for this Node, so its binary is copied instead; when the
 * versions ever differ, the app compiles its own.
 */
function provideBetterSqlite3Binary(appDir: string): void {
  const target = join(appDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  const workspaceDir = dirname(workspaceRequire.resolve('better-sqlite3/package.json'));
  const source = join(workspaceDir, 'build', 'Release', 'better_sqlite3.node');

  if (existsSync(source)) {
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
  } else {
    run('npm', ['rebuild', 'better-sqlite3'], { cwd: appDir, timeoutMs: 600_000 });
  }
}
