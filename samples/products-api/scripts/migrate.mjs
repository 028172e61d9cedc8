#!/usr/bin/env node
// Applies the committed migrations of the provider DATABASE_URL selects:
//
//   prisma migrate deploy --config prisma/<provider>/prisma.config.ts
//
// the one command a deployment runs before the app starts (`pnpm start` runs it first). It goes
// through the repo's Prisma wrapper, which uses Prisma's native schema engine where it is
// installed and the offline bridge otherwise (PostgreSQL and SQLite only; see
// docs/prisma-offline.md). In your own app this is plain `prisma migrate deploy`.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { resolveDatabaseTarget } from '../dist/database/database-target.js';
import { sqliteFilePath } from '../dist/database/open-database.js';
import { prismaConfigFor, sampleRoot } from './sample-paths.mjs';
import { runPrisma } from './run-prisma.mjs';

const target = resolveDatabaseTarget(process.env.DATABASE_URL, join(sampleRoot, '.data'));

// Prisma's CLI would resolve a relative SQLite path against the config's folder, the app
// against the working directory: hand both the same absolute path.
let url = target.url;
if (target.provider === 'sqlite') {
  const file = sqliteFilePath(url);
  mkdirSync(dirname(file), { recursive: true });
  url = `file:${file}`;
}

process.stdout.write(`migrate: applying prisma/${target.provider}/migrations to ${target.displayUrl}\n`);
runPrisma(['migrate', 'deploy', '--config', prismaConfigFor(target.provider)], { databaseUrl: url, quiet: true });
process.stdout.write('migrate: done\n');
