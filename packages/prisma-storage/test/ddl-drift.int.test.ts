import { expect, it } from 'vitest';

import { diffFromEmpty } from '../scripts/migrate-diff.mjs';
import { describeDatabase } from './support/describe-database.js';
import { shippedDdl } from './support/test-database.js';
import { requireUrl } from './support/test-env.js';

// The shipped atomizer.sql must be exactly what Prisma generates from the shipped model file
// today; otherwise users who apply the SQL by hand get a schema their client does not match.
// Fix a failure with `pnpm --filter @atomizer/prisma-storage generate:ddl`.
for (const provider of ['sqlite', 'postgresql'] as const) {
  describeDatabase(provider, 'shipped DDL', () => {
    it(`prisma/${provider}/atomizer.sql matches prisma migrate diff of atomizer.prisma`, () => {
      const generated = diffFromEmpty(provider, provider === 'postgresql' ? { postgresUrl: requireUrl('postgresql') } : {});

      expect(shippedDdl(provider)).toBe(generated);
    }, 120_000);
  });
}
