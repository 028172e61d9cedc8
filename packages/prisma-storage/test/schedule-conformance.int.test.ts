import { runScheduleConformance } from '@atomizer/core/testing';

import { describeDatabase } from './support/describe-database.js';
import { TEST_PROVIDERS } from './support/test-env.js';

// The schedule half of the contract's suite, on every provider whose dialect leases schedules
// (src/dialects/schedule-leases.ts).
for (const provider of TEST_PROVIDERS) {
  describeDatabase(provider, 'PrismaStorage schedules', (database) => {
    runScheduleConformance({
      name: `prisma (${provider})`,
      create: async () => {
        await database().truncate();
        await database().query('DELETE FROM atomizer_schedules');
        return { storage: database().storage, cleanup: async () => {} };
      },
    });
  });
}
