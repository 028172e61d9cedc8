import { runStorageConformance } from '@atomizer/core/testing';

import { describeDatabase } from './support/describe-database.js';
import { TEST_PROVIDERS } from './support/test-env.js';

// The contract's own suite, unchanged, on every provider. One database per provider for the
// whole file; each test starts from empty tables.
for (const provider of TEST_PROVIDERS) {
  describeDatabase(provider, 'PrismaStorage', (database) => {
    runStorageConformance({
      name: `prisma (${provider})`,
      create: async () => {
        await database().truncate();
        return { storage: database().storage, cleanup: async () => {} };
      },
    });
  });
}
