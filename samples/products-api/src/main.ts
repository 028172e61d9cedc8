/**
 * The products sample's entry point: `pnpm start` (which first applies the provider's
 * migrations), or `node dist/main.js` on a database that is already migrated.
 * Settings come from the environment; see src/config/sample-config.ts and the README.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createDefaultLogger } from '@atomizer/core';

import { startProductsApp } from './app/products-app.js';
import { readSampleConfig } from './config/sample-config.js';

const sampleRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const logger = createDefaultLogger().child({ app: 'products-api' });

try {
  const config = readSampleConfig(process.env, path.join(sampleRoot, '.data'));
  const app = await startProductsApp(config, logger);
  logger.info({ url: app.url, provider: config.database.provider, database: config.database.displayUrl }, 'products API listening');

  // The first signal stops gracefully (running jobs finish or are released); a second one
  // gives up waiting.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(130);
      stopping = true;
      logger.info({ signal }, 'stopping');
      app.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'stop failed');
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  logger.error({ err: error }, 'products API failed to start');
  process.exitCode = 1;
}
