import { runProcessingConformance } from '@atomizer/core/testing';

import { describeDatabase } from './support/describe-database.js';
import { TEST_PROVIDERS } from './support/test-env.js';

// Real AtomizerServers and an AtomizerClient over PrismaStorage: retries, visibility-timeout
// takeover with fenced late writes, graceful shutdown, and several servers sharing one database.
for (const provider of TEST_PROVIDERS) {
  describeDatabase(
    provider,
    'PrismaStorage',
    (database) => {
      runProcessingConformance({
        name: `prisma (${provider})`,
        create: async () => {
          await database().truncate();
          return { storage: database().storage, cleanup: async () => {} };
        },
      });
    },
    { timeout: 120_000 },
  );
}
