#!/usr/bin/env node
/**
 * `pnpm demo`: the command line around {@link runDemo}. Exit codes: 0 when the run went as
 * designed (its designed failures included), 1 on anything unexpected, 2 on a usage error,
 * 130 when interrupted with Ctrl-C.
 */
import { parseDemoArgs, USAGE } from './cli/parse-args.js';
import { resolveDatabaseTarget } from './database/database-target.js';
import { DemoError } from './demo-error.js';
import { createDemoLogger } from './logging/create-logger.js';
import { formatSummary } from './report/format-summary.js';
import { runDemo } from './run-demo.js';

async function main(): Promise<number> {
  // pnpm runs the script in samples/demo; INIT_CWD is where the user typed the command.
  const baseDir = process.env.INIT_CWD ?? process.cwd();
  let args;
  try {
    args = parseDemoArgs(process.argv.slice(2), baseDir);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  const database = resolveDatabaseTarget(process.env.DATABASE_URL, args.dataDir, baseDir);
  const { logger, destination } = createDemoLogger(process.env, args.dataDir);

  // Ctrl-C stops the run cleanly: the server drains and releases its leases before we exit.
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort(new DemoError('DEMO.INTERRUPTED', 'interrupted (SIGINT)')));
  const signal = AbortSignal.any([interrupt.signal, AbortSignal.timeout(args.timeoutMs)]);

  process.stderr.write(`Atomizer demo: ${database.provider} (${database.displayUrl}), folder ${args.directory}\n`);
  const result = await runDemo({
    directory: args.directory,
    database,
    logger,
    logDestination: destination,
    progressOutput: process.stderr,
    signal,
  });

  process.stdout.write(formatSummary(result.summary, result.problems));
  return result.problems.length === 0 ? 0 : 1;
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    const interrupted = error instanceof DemoError && error.code === 'DEMO.INTERRUPTED';
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const message = timedOut
      ? 'the run did not finish within --timeout; see the log for what was still running'
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
    process.stderr.write(`\nAtomizer demo ${interrupted ? 'interrupted' : 'failed'}: ${message}\n`);
    process.exitCode = interrupted ? 130 : 1;
  },
);
