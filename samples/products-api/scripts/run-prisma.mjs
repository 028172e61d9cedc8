// Runs the Prisma CLI through the repo's wrapper, from the sample's folder (so the sample's own
// pinned prisma runs), and fails loudly with the CLI's output when it fails.
import { spawnSync } from 'node:child_process';

import { prismaWrapper, sampleRoot } from './sample-paths.mjs';

/**
 * @param {string[]} args prisma CLI arguments
 * @param {{ databaseUrl?: string, quiet?: boolean }} [options]
 */
export function runPrisma(args, options = {}) {
  const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
  if (options.databaseUrl !== undefined) env.DATABASE_URL = options.databaseUrl;

  const output = options.quiet ? 'pipe' : 'inherit';
  const result = spawnSync(process.execPath, [prismaWrapper, ...args], {
    cwd: sampleRoot,
    env,
    stdio: ['ignore', output, output],
    encoding: 'utf8',
  });

  if (result.status !== 0) {
    const details = options.quiet ? `\n${result.stdout}${result.stderr}` : '';
    throw new Error(`prisma ${args.join(' ')} exited with ${result.status ?? result.signal}${details}`);
  }
}
