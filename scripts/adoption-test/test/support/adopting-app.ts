/**
 * One provider's app inside the throwaway install, built by following docs/prisma-storage.md
 * ("Adopting it"): copy the shipped model file into the schema folder, migrate, generate,
 * then construct the storage and process a job.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { run } from './run.js';
import { repoRoot } from './throwaway-app.js';

const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');
const workspaceRequire = createRequire(import.meta.url);

/** The fixture tsconfig, with Node's types taken from the workspace (see generateAndCompile). */
function appTsconfig(): string {
  const config = JSON.parse(readFileSync(join(fixturesDir, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  config.compilerOptions.typeRoots = [dirname(dirname(workspaceRequire.resolve('@types/node/package.json')))];
  config.compilerOptions.types = ['node'];
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** The offline stand-in for Prisma's native schema engine (docs/prisma-offline.md). */
const bridge = join(repoRoot, 'scripts', 'schema-engine-bridge', 'bin', 'schema-engine-bridge.mjs');

export type AdoptionProvider = 'sqlite' | 'postgresql';

export class AdoptingApp {
  readonly dir: string;

  /** @param installDir the throwaway install; the app lives in a subfolder, so it resolves its node_modules */
  constructor(
    private readonly installDir: string,
    readonly provider: AdoptionProvider,
    private readonly databaseUrl: string,
  ) {
    this.dir = join(installDir, `${provider}-app`);
  }

  /** Step 2: the app's schema folder with Atomizer's model file copied from the installed package. */
  writeSchema(): void {
    mkdirSync(join(this.dir, 'prisma'), { recursive: true });
    const schema = readFileSync(join(fixturesDir, 'schema.prisma'), 'utf8').replace('__PROVIDER__', this.provider);
    writeFileSync(join(this.dir, 'prisma', 'schema.prisma'), schema);

    // Resolved through the package's `exports`, as a user's tooling would find it.
    const shipped = createRequire(join(this.dir, 'package.json')).resolve(`@atomizer/prisma-storage/prisma/${this.provider}/atomizer.prisma`);
    copyFileSync(shipped, join(this.dir, 'prisma', 'atomizer.prisma'));

    copyFileSync(join(fixturesDir, 'prisma.config.ts'), join(this.dir, 'prisma.config.ts'));
    writeFileSync(join(this.dir, 'tsconfig.json'), appTsconfig());
    copyFileSync(join(fixturesDir, 'process-one-job.ts'), join(this.dir, 'process-one-job.ts'));
    copyFileSync(join(fixturesDir, `open-prisma.${this.provider}.ts`), join(this.dir, 'open-prisma.ts'));
  }

  /**
   * Step 3: `prisma migrate dev --name atomizer`. On SQLite the offline bridge fails that
   * command, so the migration is created with `prisma migrate diff --from-empty` and applied
   * with `prisma migrate deploy`: the same SQL and the same _prisma_migrations row.
   * @returns the migration's SQL
   */
  migrate(): string {
    if (this.provider === 'postgresql') {
      this.prisma(['migrate', 'dev', '--name', 'atomizer']);
    } else {
      // TODO: use `migrate dev` here too once the offline bridge supports it on SQLite (it fails
      // with "The underlying table for model `_prisma_migrations` does not exist").
      const folder = join(this.dir, 'prisma', 'migrations', '20260101000000_atomizer');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(this.dir, 'prisma', 'migrations', 'migration_lock.toml'), `provider = "${this.provider}"\n`);
      this.prisma(['migrate', 'diff', '--from-empty', '--to-schema', 'prisma', '--script', '--output', join(folder, 'migration.sql')]);
      this.prisma(['migrate', 'deploy']);
    }
    return this.migrationSql();
  }

  /**
   * Step 4: `prisma generate`, then the app's TypeScript is compiled (and so type-checked)
   * against the installed packages' declarations. The compiler is the workspace's own: the
   * toolchain is not what this test proves, and installing it would only add time.
   */
  generateAndCompile(): void {
    this.prisma(['generate']);
    run(process.execPath, [workspaceRequire.resolve('typescript/bin/tsc'), '-p', '.'], { cwd: this.dir });
  }

  /** Runs the app; returns what it printed on its RESULT line. */
  processOneJob(): { status: string; attempts: number; greetings: string[] } {
    const output = run(process.execPath, ['dist/process-one-job.js'], {
      cwd: this.dir,
      env: { DATABASE_URL: this.databaseUrl, ATOMIZER_LOG_LEVEL: 'silent' },
    });
    const line = output.split('\n').find((text) => text.startsWith('RESULT '));
    if (line === undefined) throw new Error(`the app printed no RESULT line:\n${output}`);
    return JSON.parse(line.slice('RESULT '.length)) as { status: string; attempts: number; greetings: string[] };
  }

  private migrationSql(): string {
    const migrations = join(this.dir, 'prisma', 'migrations');
    const folder = readdirSync(migrations).find((name) => /^\d{14}_atomizer$/.test(name));
    if (folder === undefined) throw new Error(`no *_atomizer migration in ${migrations}`);
    return readFileSync(join(migrations, folder, 'migration.sql'), 'utf8');
  }

  /** The app's own Prisma CLI (from the registry), with the offline bridge as schema engine. */
  private prisma(args: string[]): string {
    return run(process.execPath, [join(this.installDir, 'node_modules', 'prisma', 'build', 'index.js'), ...args], {
      cwd: this.dir,
      env: {
        DATABASE_URL: this.databaseUrl,
        PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? bridge,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
    });
  }
}
