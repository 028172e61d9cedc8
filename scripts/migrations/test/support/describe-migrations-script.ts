/**
 * scripts/migrations.sh on a copy of the products sample's schema folders (one provider per
 * copy, so each provider's test is independent): Initial is reproducible byte for byte,
 * --check passes on what Initial wrote and catches a hand edit, and a named migration goes on
 * top of the committed ones and checks clean.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const script = join(repoRoot, 'scripts', 'migrations.sh');

/**
 * @param options.full also run Initial a second time and add a named migration on top (the
 * scratch-database path): six more CLI runs, so one provider does it; the other proves its own
 * generation and check (.ci/run's --check covers the demo's PostgreSQL chain besides)
 */
export function describeMigrationsScript(provider: 'sqlite' | 'postgresql', options: { full: boolean }): void {
  describe.skipIf(isSkipped(provider))(`[${provider}] scripts/migrations.sh`, () => {
    let samplesDir: string;
    // The script's own temporary folder (TMPDIR of every run): whatever it leaves there, a
    // failed --check's regenerated files included, goes with this folder in afterAll.
    let scriptTmpDir: string;
    let prismaDir: string;
    let migrationsDir: string;

    beforeAll(() => {
      samplesDir = mkdtempSync(join(tmpdir(), `atomizer-migrations-test-${provider}-`));
      scriptTmpDir = mkdtempSync(join(tmpdir(), `atomizer-migrations-test-tmp-${provider}-`));
      prismaDir = join(samplesDir, 'products-api', 'prisma');
      migrationsDir = join(prismaDir, provider, 'migrations');
      mkdirSync(prismaDir, { recursive: true });

      // The shared model file and this provider's schema folder, without its migrations.
      const source = join(repoRoot, 'samples', 'products-api', 'prisma');
      cpSync(join(source, 'products.prisma'), join(prismaDir, 'products.prisma'));
      cpSync(join(source, provider), join(prismaDir, provider), { recursive: true, filter: (path) => !path.includes('migrations') });
    });

    afterAll(() => {
      rmSync(samplesDir, { recursive: true, force: true });
      rmSync(scriptTmpDir, { recursive: true, force: true });
    });

    const migrations = () => readdirSync(migrationsDir).filter((name) => /^\d{14}_/.test(name)).sort();
    const sqlOf = (folder: string) => readFileSync(join(migrationsDir, folder, 'migration.sql'), 'utf8');
    const runScript = (...args: string[]) => {
      const result = spawnSync(script, [...args, '--samples-dir', samplesDir], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 110_000,
        env: { ...process.env, TMPDIR: scriptTmpDir },
      });
      const output = `${result.stdout}${result.stderr}`;

      // A failed check keeps its regenerated files for the user to diff; the test has read the
      // output, so it removes them at once (and afterAll catches anything the output did not name).
      const kept = /regenerated files kept in (\S+)/.exec(output)?.[1];
      if (kept !== undefined) rmSync(kept, { recursive: true, force: true });
      return { status: result.status, output, kept };
    };

    it(`Initial writes one <timestamp>_Initial migration and the lock file${options.full ? ', byte-identical when run again' : ''}`, () => {
      const first = runScript('Initial');
      const firstSql = sqlOf(migrations()[0] as string);

      const second = options.full ? runScript('Initial') : first;
      const secondSql = sqlOf(migrations()[0] as string);

      expect(first.status, first.output).toBe(0);
      expect(second.status, second.output).toBe(0);
      expect(migrations()).toEqual([expect.stringMatching(/^\d{14}_Initial$/)]);
      expect(readFileSync(join(migrationsDir, 'migration_lock.toml'), 'utf8')).toContain(`provider = "${provider}"`);
      expect(firstSql).toContain('atomizer_jobs');
      expect(secondSql).toBe(firstSql);
    });

    it('--check passes on the generated migration and fails on a hand edit, naming the file and line', () => {
      const clean = runScript('--check');
      const file = join(migrationsDir, migrations()[0] as string, 'migration.sql');
      const original = readFileSync(file, 'utf8');
      appendFileSync(file, '-- tweaked by hand\n');

      const edited = runScript('--check');
      writeFileSync(file, original);

      expect(clean.status, clean.output).toBe(0);
      expect(edited.status).toBe(1);
      expect(edited.output).toMatch(/migration\.sql differs from the regenerated migration at line \d+/);
      expect(edited.output).toContain('-- tweaked by hand');
      expect(edited.kept, 'the failed check names the folder it keeps').toBeDefined();
      expect(edited.kept?.startsWith(scriptTmpDir), `kept ${edited.kept} outside the test's ${scriptTmpDir}`).toBe(true);
    });

    if (options.full) {
      it('a named migration goes on top of the committed ones with only the change, and checks clean', () => {
        const before = migrations();
        appendFileSync(join(prismaDir, 'products.prisma'), '\nmodel Supplier {\n  id   String @id\n  name String\n\n  @@map("suppliers")\n}\n');

        const added = runScript('AddSuppliers');
        const check = runScript('--check');

        const after = migrations();
        expect(added.status, added.output).toBe(0);
        expect(after).toEqual([...before, expect.stringMatching(/^\d{14}_AddSuppliers$/)]);
        expect(sqlOf(after[1] as string)).toMatch(/^-- CreateTable\nCREATE TABLE "suppliers"/);
        expect(sqlOf(after[1] as string)).not.toContain('atomizer_jobs');
        expect(check.status, check.output).toBe(0);
      });
    }
  });
}

/** ATOMIZER_TEST_SKIP from the environment, else from test.env (the rules of scripts/run-tests.mjs). */
function isSkipped(provider: string): boolean {
  let list = process.env.ATOMIZER_TEST_SKIP;
  const envFile = join(repoRoot, 'test.env');
  if (list === undefined && existsSync(envFile)) {
    list = /^\s*ATOMIZER_TEST_SKIP\s*=\s*(.*)$/m.exec(readFileSync(envFile, 'utf8'))?.[1];
  }
  return (list ?? '').split(',').map((name) => name.trim()).includes(provider);
}
