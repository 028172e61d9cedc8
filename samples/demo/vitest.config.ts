import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'demo',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The end-to-end runs migrate a database and process a few hundred jobs each.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
