// Runs the Prisma CLI through the repo's wrapper, from the demo folder (so the demo's own
// pinned prisma is the one that runs), and fails loudly when it fails.
import { spawnSync } from 'node:child_process';

import { demoRoot, prismaWrapper } from './demo-paths.mjs';

/**
 * @param {string[]} args prisma CLI arguments
 * @param {{ databaseUrl?: string, allowedExitCodes?: number[], quiet?: boolean }} [options]
 * @returns {number} the exit code, one of `allowedExitCodes` (default [0])
 */
export function runPrisma(args, options = {}) {
  const env = { ...process.env };
  if (options.databaseUrl !== undefined) env.DATABASE_URL = options.databaseUrl;

  const result = spawnSync(process.execPath, [prismaWrapper, ...args], {
    cwd: demoRoot,
    env,
    stdio: ['ignore', options.quiet ? 'pipe' : 'inherit', options.quiet ? 'pipe' : 'inherit'],
    encoding: 'utf8',
  });

  const allowed = options.allowedExitCodes ?? [0];
  if (result.status === null || !allowed.includes(result.status)) {
    const output = options.quiet ? `\n${result.stdout}${result.stderr}` : '';
    throw new Error(`prisma ${args.join(' ')} exited with ${result.status ?? result.signal}${output}`);
  }
  return result.status;
}
