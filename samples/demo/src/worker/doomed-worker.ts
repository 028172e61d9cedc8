import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { Logger } from '@atomizer/core';

import type { DatabaseTarget } from '../database/database-target.js';
import { DemoError } from '../demo-error.js';
import { demoRoot } from '../demo-paths.js';
import type { DemoPrisma } from '../database/open-database.js';
import type { DoomedWorkerConfig, DoomedWorkerMessage } from './doomed-worker-process.js';

/** What the summary tells about the worker the demo killed. */
export interface KilledWorkerReport {
  instanceId: string;
  serverId: string;
  pid: number;
  /** The `hash-file` jobs it held when it was killed. */
  heldJobIds: string[];
}

/** The doomed worker gives up on starting (or on leasing) after this long. */
const START_TIMEOUT_MS = 60_000;

/** Polling pause while waiting for the doomed worker. */
const POLL_MS = 20;

/**
 * Starts the doomed worker (doomed-worker-process.ts) in a child process, waits until it holds
 * `hash-file` jobs, and kills it with SIGKILL: no shutdown, no release, its heartbeat row left
 * behind, exactly like a crash. Its jobs stay `processing` under a 60 s lease; the surviving
 * worker's heartbeat sweep frees them within seconds and runs them.
 *
 * Call it before the surviving worker starts, so the doomed one gets jobs to hold.
 * @returns what it held; `undefined` when the run has no file to hash.
 */
export async function killWorkerHoldingJobs(params: {
  database: DatabaseTarget;
  prisma: DemoPrisma;
  logger: Logger;
  signal: AbortSignal;
}): Promise<KilledWorkerReport | undefined> {
  const { prisma, logger } = params;
  const hashJobs = await prisma.atomizerJob.count({ where: { name: 'hash-file', status: 'pending' } });
  if (hashJobs === 0) return undefined;

  const instanceId = 'demo-doomed-worker';
  const child = forkDoomedWorker({ database: params.database, instanceId, lifetimeMs: 5 * 60_000 });
  try {
    const serverId = await waitForReady(child, params.signal);
    await until(params.signal, async () => (await heldBy(prisma, serverId)).length > 0);

    child.kill('SIGKILL');
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    // Dead now: nothing can change its jobs but the survivors' sweep, seconds from now.
    const heldJobIds = await heldBy(prisma, serverId);
    logger.info({ instanceId, serverId, pid: child.pid, heldJobs: heldJobIds.length }, 'killed a worker holding jobs (SIGKILL)');
    return { instanceId, serverId, pid: child.pid ?? 0, heldJobIds };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Forks the doomed worker: compiled JavaScript as is, the TypeScript source (tests) through jiti. */
function forkDoomedWorker(config: DoomedWorkerConfig): ChildProcess {
  const fromSource = import.meta.url.endsWith('.ts');
  const script = fileURLToPath(new URL(`./doomed-worker-process.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  return fork(script, [], {
    // From the demo's folder: Node resolves `--import jiti/register` against the working
    // directory, and jiti is the demo's devDependency (the repo root does not have it).
    cwd: demoRoot,
    execArgv: fromSource ? ['--import', 'jiti/register'] : [],
    env: { ...process.env, ATOMIZER_DEMO_DOOMED_WORKER: JSON.stringify(config) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

async function waitForReady(child: ChildProcess, signal: AbortSignal): Promise<string> {
  let serverId: string | undefined;
  child.on('message', (message: DoomedWorkerMessage) => {
    if (message.event === 'ready') serverId = message.serverId;
  });
  await until(signal, async () => {
    if (child.exitCode !== null) {
      throw new DemoError('DEMO.DOOMED_WORKER_EXITED', `the doomed worker exited with code ${child.exitCode} before it was ready`, child.exitCode);
    }
    return serverId !== undefined;
  });
  return serverId!;
}

/** Ids of the jobs `serverId` holds right now. */
async function heldBy(prisma: DemoPrisma, serverId: string): Promise<string[]> {
  const rows = await prisma.atomizerJob.findMany({ where: { leaseOwner: serverId, status: 'processing' }, select: { id: true } });
  return rows.map((row) => row.id);
}

/** Polls `check` until it is true; gives up on `signal` or after {@link START_TIMEOUT_MS}. */
async function until(signal: AbortSignal, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await check())) {
    signal.throwIfAborted();
    if (Date.now() > deadline) {
      throw new DemoError('DEMO.DOOMED_WORKER_TIMEOUT', `the doomed worker must hold a job within ${START_TIMEOUT_MS} ms, it did not`, START_TIMEOUT_MS);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** What became of the killed worker's jobs, as the summary shows it. */
export interface KilledWorkerOutcome {
  instanceId: string;
  pid: number;
  /** Jobs it held when it was killed. */
  heldJobs: number;
  /** Of those, the ones another worker then ran to completion. */
  completedElsewhere: number;
}

/** Reads back, once the run is over, what happened to the jobs the killed worker held. */
export async function killedWorkerOutcome(prisma: DemoPrisma, killed: KilledWorkerReport): Promise<KilledWorkerOutcome> {
  const completedElsewhere = await prisma.atomizerJob.count({ where: { id: { in: killed.heldJobIds }, status: 'completed' } });
  return { instanceId: killed.instanceId, pid: killed.pid, heldJobs: killed.heldJobIds.length, completedElsewhere };
}
