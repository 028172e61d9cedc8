// Generates the Prisma clients the integration tests use, one per provider.
//
// Each test schema is assembled the way a user's multi-file schema folder looks: the test's
// own files (generator + datasource in test/prisma/<provider>/schema.prisma, and any test-only
// application models) next to a copy of the shipped model file (prisma/<provider>/atomizer.prisma). Generating from that copy proves the
// shipped file works as users add it. Output lands in generated/ (gitignored); `pnpm build`
// runs this so `turbo run build` prepares the clients before tests.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const providers = ['postgresql', 'sqlite', 'mysql', 'sqlserver'];

for (const provider of providers) {
  const schemaFolder = join(packageRoot, 'generated', 'schema', provider);
  rmSync(schemaFolder, { recursive: true, force: true });
  mkdirSync(schemaFolder, { recursive: true });
  // The test schema head and any test-only models, then the shipped model file.
  const testFolder = join(packageRoot, 'test', 'prisma', provider);
  for (const file of readdirSync(testFolder).filter((name) => name.endsWith('.prisma'))) {
    copyFileSync(join(testFolder, file), join(schemaFolder, file));
  }
  copyFileSync(join(packageRoot, 'prisma', provider, 'atomizer.prisma'), join(schemaFolder, 'atomizer.prisma'));

  rmSync(join(packageRoot, 'generated', 'client', provider), { recursive: true, force: true });
  execFileSync('prisma', ['generate', '--schema', schemaFolder], {
    cwd: packageRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    // `generate` never starts the schema engine, but the CLI insists on locating one; any
    // path satisfies it (the engine cannot be downloaded here).
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
}
