#!/usr/bin/env node
// Copies Atomizer's model file of each provider from @atomizer/prisma-storage into the demo's
// schema folder, which is what a user of Atomizer does once. After a change, create a migration:
// `node scripts/create-migration.mjs <name>`. test/atomizer-models.test.ts fails while the
// copies differ from their source.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';

import { demoRoot, providers } from './demo-paths.mjs';

for (const provider of providers) {
  const source = join(demoRoot, '..', '..', 'packages', 'prisma-storage', 'prisma', provider, 'atomizer.prisma');
  const target = join(demoRoot, 'prisma', provider, 'atomizer.prisma');
  copyFileSync(source, target);
  process.stdout.write(`copied ${source} -> ${target}\n`);
}
