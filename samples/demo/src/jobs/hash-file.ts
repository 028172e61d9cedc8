import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

import { defineJob } from '@atomizer/core';
import { z } from 'zod';

import type { DemoPrisma } from '../database/open-database.js';
import { absolutePath, filePayloadFields } from './file-payload.js';

const NEWLINE = 0x0a;

/**
 * `hash-file`: reads one file and stores its size, line count and SHA-256 as a FileDigest.
 * The write is an upsert on (run, path): if the job runs twice (a lease that expired while it
 * was still running, a worker that died after writing), the digest is still stored once.
 */
export function defineHashFileJob(prisma: DemoPrisma) {
  return defineJob({
    name: 'hash-file',
    queue: 'files',
    schema: z.object(filePayloadFields),

    async handler(payload, ctx) {
      const digest = await digestFile(absolutePath(payload), ctx.signal);
      const processedAt = new Date();

      await prisma.fileDigest.upsert({
        where: { runId_path: { runId: payload.runId, path: payload.path } },
        create: { runId: payload.runId, path: payload.path, ...digest, processedAt },
        update: { ...digest, processedAt },
      });

      ctx.logger.debug({ path: payload.path, bytes: Number(digest.bytes) }, 'file digested');
    },
  });
}

/** Size, line count and SHA-256 of a file, read as a stream so a large file costs no memory. */
export async function digestFile(
  filePath: string,
  signal?: AbortSignal,
): Promise<{ bytes: bigint; lines: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0n;
  let newlines = 0;
  let lastByte: number | undefined;

  for await (const chunk of createReadStream(filePath, { signal }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += BigInt(chunk.length);
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) newlines += 1;
    lastByte = chunk[chunk.length - 1];
  }

  // A last line without a trailing newline is still a line.
  const lines = lastByte === undefined || lastByte === NEWLINE ? newlines : newlines + 1;
  return { bytes, lines, sha256: hash.digest('hex') };
}
