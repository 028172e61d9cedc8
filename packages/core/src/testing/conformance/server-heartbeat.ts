import { expect, it } from 'vitest';

import { serverIdFor, serverInfo, type ConformanceContext } from './fixtures.js';

/** serverHeartbeat, serverList, serverRemove. */
export function describeServerHeartbeat(ctx: ConformanceContext): void {
  it('serverHeartbeat registers on the first beat and only refreshes afterwards', async () => {
    const info = serverInfo(serverIdFor('beat'));

    const first = await ctx.storage().serverHeartbeat(info);
    const second = await ctx.storage().serverHeartbeat(info);

    expect(first).toEqual({ registered: true });
    expect(second).toEqual({ registered: false });
  });

  it('serverHeartbeat registers again after the row was removed', async () => {
    const info = serverInfo(serverIdFor('beat'));
    await ctx.storage().serverHeartbeat(info);
    await ctx.storage().serverRemove({ serverId: info.serverId });

    const again = await ctx.storage().serverHeartbeat(info);

    expect(again).toEqual({ registered: true });
  });

  it('serverList returns every server as announced, oldest heartbeat first', async () => {
    const first = serverInfo(serverIdFor('list-a'), ['default', 'mail']);
    const second = serverInfo(serverIdFor('list-b'), ['files']);
    await ctx.storage().serverHeartbeat(first);
    await ctx.storage().serverHeartbeat(second);

    const servers = await ctx.storage().serverList();

    expect(servers).toHaveLength(2);
    const byId = new Map(servers.map((server) => [server.serverId, server]));
    expect(byId.get(first.serverId)).toMatchObject(first);
    expect(byId.get(second.serverId)).toMatchObject(second);
    const beats = servers.map((server) => server.lastHeartbeatAt.getTime());
    expect(beats).toEqual([...beats].sort((a, b) => a - b));
  });

  it('a later heartbeat never moves lastHeartbeatAt back', async () => {
    const info = serverInfo(serverIdFor('beat'));
    await ctx.storage().serverHeartbeat(info);
    const [before] = await ctx.storage().serverList();

    await ctx.storage().serverHeartbeat(info);

    const [after] = await ctx.storage().serverList();
    expect(after!.lastHeartbeatAt.getTime()).toBeGreaterThanOrEqual(before!.lastHeartbeatAt.getTime());
  });

  it('serverRemove removes the row and is a no-op for a missing one', async () => {
    const info = serverInfo(serverIdFor('remove'));
    const other = serverInfo(serverIdFor('remove-not'));
    await ctx.storage().serverHeartbeat(info);
    await ctx.storage().serverHeartbeat(other);

    await ctx.storage().serverRemove({ serverId: info.serverId });
    await ctx.storage().serverRemove({ serverId: info.serverId });
    await ctx.storage().serverRemove({ serverId: 'never-existed:*:000000000000' });

    const servers = await ctx.storage().serverList();
    expect(servers.map((server) => server.serverId)).toEqual([other.serverId]);
  });
}
