import type { RunCounts } from './run-tracker.js';

const BAR_WIDTH = 30;

/**
 * One line of progress, e.g.
 * `[##########----------]  120/376 done | 2 failed | 7 retries (3 waiting) | 180 jobs/s`.
 * `withBar` is false for plain logs, where a bar drawn 30 times reads worse than a number.
 */
export function formatProgressLine(counts: RunCounts, elapsedMs: number, withBar: boolean): string {
  const finished = counts.completed + counts.failed;
  const width = String(counts.total).length;
  const rate = elapsedMs > 0 ? Math.round((finished * 1000) / elapsedMs) : 0;

  const parts = [
    `${String(finished).padStart(width)}/${counts.total} done`,
    `${counts.failed} failed`,
    `${counts.retries} retries (${counts.awaitingRetry} waiting)`,
    `${rate} jobs/s`,
  ];
  const text = parts.join(' | ');

  return withBar ? `${bar(finished, counts.total)} ${text}` : `progress: ${text}`;
}

function bar(done: number, total: number): string {
  const filled = total === 0 ? BAR_WIDTH : Math.min(BAR_WIDTH, Math.floor((done * BAR_WIDTH) / total));
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
}
