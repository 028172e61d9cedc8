/**
 * Runs the built sample (`node dist/main.js`) as a child process, the way a user starts it,
 * and reads its pino log lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

import { waitFor } from '@atomizer/core/testing';

import { sampleRoot } from './test-env.js';

/** One parsed log line of the sample. */
export type LogLine = Record<string, unknown> & { msg?: string };

/** The running sample. */
export interface SampleProcess {
  url: string;
  /** Every log line so far, in order. */
  logs: LogLine[];
  /** Sends SIGTERM and resolves with the exit code once the process has exited. */
  stop(): Promise<number | null>;
  /** Kills the process if it still runs (test clean-up). */
  kill(): void;
}

/** Starts the sample with `env` added to the environment and waits until it listens. */
export async function startSample(env: Record<string, string>): Promise<SampleProcess> {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: sampleRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ATOMIZER_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const logs: LogLine[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => logs.push(parseLine(line)));
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const listening = await waitFor(
    () => {
      if (child.exitCode !== null) {
        throw new Error(`the sample exited with ${child.exitCode} before listening:\n${formatOutput(logs, stderr)}`);
      }
      return logs.find((line) => line.msg === 'products API listening');
    },
    { timeoutMs: 30_000, intervalMs: 50, description: 'the sample logs "products API listening"' },
  );

  return {
    url: String(listening.url),
    logs,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
    kill: () => killIfRunning(child),
  };
}

function killIfRunning(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function parseLine(line: string): LogLine {
  try {
    return JSON.parse(line) as LogLine;
  } catch {
    return { msg: line };
  }
}

function formatOutput(logs: LogLine[], stderr: string[]): string {
  return [...logs.map((line) => JSON.stringify(line)), ...stderr].join('\n');
}
