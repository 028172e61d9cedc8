import { describe, expect, it } from 'vitest';

import { RunTracker } from '../src/progress/run-tracker.js';
import type { JobAttemptEvent } from '../src/worker/worker-events.js';

const event = (type: JobAttemptEvent['type'], jobId: string, attempt = 1): JobAttemptEvent => ({
  type,
  jobId,
  name: 'scan-file',
  queue: 'network',
  attempt,
  ...(type === 'completed' || type === 'lease-lost' ? {} : { errorMessage: `boom ${attempt}` }),
});

describe('RunTracker', () => {
  it('counts completions, retries and failures of tracked jobs only', () => {
    const tracker = new RunTracker();
    tracker.track(['a', 'b']);

    tracker.record(event('retrying', 'a'));
    tracker.record(event('completed', 'a', 2));
    tracker.record(event('failed', 'b'));
    tracker.record(event('completed', 'left-over-from-an-earlier-run'));

    expect(tracker.counts()).toEqual({ total: 2, completed: 1, failed: 1, retries: 1, awaitingRetry: 0, leasesLost: 0 });
    expect(tracker.allFinished()).toBe(true);
    expect(tracker.failureNotes().map((note) => [note.jobId, note.final])).toEqual([['a', false], ['b', true]]);
  });

  it('applies events that arrived before their job was tracked', () => {
    const tracker = new RunTracker();

    tracker.record(event('completed', 'fast'));
    tracker.track(['fast']);

    expect(tracker.counts().completed).toBe(1);
  });

  it('flags a job that finished twice', () => {
    const tracker = new RunTracker();
    tracker.track(['twice']);

    tracker.record(event('completed', 'twice'));
    tracker.record(event('completed', 'twice', 2));

    expect(tracker.jobsFinishedMoreThanOnce()).toEqual(['twice']);
  });

  it('resolves the wait once the last tracked job finishes', async () => {
    const tracker = new RunTracker();
    tracker.track(['x']);
    const waiting = tracker.waitUntilAllFinished(new AbortController().signal);

    tracker.record(event('completed', 'x'));

    await expect(waiting).resolves.toBeUndefined();
  });

  it('rejects the wait with the abort reason', async () => {
    const tracker = new RunTracker();
    tracker.track(['never']);
    const controller = new AbortController();
    const waiting = tracker.waitUntilAllFinished(controller.signal);

    controller.abort(new Error('stop'));

    await expect(waiting).rejects.toThrow('stop');
  });
});
