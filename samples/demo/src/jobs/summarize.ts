import { defineJob } from '@atomizer/core';
import { z } from 'zod';

import type { DemoPrisma } from '../database/open-database.js';

/**
 * `summarize`: the last job of a run, enqueued once every per-file job has finished. It
 * totals the run's digests in the database and stamps them on the DemoRun row, which is what
 * the demo's summary then reads.
 */
export function defineSummarizeJob(prisma: DemoPrisma) {
  return defineJob({
    name: 'summarize',
    queue: 'default',
    schema: z.object({ runId: z.string().min(1) }),

    async handler(payload, ctx) {
      const totals = await prisma.fileDigest.aggregate({
        where: { runId: payload.runId },
        _count: { _all: true },
        _sum: { bytes: true, lines: true },
      });

      await prisma.demoRun.update({
        where: { id: payload.runId },
        data: {
          summarizedAt: new Date(),
          totalBytes: totals._sum.bytes ?? 0n,
          totalLines: totals._sum.lines ?? 0,
        },
      });

      ctx.logger.info({ runId: payload.runId, digests: totals._count._all }, 'run summarized');
    },
  });
}
