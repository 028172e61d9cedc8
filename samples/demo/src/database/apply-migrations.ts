import { spawn } from 'node:child_process';
import path from 'node:path';

import { demoRoot } from '../demo-paths.js';
import { DemoError } from '../demo-error.js';
import type { DatabaseTarget } from './database-target.js';

/** A deploy normally takes a few seconds; past this something is stuck, and we say so. */
const DEPLOY_TIMEOUT_MS = 120_000;

/**
 * Brings the database up to the committed migrations with `prisma migrate deploy`, the
 * command a production deploy runs too: it applies only what is missing and records it in
 * `_prisma_migrations`, so running the demo again is a no-op here.
 *
 * It runs through the repo's scripts/prisma.mjs, which uses Prisma's native schema engine
 * where one is installed and an offline stand-in where it cannot be downloaded.
 */
export async function applyMigrations(target: DatabaseTarget): Promise<void> {
  const wrapper = path.join(demoRoot, '..', '..', 'scripts', 'prisma.mjs');
  const config = path.join(demoRoot, 'prisma', target.provider, 'prisma.config.ts');
  const args = [wrapper, 'migrate', 'deploy', '--config', config];

  const { exitCode, output } = await run(process.execPath, args, { ...process.env, DATABASE_URL: target.url });
  if (exitCode !== 0) {
    throw new DemoError(
      'DEMO.MIGRATE_FAILED',
      `prisma migrate deploy on ${target.displayUrl} exited with ${exitCode}: ${lastLines(output, 8)}`,
      exitCode,
    );
  }
}

/** Runs a command to its end, collecting stdout and stderr; kills it after the timeout. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ exitCode: number | string; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: demoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const timer = setTimeout(() => child.kill('SIGTERM'), DEPLOY_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new DemoError('DEMO.MIGRATE_FAILED', `cannot start prisma migrate deploy: ${error.message}`, command, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? `signal ${signal}`, output });
    });
  });
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join(' / ');
}
