import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Env vars through which a user points the CLI at an engine binary (the second is legacy). */
const ENGINE_ENV_VARS = ['PRISMA_SCHEMA_ENGINE_BINARY', 'PRISMA_MIGRATION_ENGINE_BINARY'];

/**
 * Tells how the Prisma CLI would find a native schema engine, if it can.
 *
 * Mirrors the CLI's own lookup (prisma/build/cli.js): an env var first, then a file named
 * `schema-engine-<platform>` in the @prisma/engines folder, in the prisma package folder, or in
 * its `runtime/` folder. That file exists only where @prisma/engines' install script managed to
 * download it, which is never the case here.
 *
 * @param {string} prismaPackageDir folder of the `prisma` package that will run
 * @param {NodeJS.ProcessEnv} env
 * @returns {string | undefined} the env var name or file path that provides it; undefined if none
 */
export function findNativeSchemaEngine(prismaPackageDir, env) {
  const envVar = ENGINE_ENV_VARS.find((name) => env[name] !== undefined && env[name] !== '');
  if (envVar !== undefined) {
    return envVar;
  }

  const folders = [prismaPackageDir, join(prismaPackageDir, 'runtime')];
  const enginesDir = enginesPackageDir(prismaPackageDir);
  if (enginesDir !== undefined) {
    folders.unshift(enginesDir);
  }

  for (const folder of folders) {
    const engineFile = schemaEngineFileIn(folder);
    if (engineFile !== undefined) {
      return engineFile;
    }
  }
  return undefined;
}

/** @param {string} prismaPackageDir */
function enginesPackageDir(prismaPackageDir) {
  try {
    const require = createRequire(join(prismaPackageDir, 'package.json'));
    return dirname(dirname(require.resolve('@prisma/engines')));
  } catch {
    return undefined;
  }
}

/** @param {string} folder */
function schemaEngineFileIn(folder) {
  if (!existsSync(folder)) {
    return undefined;
  }

  const name = readdirSync(folder).find((entry) => /^schema-engine-[\w.-]+$/.test(entry) && !entry.endsWith('.gz'));
  if (name === undefined) {
    return undefined;
  }

  const path = join(folder, name);
  return statSync(path).isFile() ? path : undefined;
}
