// Generates the Prisma clients the integration tests use, one per provider.
//
// Each test schema is assembled the way a user's multi-file schema folder looks: the test's
// own files (generator + datasource in test/prisma/<provider>/schema.prisma, and any test-only
// application models) next to a copy of the shipped model file
// (prisma/<provider>/atomizer.prisma). Generating from that copy proves the shipped file works
// as users add it. Output lands in generated/ (gitignored); `pnpm build` runs this so
// `turbo run build` prepares the clients before tests.
//
// A client whose inputs did not change is left alone: regenerating deletes the folder first,
// which would break test runs that are importing it at that moment.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const providers = ['postgresql', 'sqlite', 'mysql', 'sqlserver'];
const prismaVersion = createRequire(import.meta.url)('prisma/package.json').version;

for (const provider of providers) {
  const testFolder = join(packageRoot, 'test', 'prisma', provider);
  const inputs = [
    ...readdirSync(testFolder)
      .filter((name) => name.endsWith('.prisma'))
      .sort()
      .map((name) => ({ name, from: join(testFolder, name) })),
    { name: 'atomizer.prisma', from: join(packageRoot, 'prisma', provider, 'atomizer.prisma') },
  ];
  const clientFolder = join(packageRoot, 'generated', 'client', provider);
  const stampFile = join(clientFolder, '.inputs-hash');
  const hash = inputsHash(inputs);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) continue;

  const schemaFolder = join(packageRoot, 'generated', 'schema', provider);
  rmSync(schemaFolder, { recursive: true, force: true });
  mkdirSync(schemaFolder, { recursive: true });
  for (const input of inputs) copyFileSync(input.from, join(schemaFolder, input.name));

  rmSync(clientFolder, { recursive: true, force: true });
  execFileSync('prisma', ['generate', '--schema', schemaFolder], {
    cwd: packageRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    // `generate` never starts the schema engine, but the CLI insists on locating one; any
    // path satisfies it (the engine cannot be downloaded here).
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  writeFileSync(stampFile, hash);
}

/** Hash of the schema files (names and contents) and of the Prisma version that generates. */
function inputsHash(inputs) {
  const hash = createHash('sha256').update(`prisma ${prismaVersion}\n`);
  for (const input of inputs) hash.update(`${input.name}\n`).update(readFileSync(input.from)).update('\n');
  return hash.digest('hex');
}
