import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { HashedDesiredState } from '../core/desired-state/types';
import type { AppEnv } from './app-env';
import { currentDesiredState, type CachedDesiredState } from './agents-state-cache';
import { DesiredStateSchema, TelemetryReportSchema } from './agents-schemas';
import { waitForInputsChange } from './agents-watch';
import { requireRole } from './auth';
import { AUTH_PROBLEMS, BEARER, problemResponse } from './openapi-common';
import { problem } from './problem';
import { onTelemetry } from './telemetry-hook';
import { controlPlaneTracing, traceControlPlane } from '../jobs/migrate/trace';

/** Longest long-poll an agent may ask for, seconds. */
export const MAX_WAIT_SECONDS = 60;

const SwitchParam = z.object({ switch: z.string().min(1).max(253).openapi({ param: { name: 'switch', in: 'path' }, example: 'core1' }) });
const FabricQuery = z.string().min(1).max(253).optional()
  .openapi({ description: 'the fabric; defaults to the agent token\'s fabric (required for other tokens)' });

const desiredStateRoute = createRoute({
  method: 'get',
  path: '/v1/agents/{switch}/desired-state',
  tags: ['agents'],
  summary: 'The switch\'s desired state for the current plan (ETag; If-None-Match → 304; ?wait=N long-polls)',
  security: BEARER,
  middleware: [requireRole('agent')] as const,
  request: {
    params: SwitchParam,
    query: z.object({
      fabric: FabricQuery,
      wait: z.coerce.number().int().min(0).max(MAX_WAIT_SECONDS).optional()
        .openapi({ description: 'with If-None-Match: hold the request up to this many seconds until the state changes' }),
    }),
    headers: z.object({ 'if-none-match': z.string().optional() }),
  },
  responses: {
    200: { description: 'the desired state', headers: z.object({ etag: z.string() }), content: { 'application/json': { schema: DesiredStateSchema } } },
    304: { description: 'unchanged (the If-None-Match ETag is current)' },
    400: problemResponse('fabric missing for a non-agent token'),
    404: problemResponse('no such fabric or switch'),
    ...AUTH_PROBLEMS,
  },
});

const telemetryRoute = createRoute({
  method: 'post',
  path: '/v1/agents/{switch}/telemetry',
  tags: ['agents'],
  summary: 'An agent reports its switch\'s telemetry (x_r^ob, y_r^ob, m_n, misses, drops, links, applied plan)',
  security: BEARER,
  middleware: [requireRole('agent')] as const,
  request: {
    params: SwitchParam,
    query: z.object({ fabric: FabricQuery }),
    body: { required: true, content: { 'application/json': { schema: TelemetryReportSchema } } },
  },
  responses: {
    204: { description: 'stored' },
    400: problemResponse('invalid report'),
    404: problemResponse('no such fabric or switch'),
    ...AUTH_PROBLEMS,
  },
});

const serialized = new WeakMap<HashedDesiredState, string>();

function bodyOf(hashed: HashedDesiredState): string {
  let json = serialized.get(hashed);
  if (json === undefined) serialized.set(hashed, (json = JSON.stringify(hashed.state)));
  return json;
}

/**
 * Does an If-None-Match header name this entity tag (weak comparison, `*` matches anything)?
 *
 * @example
 * etagMatches('W/"abc", "def"', 'def'); // true
 */
