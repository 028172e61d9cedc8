import { createDemoServer } from './demo-server.js';
import type { DemoServerOptions } from './demo-server.js';
import type { WorkerHandle } from './worker-events.js';

/**
 * Runs the demo's server inside this process, sharing its PrismaClient. The simplest
 * deployment, and the demo's default. A child-process worker will implement the same
 * {@link WorkerHandle} by building the server with {@link createDemoServer} in the child and
 * forwarding its events over IPC, so the rest of the demo does not change.
 */
export async function startInProcessWorker(options: DemoServerOptions): Promise<WorkerHandle> {
  const server = createDemoServer(options);
  await server.start();

  return {
    stop: () => server.stop(),
  };
}
