import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { AtomizerServer, defineJob, InMemoryStorage, type AtomizerServerOptions } from '../../src/index.js';
import { capturingLogger, noopJob } from '../helpers.js';

const mailJob = defineJob({
  name: 'send-mail',
  queue: 'mail',
  schema: z.object({}),
  handler: () => undefined,
});

const servers: AtomizerServer[] = [];

function startServer(options: Pick<AtomizerServerOptions, 'jobs' | 'queues'>): {
  started: Promise<void>;
  lines: Array<Record<string, unknown>>;
} {
  const { logger, lines } = capturingLogger();
  const server = new AtomizerServer({ storage: new InMemoryStorage(), logger, ...options });
  servers.push(server);
  return { started: server.start(), lines };
}

function unservedWarnings(lines: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return lines.filter((line) => line.level === 40 && typeof line.jobName === 'string');
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

describe('[memory] AtomizerServer start: jobs whose default queue the server does not process', () => {
  it('warns once per such job, naming the job, its queue and the queues served', async () => {
    const { started, lines } = startServer({
      jobs: [noopJob, mailJob],
      queues: { default: {}, files: {} },
    });

    await started;

    const warnings = unservedWarnings(lines);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ jobName: 'send-mail', queue: 'mail', servedQueues: ['default', 'files'] });
    expect(warnings[0]?.msg).toContain('"send-mail"');
    expect(warnings[0]?.msg).toContain('"mail"');
    expect(warnings[0]?.msg).toContain('default, files');
  });

  it('counts a job without a queue as belonging to the default queue', async () => {
    const { started, lines } = startServer({ jobs: [noopJob], queues: { files: {} } });

    await started;

    expect(unservedWarnings(lines)).toMatchObject([{ jobName: 'noop', queue: 'default', servedQueues: ['files'] }]);
  });

  it('stays silent when every job default queue is served', async () => {
    const { started, lines } = startServer({ jobs: [noopJob, mailJob], queues: { default: {}, mail: {} } });

    await started;

    expect(lines.filter((line) => line.level === 40)).toEqual([]);
    expect(lines.some((line) => line.msg === 'server started')).toBe(true);
  });
});
