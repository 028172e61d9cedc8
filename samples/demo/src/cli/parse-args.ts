import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { defaultDataDir } from '../demo-paths.js';
import { DemoError } from '../demo-error.js';

/** The command line, validated. */
export interface DemoArgs {
  /** Absolute folder to process. */
  directory: string;
  /** Absolute folder for the default SQLite file and the log. */
  dataDir: string;
  /** The whole run must end within this; a stuck run is an unexpected outcome, not a hang. */
  timeoutMs: number;
  help: boolean;
}

/** Shown by --help and after a usage error. */
export const USAGE = `Usage: pnpm demo [-- options]

Processes every file of a folder with Atomizer jobs (hash, scan, publish, summarize) on
SQLite (default, file in samples/demo/.data) or on PostgreSQL when DATABASE_URL is a
postgres:// or postgresql:// URL.

Options:
  --dir <path>        folder to process (default: the TypeScript compiler's lib folder)
  --data-dir <path>   where the SQLite file and the log go (default: samples/demo/.data)
  --timeout <seconds> give up after this long (default: 600)
  --help              show this

Environment:
  DATABASE_URL        postgres://... or postgresql://... (add ?schema=name), or file:<path>

Relative paths are resolved from the folder you ran the command in.
  ATOMIZER_LOG_LEVEL  send the log to stderr at this level (default: info, to the log file)
`;

/**
 * Parses and checks `argv` (without node and the script). Relative paths resolve against
 * `baseDir`: the folder `pnpm demo` was typed in (pnpm's INIT_CWD), not samples/demo where
 * the script runs. Throws DemoError on bad usage.
 */
export function parseDemoArgs(argv: string[], baseDir: string): DemoArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        dir: { type: 'string' },
        'data-dir': { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    throw new DemoError('DEMO.USAGE', (error as Error).message, argv, { cause: error });
  }

  const directory = path.resolve(baseDir, values.dir ?? defaultDirectory());
  if (!isDirectory(directory)) {
    throw new DemoError('DEMO.USAGE', `--dir must be an existing folder, got "${directory}"`, directory);
  }

  const timeoutSeconds = values.timeout === undefined ? 600 : Number(values.timeout);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) {
    throw new DemoError('DEMO.USAGE', `--timeout must be a whole number of seconds >= 1, got "${values.timeout}"`, values.timeout);
  }

  return {
    directory,
    dataDir: path.resolve(baseDir, values['data-dir'] ?? defaultDataDir),
    timeoutMs: timeoutSeconds * 1000,
    help: values.help,
  };
}

/**
 * The TypeScript compiler's lib folder: real files (declarations, the compiler, translated
 * messages) that every install of this workspace has, about 125 of them.
 */
function defaultDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('typescript/package.json')), 'lib');
}

function isDirectory(candidate: string): boolean {
  try {
    return statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}
