import { open } from 'node:fs/promises';

import { defineJob } from '@atomizer/core';
import { z } from 'zod';

import { absolutePath, filePayloadFields } from './file-payload.js';
import { SimulatedFaultError } from './simulated-fault.js';
import { simulatedNetworkCall } from './simulated-latency.js';

/** Bytes looked at to tell text from binary, like `git` and `grep` do. */
const SNIFF_BYTES = 8_000;

/**
 * `scan-file`: the flaky one. It stands for a call to a scanning service that is sometimes
 * briefly unavailable: when `flaky` is set, the first attempt fails with a transient fault and
 * the queue's retry policy runs it again after a short backoff, when it succeeds. It then
 * classifies the file as text or binary (a NUL byte in the first 8 000 bytes means binary).
 */
export function defineScanFileJob() {
  return defineJob({
    name: 'scan-file',
    queue: 'network',
    schema: z.object({ ...filePayloadFields, flaky: z.boolean() }),

    async handler(payload, ctx) {
      await simulatedNetworkCall(ctx.signal);
      if (payload.flaky && ctx.attempt === 1) {
        throw new SimulatedFaultError('transient', `scanner unavailable for "${payload.path}" (simulated, attempt ${ctx.attempt})`);
      }

      const kind = (await looksBinary(absolutePath(payload))) ? 'binary' : 'text';
      ctx.logger.debug({ path: payload.path, kind }, 'file scanned');
    },
  });
}

async function looksBinary(filePath: string): Promise<boolean> {
  const file = await open(filePath, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(SNIFF_BYTES), 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead).includes(0);
  } finally {
    await file.close();
  }
}
