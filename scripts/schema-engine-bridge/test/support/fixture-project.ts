import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Fixture projects live inside this package (git-ignored), not in the OS temp folder: Prisma
 * loads prisma.config.ts with Node resolution, so `import 'prisma/config'` must find this
 * package's node_modules.
 */
const WORK_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.test-work');

export type FixtureProvider = 'postgresql' | 'sqlite' | 'mysql';

/** The two-model schema every test migrates: a relation, so a foreign key is emitted too. */
export function twoModelSchema(provider: FixtureProvider): string {
  return `datasource db {
  provider = "${provider}"
}

generator client {
  provider = "prisma-client"
  output   = "./generated"
}

model Author {
  id    Int    @id @default(autoincrement())
  name  String
  books Book[]
}

model Book {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   Author @relation(fields: [authorId], references: [id])
}
`;
}

/** A folder with schema.prisma and a prisma.config.ts pointing at `url`. */
export interface FixtureProject {
  dir: string;
  /** Writes `migrations/<name>/migration.sql` (and the lock file the CLI expects). */
  addMigration(name: string, sql: string): void;
  remove(): void;
}

export function createFixtureProject(provider: FixtureProvider, url: string): FixtureProject {
  const dir = join(WORK_ROOT, `${provider}-${randomUUID()}`);
  mkdirSync(join(dir, 'migrations'), { recursive: true });

  writeFileSync(join(dir, 'schema.prisma'), twoModelSchema(provider));
  writeFileSync(
    join(dir, 'prisma.config.ts'),
    `import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: ${JSON.stringify(url)} },
});
`,
  );
  writeFileSync(join(dir, 'migrations', 'migration_lock.toml'), `provider = "${provider}"\n`);

  return {
    dir,
    addMigration(name, sql) {
      mkdirSync(join(dir, 'migrations', name), { recursive: true });
      writeFileSync(join(dir, 'migrations', name, 'migration.sql'), sql);
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
