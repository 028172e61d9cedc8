import type { AtomizerClient, AtomizerServer, JobDetails, ScheduleRecord } from '@atomizer/core';
import { z } from 'zod';

import type { ProductsPrisma } from '../database/open-database.js';
import { assignStockPayload } from '../jobs/assign-stock.js';
import { cleanupProductsPayload } from '../jobs/cleanup-products.js';
import { exceptionPayload } from '../jobs/exception.js';
import { genericPayload } from '../jobs/generic-payload.js';
import { logMessagePayload } from '../jobs/log-message.js';
import { longRunningPayload } from '../jobs/long-running.js';
import type { SampleJobs } from '../jobs/sample-jobs.js';
import type { ProductStore } from '../products/product-store.js';
import { HttpError } from './http-error.js';
import { parseWith, readJsonBody } from './json-io.js';
import type { Route, RouteResponse } from './router.js';

/** What the routes work with. */
export interface RouteDeps {
  prisma: ProductsPrisma;
  products: ProductStore;
  client: AtomizerClient;
  server: AtomizerServer;
  jobs: SampleJobs;
  provider: string;
}

const createProductBody = z.object({
  name: z.string().trim().min(1).max(200),
  /** Stock the `assign-stock` job adds once the product exists. */
  initialStock: z.number().int().min(0).max(1_000_000).default(10),
});

const JOB_ID = z.uuid();

const logBody = logMessagePayload.extend({
  /** Run the job this much later (enqueueIn) instead of now. */
  delayMs: z.number().int().min(0).max(86_400_000).optional(),
});

/** The API's endpoints; see the sample's README (and requests.http) for examples. */
export function createRoutes(deps: RouteDeps): Route[] {
  const { prisma, products, client, server, jobs } = deps;

  return [
    {
      method: 'GET',
      path: '/health',
      handle: async () => ({ status: 200, body: { status: 'ok', provider: deps.provider, server: server.getState() } }),
    },
    {
      // The product and its first stock job commit together, or neither does: the job joins
      // the app's own transaction (the `transaction` enqueue option).
      method: 'POST',
      path: '/products',
      handle: async ({ request }) => {
        const { name, initialStock } = parseWith(createProductBody, await readJsonBody(request), 'product');

        const { product, jobId } = await prisma.$transaction(async (tx) => {
          const created = await tx.product.create({ data: { name } });
          const id = await client.enqueue(jobs.assignStock, { productId: created.id, quantity: initialStock }, { transaction: tx });
          return { product: created, jobId: id };
        });

        return {
          status: 201,
          body: { product, jobId, links: { product: `/products/${product.id}`, job: `/jobs/${jobId}` } },
          headers: { location: `/products/${product.id}` },
        };
      },
    },
    {
      method: 'GET',
      path: '/products/:id',
      handle: async ({ params }) => {
        const product = await products.find(params.id as string);
        if (product === null) throw new HttpError(404, `product "${params.id}" not found`);
        return { status: 200, body: product };
      },
    },
    {
      method: 'POST',
      path: '/products/:id/stock',
      handle: async ({ request, params }) => {
        const productId = params.id as string;
        const { quantity } = parseWith(assignStockPayload.pick({ quantity: true }), await readJsonBody(request), 'stock change');
        if ((await products.find(productId)) === null) throw new HttpError(404, `product "${productId}" not found`);

        return accepted(await client.enqueue(jobs.assignStock, { productId, quantity }));
      },
    },
    {
      // Archives the product; the clean-up job deletes it later.
      method: 'DELETE',
      path: '/products/:id',
      handle: async ({ params }) => {
        if (!(await products.archive(params.id as string))) throw new HttpError(404, `product "${params.id}" not found`);
        return { status: 200, body: { archived: true } };
      },
    },
    {
      method: 'POST',
      path: '/cleanup-products',
      handle: async ({ request }) => {
        const payload = parseWith(cleanupProductsPayload, await readJsonBody(request), 'payload');
        return accepted(await client.enqueue(jobs.cleanupProducts, payload));
      },
    },
    {
      method: 'POST',
      path: '/long-running',
      handle: async ({ request }) => {
        const payload = parseWith(longRunningPayload, await readJsonBody(request), 'payload');
        return accepted(await client.enqueue(jobs.longRunning, payload));
      },
    },
    {
      method: 'POST',
      path: '/exception',
      handle: async ({ request }) => {
        const payload = parseWith(exceptionPayload, await readJsonBody(request), 'payload');
        return accepted(await client.enqueue(jobs.exception, payload));
      },
    },
    {
      method: 'POST',
      path: '/generic-payload',
      handle: async ({ request }) => {
        const payload = parseWith(genericPayload, await readJsonBody(request), 'payload');
        return accepted(await client.enqueue(jobs.genericPayload, payload));
      },
    },
    {
      method: 'POST',
      path: '/log',
      handle: async ({ request }) => {
        const { delayMs, ...payload } = parseWith(logBody, await readJsonBody(request), 'payload');
        const jobId = delayMs === undefined
          ? await client.enqueue(jobs.logMessage, payload)
          : await client.enqueueIn(jobs.logMessage, payload, delayMs);
        return accepted(jobId);
      },
    },
    {
      method: 'GET',
      path: '/schedules',
      handle: async () => ({ status: 200, body: (await client.listSchedules()).map(presentPayload) }),
    },
    {
      // Runs a schedule's job now, outside its cadence; its own occurrences are unaffected.
      method: 'POST',
      path: '/schedules/:key/trigger',
      handle: async ({ params }) => {
        const key = params.key as string;
        if ((await client.getSchedule(key)) === null) throw new HttpError(404, `schedule "${key}" not found`);
        return accepted(await client.triggerSchedule(key));
      },
    },
    {
      method: 'GET',
      path: '/jobs',
      handle: async ({ query }) => {
        const queue = query.get('queue') ?? undefined;
        return { status: 200, body: await client.countJobs(queue === undefined ? {} : { queue }) };
      },
    },
    {
      method: 'GET',
      path: '/jobs/:id',
      handle: async ({ params }) => {
        // Job ids are UUIDs; anything else cannot name a job (and PostgreSQL's UUID column
        // would reject it as a query error).
        const job = JOB_ID.safeParse(params.id).success ? await client.getJob(params.id as string) : null;
        if (job === null) throw new HttpError(404, `job "${params.id}" not found`);
        return { status: 200, body: presentPayload(job) };
      },
    },
  ];
}

/** 202 with the job's address, as every enqueueing endpoint answers. */
function accepted(jobId: string): RouteResponse {
  return { status: 202, body: { jobId, links: { job: `/jobs/${jobId}` } }, headers: { location: `/jobs/${jobId}` } };
}

/** A job or schedule as the API shows it: the payload parsed back from its JSON text. */
function presentPayload(record: JobDetails | ScheduleRecord): Record<string, unknown> {
  return { ...record, payload: JSON.parse(record.payload) as unknown };
}
