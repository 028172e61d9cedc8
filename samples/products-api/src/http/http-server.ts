import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { JobPayloadInvalidError, type Logger } from '@atomizer/core';

import { HttpError } from './http-error.js';
import { sendJson } from './json-io.js';
import { matchRoute, type Route } from './router.js';

/** A listening HTTP server and the way to close it. */
export interface RunningHttpServer {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the routes over node:http: JSON in, JSON out, errors as `{ error, ... }` with the
 * status an HttpError names (payloads the job schema rejects are 400 too), else 500.
 */
export async function startHttpServer(
  routes: readonly Route[],
  options: { host: string; port: number; logger: Logger },
): Promise<RunningHttpServer> {
  const { logger } = options;
  const server = createServer((request, response) => {
    void respond(routes, request, response, logger);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return { url: `http://${host}:${port}`, close: () => closeServer(server) };
}

async function respond(routes: readonly Route[], request: IncomingMessage, response: ServerResponse, logger: Logger) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  try {
    const match = matchRoute(routes, request.method ?? 'GET', url.pathname);
    if (match.kind === 'not-found') throw new HttpError(404, `no endpoint ${request.method} ${url.pathname}`);
    if (match.kind === 'method-not-allowed') {
      throw new HttpError(405, `${request.method} is not allowed on ${url.pathname}`, { allowed: match.allowed });
    }

    const answer = await match.route.handle({ request, params: match.params, query: url.searchParams });
    sendJson(response, answer.status, answer.body, answer.headers);
  } catch (error) {
    sendError(response, error, logger, `${request.method} ${url.pathname}`);
  }
}

function sendError(response: ServerResponse, error: unknown, logger: Logger, endpoint: string): void {
  if (error instanceof HttpError) {
    sendJson(response, error.status, { error: error.message, ...error.details });
  } else if (error instanceof JobPayloadInvalidError || error instanceof URIError) {
    sendJson(response, 400, { error: error.message });
  } else {
    logger.error({ err: error, endpoint }, 'request failed');
    sendJson(response, 500, { error: 'internal error; see the server log' });
  }
}

/** Stops accepting connections and ends idle keep-alive ones, so close() does not hang. */
async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  server.closeIdleConnections();
  await closed;
}
