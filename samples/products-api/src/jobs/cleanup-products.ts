import { defineJob } from '@atomizer/core';
import { z } from 'zod';

import type { ProductStore } from '../products/product-store.js';

/** Key of the recurring schedule that runs `cleanup-products` (cron from CLEANUP_CRON). */
export const CLEANUP_SCHEDULE = 'cleanup-products';

/** Payload of `cleanup-products`. */
export const cleanupProductsPayload = z.object({
  /** Only products archived at least this long ago are deleted. */
  archivedForMs: z.number().int().min(0).default(0),
});

/**
 * Deletes archived products (DELETE /products/:id archives one). Runs on a recurring schedule
 * and on demand through POST /cleanup-products.
 */
export function cleanupProductsJob(products: ProductStore) {
  return defineJob({
    name: 'cleanup-products',
    schema: cleanupProductsPayload,
    async handler({ archivedForMs }, { logger }) {
      const deleted = await products.deleteArchived(new Date(Date.now() - archivedForMs));
      logger.info({ deleted }, 'archived products deleted');
    },
  });
}
