import { AssertionError } from 'node:assert';

import { afterEach, beforeEach, describe } from 'vitest';

import type { Logger } from '../logging/logger.js';
import type { AtomizerServer } from '../server/atomizer-server.js';
import { describeBasicProcessing } from './processing/basic-processing.js';
import { testLogger, type ProcessingContext } from './processing/harness.js';
import { describeLeaseFencing } from './processing/lease-fencing.js';
import { describeManyServers } from './processing/many-servers.js';
import { describeShutdown } from './processing/shutdown.js';
import type { StorageFixture } from './storage-conformance.js';

/** Options of {@link runProcessingConformance}. */
export interface ProcessingConformanceOptions {
  /** Names the implementation in test titles. */
  name: string;
  /** Creates an EMPTY storage for one test; `cleanup` runs after it (servers already stopped). */
  create: () => Promise<StorageFixture>;
  /**
   * Jobs the "several servers" scenario runs.
   * @defaultValue 2000
   */
  jobCount?: number;
  /**
   * Logger for the servers and clients under test.
   * @defaultValue pino at `ATOMIZER_TEST_LOG_LEVEL`, else silent
   */
  logger?: Logger;
  /**
   * Per-test timeout; raise it for slow databases.
   * @defaultValue 60_000
   */
  testTimeoutMs?: number;
}

/**
 * Registers end-to-end processing scenarios with vitest, run by real `AtomizerServer`s and an
 * `AtomizerClient` over the storage under test: success, retries with backoff, final failure,
 * unknown jobs, invalid payloads, exhausted attempts, visibility-timeout takeover with fenced
 * late writes, graceful shutdown (drain, release unstarted, abort) and several servers running
 * thousands of jobs exactly once.
 */
export function runProcessingConformance(options: ProcessingConformanceOptions): void {
  let fixture: StorageFixture | undefined;
  let servers: AtomizerServer[] = [];
  const logger = options.logger ?? testLogger();

  const ctx: ProcessingContext = {
    storage: () => {
      if (fixture === undefined) {
        throw new AssertionError({ message: 'processing conformance: storage used outside a test' });
      }
      return fixture.storage;
    },
    logger: () => logger,
    track: (server) => {
      servers.push(server);
      return server;
    },
    jobCount: options.jobCount ?? 2_000,
  };

  describe(`processing conformance: ${options.name}`, { timeout: options.testTimeoutMs ?? 60_000 }, () => {
    beforeEach(async () => {
      fixture = await options.create();
    });

    afterEach(async () => {
      const running = servers;
      servers = [];
      await Promise.all(running.map((server) => server.stop()));
      const current = fixture;
      fixture = undefined;
      await current?.cleanup();
    });

    describe('processing', () => describeBasicProcessing(ctx));
    describe('lease fencing', () => describeLeaseFencing(ctx));
    describe('graceful shutdown', () => describeShutdown(ctx));
    describe('several servers', () => describeManyServers(ctx));
  });
}
