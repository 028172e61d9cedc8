import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { RepeatingTask } from '../../src/server/heartbeat/repeating-task.js';
import { capturingLogger, Gate, silentLogger } from './support.js';

describe('RepeatingTask', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs first after the given delay, then once per interval', async () => {
    const runsAt: number[] = [];
    const start = Date.now();
    const task = new RepeatingTask({
      name: 'tick',
      intervalMs: 100,
      run: async () => {
        runsAt.push(Date.now() - start);
      },
      logger: silentLogger,
    });

    task.start(50);
    await vi.advanceTimersByTimeAsync(460);
    await task.stop();

    expect(runsAt).toEqual([50, 150, 250, 350, 450]);
  });

  it('keeps its cadence when a run takes part of the interval, and never overlaps runs', async () => {
    const runsAt: number[] = [];
    let running = 0;
    let overlapped = false;
    const start = Date.now();
    const task = new RepeatingTask({
      name: 'slow',
      intervalMs: 100,
      run: async () => {
        runsAt.push(Date.now() - start);
        running += 1;
        overlapped ||= running > 1;
        // The first run takes longer than the interval, the others 30 ms.
        await new Promise((resolve) => setTimeout(resolve, runsAt.length === 1 ? 250 : 30));
        running -= 1;
      },
      logger: silentLogger,
    });

    task.start(0);
    await vi.advanceTimersByTimeAsync(460);
    const stopping = task.stop();
    await vi.advanceTimersByTimeAsync(30);
    await stopping;

    expect(runsAt).toEqual([0, 250, 350, 450]);
    expect(overlapped).toBe(false);
  });

  it('logs a failed run and runs again on time', async () => {
    const { logger, lines } = capturingLogger();
    let runs = 0;
    const task = new RepeatingTask({
      name: 'flaky',
      intervalMs: 100,
      run: async () => {
        runs += 1;
        if (runs === 2) throw new TypeError('database went away');
      },
      logger,
    });

    task.start(0);
    await vi.advanceTimersByTimeAsync(350);
    await task.stop();

    expect(runs).toBe(4);
    const errors = lines.filter((line) => line.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ task: 'flaky', msg: 'flaky failed; it runs again in 100 ms' });
    expect((errors[0]!.err as { message: string }).message).toBe('database went away');
  });

  it('stop() waits for the run under way and no run starts after it', async () => {
    const gate = new Gate();
    let started = 0;
    let finished = 0;
    const task = new RepeatingTask({
      name: 'held',
      intervalMs: 10,
      run: async () => {
        started += 1;
        await gate.opened;
        finished += 1;
      },
      logger: silentLogger,
    });
    task.start(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(1);

    let stopped = false;
    const stopping = task.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(100);
    const stoppedBeforeRunEnded = stopped;
    gate.open();
    await stopping;
    await vi.advanceTimersByTimeAsync(1_000);

    expect(stoppedBeforeRunEnded).toBe(false);
    expect(started).toBe(1);
    expect(finished).toBe(1);
  });

  it('stop() during the pause ends the loop without another run', async () => {
    let runs = 0;
    const task = new RepeatingTask({
      name: 'idle',
      intervalMs: 60_000,
      run: async () => {
        runs += 1;
      },
      logger: silentLogger,
    });
    task.start(0);
    await vi.advanceTimersByTimeAsync(1);

    await task.stop();
    await vi.advanceTimersByTimeAsync(120_000);

    expect(runs).toBe(1);
  });
});
