/**
 * The in-memory sample: `pnpm --filter @atomizer/sample-in-memory start`. Atomizer with no
 * database at all; see src/run-sample.ts for the part worth reading.
 * The sample prints one line per job outcome itself; ATOMIZER_LOG_LEVEL=info (or warn) adds
 * Atomizer's own JSON log lines, which are silent by default here to keep the output readable.
 */
import { createDefaultLogger } from '@atomizer/core';

import { runInMemorySample } from './run-sample.js';

const logger = createDefaultLogger({ ATOMIZER_LOG_LEVEL: 'silent', ...process.env });
const print = (line: string) => process.stdout.write(`${line}\n`);

const summary = await runInMemorySample({ logger, onOutcome: print });

print('');
print(`jobs: ${JSON.stringify(summary.counts)} (${summary.ticks} of them by the recurring tick schedule)`);
for (const job of summary.jobs) {
  const errors = job.errors.map((error) => `attempt ${error.attempt}: ${error.message}`).join('; ');
  print(`  ${job.name.padEnd(14)} ${job.status.padEnd(10)} attempts ${job.attempts}${errors === '' ? '' : `  (${errors})`}`);
}
