#!/usr/bin/env node
// Build step: generates one Prisma client per provider into src/generated/<provider> from the
// schema folder prisma/<provider>. Generate needs neither a database nor a schema engine.
//
// Each generation takes seconds, so a client is regenerated only when its schema files (or the
// Prisma version) changed since the last run: the hash of both is kept next to the output.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { prismaConfigFor, providers, sampleRoot, schemaFolderFor } from './sample-paths.mjs';
import { runPrisma } from './run-prisma.mjs';

const prismaVersion = createRequire(join(sampleRoot, 'package.json'))('prisma/package.json').version;

for (const provider of providers) {
  const stampFile = join(sampleRoot, 'src', 'generated', provider, '.schema-hash');
  const hash = schemaHash(provider);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) continue;

  runPrisma(['generate', '--config', prismaConfigFor(provider)], { quiet: true });
  writeFileSync(stampFile, hash);
}

/** @param {string} provider */
function schemaHash(provider) {
  const folder = schemaFolderFor(provider);
  const digest = createHash('sha256').update(`prisma ${prismaVersion}\n`);
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.prisma')).sort()) {
    digest.update(`${file}\n`).update(readFileSync(join(folder, file)));
  }
  return digest.digest('hex');
}
