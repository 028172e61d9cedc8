import type { RunCounts } from './run-tracker.js';
import { formatProgressLine } from './progress-line.js';

/** Where progress goes: a stream, and whether it is a terminal that can redraw a line. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Redraws on a terminal this often; fast enough to look live, slow enough to cost nothing. */
const TTY_REDRAW_MS = 100;

/** Prints a plain line this often when the output is a file or a CI log. */
const PLAIN_LINE_MS = 1_000;

/**
 * Shows the run's progress until stopped: a bar redrawn in place on a terminal, or a plain
 * line per second (only when something changed) when the output is not a terminal, so a CI
 * log stays readable.
 */
export class ProgressDisplay {
  private timer: NodeJS.Timeout | undefined;
  private lastPlainLine = '';
  private readonly startedAt = Date.now();

  constructor(
    private readonly output: ProgressOutput,
    private readonly readCounts: () => RunCounts,
  ) {}

  start(): void {
    const everyMs = this.output.isTTY === true ? TTY_REDRAW_MS : PLAIN_LINE_MS;
    this.timer = setInterval(() => this.draw(), everyMs);
    // The display never keeps the process alive by itself.
    this.timer.unref();
    this.draw();
  }

  /** Draws the final state once more and leaves the cursor on a fresh line. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.draw();
    if (this.output.isTTY === true) this.output.write('\n');
  }

  private draw(): void {
    const counts = this.readCounts();
    const elapsedMs = Date.now() - this.startedAt;

    if (this.output.isTTY === true) {
      // \r back to column 0, ESC[2K clears the line: the bar redraws in place.
      this.output.write(`\r\x1b[2K${formatProgressLine(counts, elapsedMs, true)}`);
      return;
    }

    const line = formatProgressLine(counts, elapsedMs, false);
    const withoutRate = line.replace(/ \| \d+ jobs\/s$/, '');
    if (withoutRate === this.lastPlainLine) return;
    this.lastPlainLine = withoutRate;
    this.output.write(`${line}\n`);
  }
}
