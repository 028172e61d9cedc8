/** Small HTTP helpers for calling the sample the way a client would. */
import type { JobStatus } from '@atomizer/core';
import { waitFor } from '@atomizer/core/testing';

/** A response: status and parsed JSON body. */
export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export async function callApi<T = Record<string, unknown>>(
  baseUrl: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<ApiResponse<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** A job as GET /jobs/:id returns it. */
export interface ApiJob {
  id: string;
  name: string;
  queue: string;
  status: JobStatus;
  attempts: number;
  payload: unknown;
  errors: Array<{ attempt: number; errorType: string; message: string }>;
}

/** Polls GET /jobs/:id until the job is in one of `statuses`, and returns it. */
export async function waitForJob(baseUrl: string, jobId: string, statuses: JobStatus[]): Promise<ApiJob> {
  return waitFor(
    async () => {
      const { body } = await callApi<ApiJob>(baseUrl, 'GET', `/jobs/${jobId}`);
      return statuses.includes(body.status) ? body : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 50, description: `job ${jobId} reaches ${statuses.join(' or ')}` },
  );
}
