import { defineJob } from '@atomizer/core';
import { z } from 'zod';

import type { ProductStore } from '../products/product-store.js';
import { SampleError } from '../sample-error.js';
import { QUEUES } from './queues.js';

/** Payload of `assign-stock`. */
export const assignStockPayload = z.object({
  productId: z.string().min(1),
  /** Units to add; negative takes stock away. */
  quantity: z.number().int().min(-1_000_000).max(1_000_000),
});

/**
 * Adds stock to a product. Enqueued by POST /products (in the same transaction as the new
 * product) and by POST /products/:id/stock. Idempotent per job: a second run of the same job
 * finds its stock movement and changes nothing. A missing or archived product fails the
 * attempt, so the retries and the recorded error show up in GET /jobs/:id.
 */
export function assignStockJob(products: ProductStore) {
  return defineJob({
    name: 'assign-stock',
    schema: assignStockPayload,
    queue: QUEUES.stock,
    async handler({ productId, quantity }, { jobId, logger }) {
      const change = await products.addStock(jobId, productId, quantity);

      if (change === 'product-missing') {
        throw new SampleError('SAMPLE.PRODUCT_NOT_FOUND', `product "${productId}" does not exist or is archived`);
      }
      logger.info({ productId, quantity, change }, 'stock assigned');
    },
  });
}
