import { defineConfig } from 'vitest/config';

// One run over every package and sample; each project keeps its own vitest.config.ts.
export default defineConfig({
  test: {
    // Config files, not `scripts/*`: that glob would also match scripts/*.mjs, which vitest rejects.
    projects: ['packages/*', 'samples/*', 'scripts/*/vitest.config.ts'],
    // Most test files wait on a database or a child process, not on the CPU, so running a few
    // files at once beats vitest's default of one worker on a two-core machine.
    maxWorkers: 3,
    // A provider without a database URL gets a throwaway container when a Docker engine
    // answers; its URL reaches every project's tests through the environment.
    globalSetup: ['packages/prisma-storage/test/support/database-containers.ts'],
  },
});
