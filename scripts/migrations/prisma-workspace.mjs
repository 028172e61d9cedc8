// Runs the official Prisma CLI on one sample schema folder, with a throwaway config and
// migrations folder, so the committed files are never touched while generating or checking.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { lockFileContent } from './migration-files.mjs';
import { repoRoot } from './repo-paths.mjs';
import { cliDir } from './schema-engine.mjs';

/** The repo's CLI wrapper: native schema engine when there is one, else the offline bridge. */
const prismaWrapper = join(repoRoot, 'scripts', 'prisma.mjs');

/**
 * A temporary folder with a Prisma config whose schema is the sample's folder and whose
 * migrations are copies of the given committed ones.
 */
export class PrismaWorkspace {
  /**
   * @param {{ provider: string, schemaDir: string, migrationsDir: string }} folder
   * @param {Array<{ folder: string }>} migrations committed migrations to copy in, oldest first
   */
  constructor(folder, migrations) {
    this.folder = folder;
    this.dir = mkdtempSync(join(tmpdir(), `atomizer-migrations-${folder.provider}-`));
    this.migrationsDir = join(this.dir, 'migrations');
    this.configPath = join(this.dir, 'prisma.config.mjs');

    mkdirSync(this.migrationsDir);
    writeFileSync(join(this.migrationsDir, 'migration_lock.toml'), lockFileContent(folder.provider));
    for (const migration of migrations) {
      cpSync(join(folder.migrationsDir, migration.folder), join(this.migrationsDir, migration.folder), { recursive: true });
    }

    // A plain object: Prisma's defineConfig only adds types, and this folder cannot import it.
    const config = {
      schema: folder.schemaDir,
      migrations: { path: this.migrationsDir },
    };
    writeFileSync(
      this.configPath,
      `export default { ...${JSON.stringify(config)}, datasource: { url: process.env.DATABASE_URL } };\n`,
    );
  }

  /**
   * `prisma migrate deploy` of the workspace's migrations onto `databaseUrl`.
   * @param {string} databaseUrl
   */
  deploy(databaseUrl) {
    this.#run(['migrate', 'deploy'], databaseUrl, [0]);
  }

  /**
   * `prisma migrate diff ... --to-schema <sample folder> --script`: the SQL that takes `from` to
   * the sample's schema.
   * @param {'empty' | 'database'} from an empty datamodel, or the database at `databaseUrl`
   * @param {string} databaseUrl the config's datasource (the bridge connects to it even from empty)
   * @returns {string} the SQL; empty when there is no difference
   */
  diffToSchema(from, databaseUrl) {
    const output = join(this.dir, 'diff.sql');
    const source = from === 'empty' ? '--from-empty' : '--from-config-datasource';
    const status = this.#run(
      ['migrate', 'diff', source, '--to-schema', this.folder.schemaDir, '--script', '--exit-code', '--output', output],
      databaseUrl,
      [0, 2],
    );
    // --exit-code: 0 means no difference, 2 means there is one.
    return status === 0 ? '' : readFileSync(output, 'utf8');
  }

  remove() {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * @param {string[]} args
   * @param {string} databaseUrl
   * @param {number[]} allowedStatuses
   */
  #run(args, databaseUrl, allowedStatuses) {
    const result = spawnSync(process.execPath, [prismaWrapper, ...args, '--config', this.configPath], {
      cwd: cliDir,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (result.status === null || !allowedStatuses.includes(result.status)) {
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
      throw new Error(`prisma ${args.slice(0, 2).join(' ')} failed (${result.status ?? result.signal}): ${output}`);
    }
    return result.status;
  }
}
