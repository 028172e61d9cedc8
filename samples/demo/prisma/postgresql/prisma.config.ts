import { defineConfig } from 'prisma/config';

// Used by the build (prisma generate) and by the demo at start (prisma migrate deploy), both
// through scripts/prisma.mjs. Generate needs no URL, so a missing DATABASE_URL is not an error
// here; the demo always passes one to migrate.
export default defineConfig({
  schema: '.',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
