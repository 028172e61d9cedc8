import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { ID_DELIMITER } from '../options/server-options.js';
import type { ServerInfo } from '../storage/storage-contract.js';

/** Who a running server is: fixed per process (`instanceId`) and new per start (`serverId`). */
export interface ServerIdentity {
  instanceId: string;
  /** `${instanceId}:*:${12 random hex}`: a restarted server never reuses its predecessor's id. */
  serverId: string;
  host: string;
  pid: number;
}

/** A fresh identity for one incarnation (one `start()`) of a server. */
export function newServerIdentity(instanceId: string): ServerIdentity {
  return {
    instanceId,
    serverId: `${instanceId}${ID_DELIMITER}${randomBytes(6).toString('hex')}`,
    host: hostname(),
    pid: process.pid,
  };
}

/** A fresh lease token, `${serverId}:*:${uuid}`; one per lease call. */
export function newLeaseToken(serverId: string): string {
  return `${serverId}${ID_DELIMITER}${randomUUID()}`;
}

/** What the server announces with each heartbeat. */
export function serverInfoOf(
  identity: ServerIdentity,
  startedAt: Date,
  queues: readonly string[],
): ServerInfo {
  return { ...identity, startedAt, queues: [...queues] };
}
