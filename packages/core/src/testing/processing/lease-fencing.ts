import { expect, it } from 'vitest';
import { z } from 'zod';

import type { Clock } from '../../clock/clock.js';
import { defineJob } from '../../jobs/define-job.js';
import { waitFor } from '../wait-for.js';
import { Gate, HandlerFailure, newClient, newServer, recordEvents, type ProcessingContext } from './harness.js';

/** A clock an hour ahead: to it, every lease taken on the wall clock has expired. */
const HOUR_AHEAD: Clock = { now: () => new Date(Date.now() + 3_600_000) };

const schema = z.object({ label: z.string() });

/** Visibility-timeout takeover and the fencing of the late first worker's writes. */
export function describeLeaseFencing(ctx: ProcessingContext): void {
  it.each(['completes', 'throws'] as const)(
    'a job whose lease expired is run by another server; the first worker, when it %s late, writes nothing',
    async (lateOutcome) => {
      const firstStarted = new Gate();
      const firstMayFinish = new Gate();
      const slow = defineJob({
        name: 'takeover',
        schema,
        handler: async () => {
          firstStarted.open();
          await firstMayFinish.opened;
          if (lateOutcome === 'throws') throw new HandlerFailure('late failure');
        },
      });
      const fast = defineJob({ name: 'takeover', schema, handler: () => undefined });
      const client = newClient(ctx, [slow]);
      const queues = { default: { pollIntervalMs: 10, visibilityTimeoutMs: 1_000 } };
      const first = newServer(ctx, { jobs: [slow], queues, instanceId: 'first' });
      const second = newServer(ctx, { jobs: [fast], queues, instanceId: 'second', clock: HOUR_AHEAD });
      const firstEvents = recordEvents(first);
      const secondEvents = recordEvents(second);
      const id = await client.enqueue(slow, { label: 'x' });

      await first.start();
      await firstStarted.opened;
      await second.start();
      await waitFor(() => secondEvents.completed.length === 1, { description: 'takeover completed' });
      const afterTakeover = await client.getJob(id);
      firstMayFinish.open();
      await waitFor(() => firstEvents.leaseLost.length === 1, { description: 'first worker lost its lease' });

      expect(afterTakeover).toMatchObject({ status: 'completed', attempts: 2 });
      expect(await client.getJob(id)).toEqual(afterTakeover);
      expect(firstEvents.leaseLost[0]).toMatchObject({
        jobId: id,
        attempt: 1,
        outcome: lateOutcome === 'completes' ? 'completed' : 'retrying',
      });
      expect(firstEvents.completed).toEqual([]);
      expect(firstEvents.retrying).toEqual([]);
    },
  );
}
