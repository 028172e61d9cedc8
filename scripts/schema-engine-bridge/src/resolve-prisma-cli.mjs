import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Finds the `prisma` CLI of the package the command is run from, else of a fallback folder.
 *
 * Each workspace package may pin its own prisma; resolving from the working directory picks the
 * one that package would run with `pnpm exec prisma`. The fallbacks (the repo root, then this
 * bridge package, which pins the version the bridge is tested with) cover folders without one.
 *
 * @param {string} fromDir usually `process.cwd()`
 * @param {string[]} fallbackDirs tried in order when `fromDir` cannot see a `prisma` package
 * @returns {{ packageDir: string, cliPath: string }}
 * @throws {Error} when no folder can resolve `prisma`
 */
export function resolvePrismaCli(fromDir, fallbackDirs) {
  const dirs = [fromDir, ...fallbackDirs];
  for (const dir of dirs) {
    try {
      const require = createRequire(join(dir, 'package.json'));
      const packageJsonPath = require.resolve('prisma/package.json');
      const packageDir = dirname(packageJsonPath);
      const { bin } = require(packageJsonPath);
      const binPath = typeof bin === 'string' ? bin : bin.prisma;

      return { packageDir, cliPath: join(packageDir, binPath) };
    } catch {
      // Not resolvable from here; try the next folder.
    }
  }

  throw new Error(
    `cannot find the "prisma" package from any of ${dirs.join(', ')}; add prisma as a devDependency`,
  );
}
