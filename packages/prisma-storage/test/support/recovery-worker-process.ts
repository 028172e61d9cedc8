/**
 * The parent's side of recovery-worker.ts: forks worker processes, collects what they report,
 * and makes sure none outlives its test (`killAllRecoveryWorkers` in an afterEach/afterAll).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { waitFor } from '@atomizer/core/testing';

import type { TestDatabase } from './test-database.js';
import { requireUrl } from './test-env.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const workerScript = join(packageRoot, 'test', 'support', 'recovery-worker.ts');

/** Where a worker process finds the test's database. */
export type WorkerConnection =
  | { provider: 'sqlite'; file: string }
  | { provider: 'postgresql'; url: string; schema: string }
  | { provider: 'mysql'; url: string }
  | { provider: 'sqlserver'; url: string };

/** What a worker process runs, passed in its environment as JSON. */
export interface RecoveryWorkerConfig {
  connection: WorkerConnection;
  instanceId: string;
  /** `hold`: handlers never end; `run`: they end at once. */
  mode: 'hold' | 'run';
  jobName: string;
  queues: string[];
  visibilityTimeoutMs: number;
  heartbeatIntervalMs: number;
  staleServerTimeoutMs: number;
  /** The process exits after this long whatever happens. */
  lifetimeMs: number;
  /** Load, then wait for {@link RecoveryWorker.start} instead of starting at once. */
  startOnCommand: boolean;
}

/** What a worker process reports. */
export type WorkerMessage =
  | { event: 'loaded' }
  | { event: 'ready'; serverId: string }
  | { event: 'started'; jobId: string; attempt: number }
  | { event: 'finished'; jobId: string; attempt: number };

/** A forked worker process. */
export interface RecoveryWorker {
  readonly child: ChildProcess;
  /** Every message received so far, in order. */
  readonly messages: WorkerMessage[];
  /** Resolves once it has loaded and could start. */
  loaded(): Promise<void>;
  /** Starts its server (with `startOnCommand`). */
  start(): void;
  /** Its server id, once ready. */
  ready(): Promise<string>;
  /** Kills it with SIGKILL, like a crash, and waits until it is gone. */
  kill(): Promise<void>;
  /** Asks it to stop gracefully and waits for it to exit. */
  stop(): Promise<number | null>;
  /** What it wrote to stdout and stderr, for failure messages. */
  output(): string;
}

const running = new Set<ChildProcess>();

/** Forks one worker process on `connection`. */
export function forkRecoveryWorker(config: RecoveryWorkerConfig): RecoveryWorker {
  const child = fork(workerScript, [], {
    cwd: packageRoot,
    execArgv: ['--import', 'jiti/register'],
    env: { ...process.env, ATOMIZER_RECOVERY_WORKER: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
  });

  const messages: WorkerMessage[] = [];
  child.on('message', (message) => messages.push(message as WorkerMessage));
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const reported = <E extends WorkerMessage['event']>(event: E) =>
    waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`worker ${config.instanceId} exited (${child.exitCode}) before "${event}":\n${output}`);
        return messages.find((message): message is Extract<WorkerMessage, { event: E }> => message.event === event);
      },
      // Start-up loads Prisma's runtime and transpiles TypeScript: seconds on a busy machine.
      { description: `worker ${config.instanceId} reported "${event}"`, timeoutMs: 90_000, intervalMs: 20 },
    );

  return {
    child,
    messages,
    loaded: async () => {
      await reported('loaded');
    },
    start: () => {
      child.send({ command: 'start' });
    },
    ready: async () => (await reported('ready')).serverId,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.send({ command: 'stop' });
      return exited;
    },
    output: () => output,
  };
}

/** SIGKILLs every worker process still running; call it after each test. */
export async function killAllRecoveryWorkers(): Promise<void> {
  const exits = [...running].map(
    (child) =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(exits);
}

/** How a worker process reaches the test's database. */
export async function workerConnectionOf(database: TestDatabase): Promise<WorkerConnection> {
  switch (database.provider) {
    case 'sqlite': {
      const [main] = await database.query<{ file: string }>('PRAGMA database_list');
      return { provider: 'sqlite', file: main!.file };
    }
    case 'postgresql':
      return { provider: 'postgresql', url: requireUrl('postgresql'), schema: database.schemaName };
    case 'mysql': {
      const url = new URL(requireUrl('mysql'));
      url.pathname = `/${database.schemaName}`;
      return { provider: 'mysql', url: url.toString() };
    }
    case 'sqlserver': {
      const [current] = await database.query<{ name: string }>('SELECT DB_NAME() AS name');
      const [head = '', ...parameters] = requireUrl('sqlserver').split(';');
      const kept = parameters.filter((parameter) => parameter.trim() !== '' && !/^\s*(database|initial catalog)\s*=/i.test(parameter));
      return { provider: 'sqlserver', url: [head, `database=${current!.name}`, ...kept].join(';') };
    }
  }
}
