#!/usr/bin/env node
// Keeps every sample's per-provider schema folder in step with the model files it copies, so a
// model change is made in one place:
//
//   packages/prisma-storage/prisma/<provider>/atomizer.prisma -> samples/<sample>/prisma/<provider>/atomizer.prisma
//   samples/<sample>/prisma/<models>.prisma (shared by providers) -> samples/<sample>/prisma/<provider>/<models>.prisma
//
// Usage: node scripts/sync-models.mjs [--check] [--only <sample>] [--samples-dir <dir>]
//   (no flag)  write the copies that differ from their source, and say which
//   --check    write nothing; exit 1 naming each copy that differs
// scripts/migrations.sh runs this first (and its --check runs the check), so migrations are
// always generated from current models. Copies are byte-for-byte: a schema folder reads exactly
// as a user's does after following the README.
import { parseArgs } from 'node:util';

import { planModelCopies, syncModelCopies } from './migrations/model-copies.mjs';

const { values } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    'samples-dir': { type: 'string' },
  },
});

const copies = planModelCopies(values.only, values['samples-dir']);
const stale = syncModelCopies(copies, { write: !values.check, log: (line) => process.stdout.write(`${line}\n`) });

if (values.check && stale.length > 0) {
  process.stderr.write(`sync-models: ${stale.length} model copies differ from their source; run node scripts/sync-models.mjs\n`);
  process.exit(1);
}
process.stdout.write(`sync-models: ${copies.length} model copies ${values.check ? 'checked' : 'in sync'}\n`);
