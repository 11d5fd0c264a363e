import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './app-env';
import { problem } from './problem';

/** Request bodies larger than this get 413 unless a route below allows more. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Routes allowed a larger body (one line per route). Whole-fabric PUT: the k = 90 fat-tree is
 * ~35 MB of JSON, but `POST .../generate` is the intended way to create it.
 */
export const LARGE_BODY_ROUTES: ReadonlyArray<{ method: string; pattern: RegExp; maxBytes: number }> = [
  { method: 'PUT', pattern: /^\/v1\/fabrics\/[^/]+$/, maxBytes: 64 * 1024 * 1024 },
];

/**
 * Picks the body limit for a method and path.
 *
 * @example
 * bodyLimitFor('PUT', '/v1/fabrics/dc1'); // 67108864
 */
export function bodyLimitFor(method: string, path: string): number {
  for (const route of LARGE_BODY_ROUTES) {
    if (route.method === method && route.pattern.test(path)) return route.maxBytes;
  }
  return DEFAULT_BODY_LIMIT_BYTES;
}

const limiters = new Map<number, MiddlewareHandler<AppEnv>>();

function limiterFor(maxSize: number): MiddlewareHandler<AppEnv> {
  let limiter = limiters.get(maxSize);
  if (limiter === undefined) {
    limiter = bodyLimit({
      maxSize,
      onError: function tooLarge(c) {
        return problem(c, 413, {
          title: 'Payload too large',
          detail: `the request body exceeds the ${maxSize} byte limit of this route`,
        });
      },
    });
    limiters.set(maxSize, limiter);
  }
  return limiter;
}

/**
 * App middleware: 413 problem+json for bodies over the route's limit (checked from Content-Length,
 * and while streaming when there is none).
 *
 * @example
 * app.use('*', limitBodies);
 */
export const limitBodies: MiddlewareHandler<AppEnv> = async function limitBodies(c, next) {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
  return limiterFor(bodyLimitFor(c.req.method, c.req.path))(c, next);
};