export function etagMatches(header: string | undefined, hash: string): boolean {
  if (header === undefined) return false;
  for (const raw of header.split(',')) {
    const tag = raw.trim().replace(/^W\//, '');
    if (tag === '*' || tag === `"${hash}"`) return true;
  }
  return false;
}

type Resolved = { fabric: string } | { error: Response };

/** The fabric a request is about: the agent token's own, or the `fabric` query parameter for other tokens. */
function resolveFabric(c: Context<AppEnv>, queryFabric: string | undefined): Resolved {
  const principal = c.get('principal');
  if (principal.role === 'agent') {
    if (queryFabric !== undefined && queryFabric !== principal.fabric) {
      return { error: problem(c, 403, { title: 'Forbidden', detail: `this agent token is bound to fabric ${principal.fabric}` }) };
    }
    return { fabric: principal.fabric };
  }
  if (queryFabric === undefined) {
    return { error: problem(c, 400, { title: 'Invalid request', detail: 'the fabric is required', invalidParams: [{ name: 'fabric', reason: 'required unless the token is an agent token' }] }) };
  }
  return { fabric: queryFabric };
}

type Lookup = { current: CachedDesiredState; hashed: HashedDesiredState } | { error: Response };

/** How long a confirmed fingerprint answers conditional polls without a query (a 304 may lag a change this long). */
export const POLL_FINGERPRINT_MAX_AGE_MS = 100;

async function lookup(c: Context<AppEnv>, fabric: string, sw: string, maxAgeMs = 0): Promise<Lookup> {
  const deps = c.get('deps');
  const current = await currentDesiredState(deps.db, fabric, { now: deps.now(), maxAgeMs });
  if (!current) return { error: problem(c, 404, { title: 'Fabric not found', detail: `no fabric named ${fabric}` }) };
  const hashed = current.compiled.forSwitch(sw);
  if (!hashed) return { error: problem(c, 404, { title: 'Switch not found', detail: `fabric ${fabric} has no switch named ${sw}` }) };
  return { current, hashed };
}

/**
 * `/v1/agents/{switch}/...`: the desired state an agent polls and the telemetry it pushes. Only that switch's
 * agent token (or an admin) may use them.
 *
 * @example
 * registerAgentRoutes(app);
 */
export function registerAgentRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(desiredStateRoute, async function getDesiredState(c) {
    const { switch: sw } = c.req.valid('param');
    const query = c.req.valid('query');
    const resolved = resolveFabric(c, query.fabric);
    if ('error' in resolved) return resolved.error;
    const deps = c.get('deps');
    const ifNoneMatch = c.req.header('if-none-match');
    let found = await lookup(c, resolved.fabric, sw, ifNoneMatch === undefined ? 0 : POLL_FINGERPRINT_MAX_AGE_MS);
    if ('error' in found) return found.error;
    const waitMs = (query.wait ?? 0) * 1000;
    const deadline = deps.now() + waitMs;
    while (waitMs > 0 && etagMatches(ifNoneMatch, found.hashed.hash)) {
      const remaining = deadline - deps.now();
      if (remaining <= 0) break;
      const next = await waitForInputsChange(deps.db, resolved.fabric, found.current.key, remaining);
      if (next === found.current.key) break;
      const woke = Date.now();
      found = await lookup(c, resolved.fabric, sw);
      if ('error' in found) return found.error;
      traceControlPlane('desired-state woke', { switch: sw, lookupMs: Date.now() - woke, plan: found.hashed.state.planVersion });
    }
    const etag = `"${found.hashed.hash}"`;
    if (etagMatches(ifNoneMatch, found.hashed.hash)) {
      return c.body(null, 304, { etag, 'cache-control': 'no-cache' });
    }
    const t0 = controlPlaneTracing ? Date.now() : 0;
    const body = bodyOf(found.hashed);
    traceControlPlane('desired-state answered', { switch: sw, plan: found.hashed.state.planVersion, bytes: body.length, serializeMs: controlPlaneTracing ? Date.now() - t0 : 0 });
    return c.body(body, 200, { etag, 'cache-control': 'no-cache', 'content-type': 'application/json' });
  });

  app.openapi(telemetryRoute, async function postTelemetry(c) {
    const { switch: sw } = c.req.valid('param');
    const resolved = resolveFabric(c, c.req.valid('query').fabric);
    if ('error' in resolved) return resolved.error;
    // The VNI → rule map may be a second old: a report is about the past second anyway.
    const found = await lookup(c, resolved.fabric, sw, 1000);
    if ('error' in found) return found.error;
    const vniToRule = new Map<number, string>();
    for (const e of found.hashed.state.functionOffloadTable) vniToRule.set(e.vni, e.ruleId);
    const deps = c.get('deps');
    const t0 = controlPlaneTracing ? Date.now() : 0;
    const report = c.req.valid('json');
    await onTelemetry(deps, { fabric: resolved.fabric, switchName: sw, receivedAt: deps.now(), report, vniToRule });
    traceControlPlane('telemetry handled', { switch: sw, reason: report.reason, plan: report.appliedPlanVersion, occupancy: report.occupancy, ms: controlPlaneTracing ? Date.now() - t0 : 0 });
    return c.body(null, 204);
  });
}
