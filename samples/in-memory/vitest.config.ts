import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'in-memory',
    include: ['test/**/*.test.ts'],
  },
});
