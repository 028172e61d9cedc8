import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'prisma-storage',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Starts a database container for a provider without a URL when a Docker engine answers.
    globalSetup: ['test/support/database-containers.ts'],
  },
});
