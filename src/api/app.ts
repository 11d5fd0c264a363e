import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppDeps } from './app-deps';
import type { AppEnv } from './app-env';
import { limitBodies } from './body-limits';
import { allowedMethods } from './method-not-allowed';
import { problem, zodInvalidParams } from './problem';
import { registerRoutes } from './routes';

/** The OpenAPI document's info block. */
const OPENAPI_INFO = {
  title: 'PiggyCar control plane',
  version: '0.1.0',
  description:
    'Service-mesh control plane that offloads L7 traffic control to programmable switches. ' +
    'All errors are application/problem+json (RFC 9457).',
};

/**
 * The one Hono app both shells serve. Everything runtime-specific arrives in `deps`.
 * Validation failures (zod) → 400, oversized bodies → 413, unknown routes → 404, known path with
 * another method → 405, uncaught errors → 500; all problem+json. OpenAPI 3.1 at `/openapi.json`.
 *
 * @example
 * const app = createApp({ db, queue, now: Date.now, randomBytes });
 * const res = await app.request('/healthz');
 */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: function validationHook(result, c) {
      if (!result.success) {
        return problem(c, 400, {
          title: 'Invalid request',
          detail: `the request ${result.target} failed validation`,
          invalidParams: zodInvalidParams(result.error.issues, result.target),
        });
      }
    },
  });

  app.use('*', async function provideDeps(c, next) {
    c.set('deps', deps);
    await next();
  });
  app.use('*', limitBodies);

  registerRoutes(app);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A PiggyCar API token (roles: admin, ci, viewer, agent).',
  });
  app.doc31('/openapi.json', { openapi: '3.1.0', info: OPENAPI_INFO });

  app.notFound(function notFound(c) {
    const allow = allowedMethods(app, c.req.path).filter((m) => m !== c.req.method);
    if (allow.length > 0) {
      return problem(
        c,
        405,
        { title: 'Method not allowed', detail: `${c.req.method} is not allowed on ${c.req.path}; allowed: ${allow.join(', ')}` },
        { allow: allow.join(', ') },
      );
    }
    return problem(c, 404, { title: 'Not found', detail: `no route for ${c.req.method} ${c.req.path}` });
  });

  app.onError(function onError(err, c) {
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      return problem(c, status, { title: err.message || 'Request failed', detail: err.message });
    }
    if (isBadJson(err)) {
      return problem(c, 400, { title: 'Invalid request', detail: 'the body is not valid JSON', invalidParams: [{ name: 'body', reason: String((err as Error).message) }] });
    }
    console.error('unhandled error', c.req.method, c.req.path, err);
    return problem(c, 500, { title: 'Internal error', detail: 'the server failed to handle the request; nothing was written' });
  });

  return app;
}

function isBadJson(err: unknown): boolean {
  return err instanceof SyntaxError;
}
