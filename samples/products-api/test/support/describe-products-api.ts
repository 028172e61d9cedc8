/**
 * The products sample's end-to-end test, run once per provider: starts the built sample on a
 * fresh database, calls every endpoint and waits for the jobs to complete (or retry and fail,
 * or be released at shutdown).
 */
import type { PrismaStorageProvider } from '@atomizer/prisma-storage';
import type { JobDetails } from '@atomizer/core';
import { waitFor } from '@atomizer/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { resolveDatabaseTarget } from '../../src/database/database-target.js';
import { openDatabase } from '../../src/database/open-database.js';
import { callApi, waitForJob } from './api-client.js';
import { migrateTestDatabase } from './migrate-test-database.js';
import { startSample, type SampleProcess } from './sample-process.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { isSkipped, sampleRoot } from './test-env.js';

interface Product {
  id: string;
  name: string;
  stock: number;
}

export function describeProductsApi(provider: PrismaStorageProvider): void {
  describe.skipIf(isSkipped(provider))(`[${provider}] products API sample`, () => {
    let database: TestDatabase;
    let sample: SampleProcess;

    beforeAll(async () => {
      database = await createTestDatabase(provider);
      await migrateTestDatabase(database);
      sample = await startSample({
        DATABASE_URL: database.url,
        POLL_INTERVAL_MS: '50',
        SHUTDOWN_TIMEOUT_MS: '300',
        // Every second, so the recurring clean-up is seen within the test.
        CLEANUP_CRON: '* * * * * *',
      });
    });

    afterAll(async () => {
      sample?.kill();
      await database?.drop();
    });

    it('creates a product whose assign-stock job, enqueued in the same transaction, adds its stock', async () => {
      const created = await callApi<{ product: Product; jobId: string }>(sample.url, 'POST', '/products', {
        name: 'Widget',
        initialStock: 5,
      });

      const job = await waitForJob(sample.url, created.body.jobId, ['completed', 'failed']);
      const product = await callApi<Product>(sample.url, 'GET', `/products/${created.body.product.id}`);

      expect(created.status).toBe(201);
      expect(job).toMatchObject({ name: 'assign-stock', queue: 'stock', status: 'completed', attempts: 1 });
      expect(product.body).toMatchObject({ name: 'Widget', stock: 5 });
    });

    it('adds stock to an existing product through POST /products/:id/stock', async () => {
      const { body: created } = await callApi<{ product: Product; jobId: string }>(sample.url, 'POST', '/products', {
        name: 'Gadget',
        initialStock: 2,
      });
      await waitForJob(sample.url, created.jobId, ['completed']);

      const accepted = await callApi<{ jobId: string }>(sample.url, 'POST', `/products/${created.product.id}/stock`, { quantity: 3 });
      await waitForJob(sample.url, accepted.body.jobId, ['completed']);
      const product = await callApi<Product>(sample.url, 'GET', `/products/${created.product.id}`);

      expect(accepted.status).toBe(202);
      expect(product.body.stock).toBe(5);
    });

    it('deletes archived products on the recurring cleanup-products schedule, unasked', async () => {
      const { body: created } = await callApi<{ product: Product; jobId: string }>(sample.url, 'POST', '/products', { name: 'Retired' });
      await waitForJob(sample.url, created.jobId, ['completed']);

      await callApi(sample.url, 'DELETE', `/products/${created.product.id}`);

      await waitFor(async () => (await callApi(sample.url, 'GET', `/products/${created.product.id}`)).status === 404, {
        timeoutMs: 20_000,
        intervalMs: 100,
        description: 'the scheduled clean-up deletes the archived product',
      });
      const schedules = await callApi<Array<Record<string, unknown>>>(sample.url, 'GET', '/schedules');
      expect(schedules.body).toEqual([
        expect.objectContaining({ key: 'cleanup-products', name: 'cleanup-products', cron: '* * * * * *', enabled: true }),
      ]);
      expect(schedules.body[0]?.lastEnqueuedAt).not.toBeNull();
    });

    it('runs a schedule\'s job on demand through POST /schedules/:key/trigger', async () => {
      const triggered = await callApi<{ jobId: string }>(sample.url, 'POST', '/schedules/cleanup-products/trigger');
      const missing = await callApi(sample.url, 'POST', '/schedules/no-such-schedule/trigger');

      const job = await waitForJob(sample.url, triggered.body.jobId, ['completed', 'failed']);

      expect(triggered.status).toBe(202);
      expect(job).toMatchObject({ name: 'cleanup-products', status: 'completed' });
      expect(missing.status).toBe(404);
    });

    it('deletes archived products with a cleanup-products job enqueued on demand', async () => {
      const { body: created } = await callApi<{ product: Product; jobId: string }>(sample.url, 'POST', '/products', { name: 'Old' });
      await waitForJob(sample.url, created.jobId, ['completed']);
      const archived = await callApi(sample.url, 'DELETE', `/products/${created.product.id}`);

      const accepted = await callApi<{ jobId: string }>(sample.url, 'POST', '/cleanup-products', {});
      const job = await waitForJob(sample.url, accepted.body.jobId, ['completed', 'failed']);
      const product = await callApi(sample.url, 'GET', `/products/${created.product.id}`);

      expect(archived.status).toBe(200);
      expect(job.status).toBe('completed');
      expect(product.status).toBe(404);
    });

    it('retries the exception job and fails it for good after the queue policy\'s 3 attempts', async () => {
      const accepted = await callApi<{ jobId: string }>(sample.url, 'POST', '/exception', { message: 'boom' });

      const job = await waitForJob(sample.url, accepted.body.jobId, ['completed', 'failed']);

      expect(job).toMatchObject({ queue: 'flaky', status: 'failed', attempts: 3 });
      expect(job.errors.map((error) => [error.attempt, error.errorType, error.message])).toEqual([
        [1, 'SampleError', 'boom (attempt 1 of 3)'],
        [2, 'SampleError', 'boom (attempt 2 of 3)'],
        [3, 'SampleError', 'boom (attempt 3 of 3)'],
      ]);
    });

    it('completes the exception job on the attempt it is told to succeed on, keeping the earlier error', async () => {
      const accepted = await callApi<{ jobId: string }>(sample.url, 'POST', '/exception', { succeedOnAttempt: 2 });

      const job = await waitForJob(sample.url, accepted.body.jobId, ['completed', 'failed']);

      expect(job).toMatchObject({ status: 'completed', attempts: 2 });
      expect(job.errors.map((error) => error.attempt)).toEqual([1]);
    });

    it('runs the generic-payload and log-message jobs, now and after a delay', async () => {
      const generic = await callApi<{ jobId: string }>(sample.url, 'POST', '/generic-payload', {
        correlationId: 'order-42',
        data: ['red', 'green'],
      });
      const logNow = await callApi<{ jobId: string }>(sample.url, 'POST', '/log', { message: 'hello now', level: 'warn' });
      const logLater = await callApi<{ jobId: string }>(sample.url, 'POST', '/log', { message: 'hello later', delayMs: 200 });

      const jobs = await Promise.all(
        [generic, logNow, logLater].map((response) => waitForJob(sample.url, response.body.jobId, ['completed', 'failed'])),
      );

      expect(jobs.map((job) => [job.name, job.status])).toEqual([
        ['generic-payload', 'completed'],
        ['log-message', 'completed'],
        ['log-message', 'completed'],
      ]);
      expect(jobs[0]?.payload).toEqual({ correlationId: 'order-42', data: ['red', 'green'] });
      expect(sample.logs.find((line) => line.msg === 'envelope received')).toMatchObject({ correlationId: 'order-42', items: 2 });
      expect(sample.logs.find((line) => line.msg === 'hello now')).toMatchObject({ level: 40, jobId: logNow.body.jobId });
    });

    it('answers 400 for payloads the job schema rejects and 404 for unknown products and jobs', async () => {
      const responses = await Promise.all([
        callApi(sample.url, 'POST', '/products', {}),
        callApi(sample.url, 'POST', '/long-running', { durationMs: -1 }),
        callApi(sample.url, 'POST', '/products/no-such-product/stock', { quantity: 1 }),
        callApi(sample.url, 'GET', '/jobs/not-a-job-id'),
        callApi(sample.url, 'GET', '/jobs/00000000-0000-4000-8000-000000000000'),
      ]);

      expect(responses.map((response) => response.status)).toEqual([400, 400, 404, 404, 404]);
      expect(responses[0]?.body).toMatchObject({ issues: [{ path: 'name' }] });
    });

    // Last: it stops the sample.
    it('releases a running long-running job on shutdown: pending again, attempt kept, no lease', async () => {
      const accepted = await callApi<{ jobId: string }>(sample.url, 'POST', '/long-running', { durationMs: 60_000 });
      await waitForJob(sample.url, accepted.body.jobId, ['processing']);

      const exitCode = await sample.stop();
      const job = await readJobAfterExit(accepted.body.jobId);

      expect(exitCode).toBe(0);
      expect(sample.logs.some((line) => line.msg === 'job aborted by shutdown; it will be released')).toBe(true);
      expect(job).toMatchObject({ status: 'pending', attempts: 1, leaseToken: null, leaseOwner: null });
    });

    /** Reads a job straight from the database, through the sample's own storage. */
    async function readJobAfterExit(jobId: string): Promise<JobDetails | null> {
      const handles = await openDatabase(resolveDatabaseTarget(database.url, sampleRoot));
      try {
        return await handles.storage.jobGet({ id: jobId });
      } finally {
        await handles.close();
      }
    }
  });
}
