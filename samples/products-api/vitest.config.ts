import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'products-api',
    include: ['test/**/*.test.ts'],
    // Each provider's test starts the sample as a child process (migrations included) and
    // waits for real jobs; the adoption test installs packages from the registry.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
