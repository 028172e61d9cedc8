// Writes prisma/<provider>/atomizer.sql: the DDL of the shipped model file, for users who
// manage SQL by hand, and the DDL the integration tests apply. Run it after changing a model
// file: `pnpm --filter @atomizer/prisma-storage generate:ddl` (test/ddl-drift.int.test.ts fails
// while a shipped .sql file is out of date).
//
// The DDL comes from `prisma migrate diff --from-empty --to-schema ... --script`, run through
// the repo's offline schema engine bridge (scripts/prisma.mjs), which needs a database
// connection of the provider's kind: ATOMIZER_TEST_POSTGRES_URL for PostgreSQL, a temporary
// file for SQLite. The schema diffed is the shipped model file plus a datasource block.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { diffFromEmpty } from './migrate-diff.mjs';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const providers = process.argv.length > 2 ? process.argv.slice(2) : ['postgresql', 'sqlite'];

for (const provider of providers) {
  const ddl = diffFromEmpty(provider);
  const target = join(packageRoot, 'prisma', provider, 'atomizer.sql');
  writeFileSync(target, ddl);
  process.stdout.write(`wrote ${target}\n`);
}
