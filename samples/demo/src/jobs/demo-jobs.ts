import type { DemoPrisma } from '../database/open-database.js';
import { defineHashFileJob } from './hash-file.js';
import { definePublishFileJob } from './publish-file.js';
import { defineScanFileJob } from './scan-file.js';
import { defineSummarizeJob } from './summarize.js';

/**
 * Every job definition of the demo. The client (to enqueue) and the server (to run) are both
 * given this list; the handlers that touch the database close over `prisma`.
 */
export function createDemoJobs(prisma: DemoPrisma) {
  return {
    hashFile: defineHashFileJob(prisma),
    scanFile: defineScanFileJob(),
    publishFile: definePublishFileJob(),
    summarize: defineSummarizeJob(prisma),
  };
}

/** The demo's job definitions, by role. */
export type DemoJobs = ReturnType<typeof createDemoJobs>;

/** The definitions as the list AtomizerClient and AtomizerServer take. */
export function jobList(jobs: DemoJobs) {
  return [jobs.hashFile, jobs.scanFile, jobs.publishFile, jobs.summarize];
}
