import { defineConfig } from 'prisma/config';

// Used by `prisma generate` (the build) and by `prisma migrate deploy`, run from this folder's
// parent package. Generate needs no database URL, so a missing DATABASE_URL is not an error.
export default defineConfig({
  schema: '.',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
