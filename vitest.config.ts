import { defineConfig } from 'vitest/config';

// One run over every package and sample; each project keeps its own vitest.config.ts.
export default defineConfig({
  test: {
    // Config files, not `scripts/*`: that glob would also match scripts/*.mjs, which vitest rejects.
    projects: ['packages/*', 'samples/*', 'scripts/*/vitest.config.ts'],
    // A provider without a database URL gets a throwaway container when a Docker engine
    // answers; its URL reaches every project's tests through the environment.
    globalSetup: ['packages/prisma-storage/test/support/database-containers.ts'],
  },
});
