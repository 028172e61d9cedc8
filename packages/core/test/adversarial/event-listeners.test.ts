import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { defineJob, type ServerEventName } from '../../src/index.js';
import { waitFor } from '../../src/testing/index.js';
import { adversarialWorld, collectUnhandledRejections, stopServersAfterEach } from './support.js';

stopServersAfterEach();

const LISTENER_FAILURES: Array<[string, () => unknown]> = [
  ['throws', () => {
    throw new Error('listener boom');
  }],
  ['is async and rejects', async () => {
    await Promise.resolve();
    throw new Error('listener boom');
  }],
  ['returns a thenable that rejects', () => ({
    then(_resolve: unknown, reject: (reason: unknown) => void) {
      reject(new Error('listener boom'));
    },
  })],
];

describe('[memory] adversarial: event listeners that fail', () => {
  it.each(LISTENER_FAILURES)(
    'a listener that %s is logged, never surfaces as an unhandled rejection, and processing goes on',
    async (_label, listener) => {
      const world = adversarialWorld();
      const rejections = collectUnhandledRejections();
      let attempts = 0;
      const job = defineJob({
        name: 'listened',
        schema: z.object({ fail: z.boolean() }),
        maxAttempts: 1,
        handler: ({ fail }) => {
          attempts += 1;
          if (fail) throw new Error('handler failed');
        },
      });
      const client = world.client([job]);
      const server = world.server({ jobs: [job] });
      const names: ServerEventName[] = ['job:completed', 'job:failed'];
      for (const name of names) server.events.on(name, listener as () => void);

      try {
        await server.start();
        await client.enqueue(job, { fail: false });
        await client.enqueue(job, { fail: true });
        await waitFor(async () => {
          const counts = await world.storage.jobCount({});
          return counts.completed === 1 && counts.failed === 1;
        }, { timeoutMs: 3_000, description: 'both jobs finished' });
        await waitFor(
          () => world.lines.filter((line) => line.msg === 'a server event listener threw; processing goes on').length >= 2,
          { timeoutMs: 3_000, description: 'both listener failures logged' },
        );
        await server.stop();
        // Let any stray rejection reach the process before counting.
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        rejections.dispose();
      }

      expect(rejections.reasons).toEqual([]);
      expect(attempts).toBe(2);
      const logged = world.lines.filter((line) => line.msg === 'a server event listener threw; processing goes on');
      expect(logged.map((line) => line.event).sort()).toEqual(['job:completed', 'job:failed']);
    },
  );
});
