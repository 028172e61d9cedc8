import { defineConfig } from 'vitest/config';

// One run over every package and sample; each project keeps its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ['packages/*', 'samples/*'],
  },
});
