import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'schema-engine-bridge',
    include: ['test/**/*.test.ts'],
    // Each test drives the real Prisma CLI, which loads its config and the 5 MB WASM engine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
