import { WakeableSleep } from '../../clock/sleep.js';
import type { Logger } from '../../logging/logger.js';

/** What a {@link RepeatingTask} runs, and how often. */
export interface RepeatingTaskParams {
  /** Names the task in its log lines, e.g. `heartbeat`. */
  name: string;
  /** Time from the start of one run to the start of the next. */
  intervalMs: number;
  /** One run. A rejection is logged and the task goes on. */
  run: () => Promise<void>;
  logger: Logger;
}

/**
 * Runs a task on its own timer, one run at a time: the next run starts `intervalMs` after the
 * previous one started, or right after it ended when it took longer, so runs never overlap and
 * a slow run never makes the cadence drift further. A failed run is logged and the next one
 * comes on time. Each task has its own timer, so one task's slowness never delays another.
 */
export class RepeatingTask {
  private readonly params: RepeatingTaskParams;
  private readonly sleeper = new WakeableSleep();
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(params: RepeatingTaskParams) {
    this.params = params;
  }

  /** Starts the loop; the first run starts after `firstDelayMs` (0: now). */
  start(firstDelayMs: number): void {
    this.running = true;
    this.loop = this.repeat(firstDelayMs);
  }

  /**
   * Stops the loop and resolves once the run under way (if any) has ended: after that, no run
   * starts again and none is still writing.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.sleeper.wake();
    await this.loop;
  }

  private async repeat(firstDelayMs: number): Promise<void> {
    const { name, intervalMs, run, logger } = this.params;
    if (firstDelayMs > 0) await this.sleeper.sleep(firstDelayMs);

    // Paced on the monotonic clock: with Date.now(), a wall clock stepped back mid-run (NTP, a
    // resumed VM) would stretch the pause by the step, and peers would declare this server dead.
    // The global `performance` (not node:perf_hooks') so tests with fake timers can move it.
    while (this.running) {
      const startedAt = performance.now();
      try {
        await run();
      } catch (error) {
        logger.error({ err: error, task: name }, `${name} failed; it runs again in ${intervalMs} ms`);
      }
      if (!this.running) break;

      const pauseMs = intervalMs - (performance.now() - startedAt);
      if (pauseMs > 0) await this.sleeper.sleep(pauseMs);
    }
  }
}
