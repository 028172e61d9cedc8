import type { IncomingMessage } from 'node:http';

/** What a route handler gets: the request, its path parameters and query. */
export interface RouteRequest {
  request: IncomingMessage;
  params: Record<string, string>;
  query: URLSearchParams;
}

/** What a route handler answers. */
export interface RouteResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** One endpoint: a method, a path pattern such as `/products/:id`, and its handler. */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  handle(request: RouteRequest): Promise<RouteResponse>;
}

/** The outcome of matching a request against the routes. */
export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

/**
 * Finds the route for a method and path. Patterns are literal segments and `:name`
 * parameters; that is all a handful of endpoints needs, so no framework is pulled in.
 */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch {
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params === undefined) continue;
    if (route.method === method) return { kind: 'found', route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
}

function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const patternParts = pattern.split('/').filter(Boolean);
  const pathParts = pathname.split('/').filter(Boolean);
  if (patternParts.length !== pathParts.length) return undefined;

  const params: Record<string, string> = {};
  for (const [index, part] of patternParts.entries()) {
    const actual = pathParts[index] as string;
    if (part.startsWith(':')) {
      params[part.slice(1)] = decodeURIComponent(actual);
    } else if (part !== actual) {
      return undefined;
    }
  }
  return params;
}
