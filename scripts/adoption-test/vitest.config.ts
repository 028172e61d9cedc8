import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'adoption',
    include: ['test/**/*.test.ts'],
    // Each provider migrates, generates and compiles an app with the real CLI and tsc.
    testTimeout: 120_000,
  },
});
