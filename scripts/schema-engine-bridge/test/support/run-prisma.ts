import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** scripts/prisma.mjs, the wrapper under test. */
export const PRISMA_WRAPPER = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'prisma.mjs');

/** A command that runs longer than this is hung, which is itself a failure. */
const HANG_LIMIT_MS = 90_000;

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the command was killed for running past the hang limit. */
  hung: boolean;
}

/**
 * Runs `node scripts/prisma.mjs <args>` in `cwd` the way a developer would, with no engine
 * variable set, so the wrapper's own decision is what gets tested.
 */
export function runPrisma(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', ...env };
  delete childEnv.PRISMA_SCHEMA_ENGINE_BINARY;
  delete childEnv.PRISMA_MIGRATION_ENGINE_BINARY;

  return runCommand(process.execPath, [PRISMA_WRAPPER, ...args], cwd, childEnv);
}

/** Runs a command to completion, killing it (and reporting `hung`) past the hang limit. */
export function runCommand(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  input?: string,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let hung = false;

    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, HANG_LIMIT_MS);

    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, hung });
    });

    if (input !== undefined) {
      child.stdin.write(input);
    }
    child.stdin.end();
  });
}
