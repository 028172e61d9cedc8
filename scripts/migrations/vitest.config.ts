import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'migrations-script',
    include: ['test/**/*.test.ts'],
    // Every step runs the real Prisma CLI (with the offline bridge) one or more times.
    testTimeout: 120_000,
  },
});
