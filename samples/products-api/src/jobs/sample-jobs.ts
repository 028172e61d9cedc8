import type { AnyJobDefinition } from '@atomizer/core';

import type { ProductStore } from '../products/product-store.js';
import { assignStockJob } from './assign-stock.js';
import { cleanupProductsJob } from './cleanup-products.js';
import { exceptionJob } from './exception.js';
import { genericPayloadJob } from './generic-payload.js';
import { logMessageJob } from './log-message.js';
import { longRunningJob } from './long-running.js';

/** Every job of the sample, built over the app's data access. */
export function createSampleJobs(products: ProductStore) {
  const jobs = {
    assignStock: assignStockJob(products),
    cleanupProducts: cleanupProductsJob(products),
    exception: exceptionJob,
    genericPayload: genericPayloadJob,
    logMessage: logMessageJob,
    longRunning: longRunningJob,
  };
  return { ...jobs, all: Object.values(jobs) as AnyJobDefinition[] };
}

/** The sample's job definitions, by role. */
export type SampleJobs = ReturnType<typeof createSampleJobs>;
