import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { getFabricSummary } from '../db/fabric-store';
import { getPlan, listPlans, loadPlanBody, type PlanBody } from '../db/plan-store';
import { requestPlan } from '../jobs/plan/request-plan';
import type { AppEnv } from './app-env';
import { requireRole } from './auth';
import { FabricParamSchema, READ_ROLES, WRITE_ROLES } from './fabric-openapi';
import { AUTH_PROBLEMS, BEARER, problemResponse } from './openapi-common';
import {
  PlanDetailSchema, PlanDiffParamSchema, PlanDiffSchema, PlanParamSchema, PlanQuerySchema, PlanRequestSchema, PlanSummarySchema,
} from './plans-openapi';
import { problem } from './problem';

const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

const createPlanRoute = createRoute({
  method: 'post', path: '/v1/fabrics/{fabric}/plans', tags: ['plans'],
  summary: 'Request a new offline plan (Algorithm 1); it is computed by a queued job',
  security: BEARER, middleware: [requireRole(...WRITE_ROLES)] as const,
  request: { params: FabricParamSchema, body: { required: false, content: json(PlanRequestSchema) } },
  responses: {
    202: { description: 'a pending plan; poll it until ready or failed', content: json(PlanSummarySchema) },
    400: problemResponse('invalid body'), 404: problemResponse('no such fabric'), ...AUTH_PROBLEMS,
  },
});

const listPlansRoute = createRoute({
  method: 'get', path: '/v1/fabrics/{fabric}/plans', tags: ['plans'], summary: 'Plans of a fabric, newest first',
  security: BEARER, middleware: [requireRole(...READ_ROLES)] as const,
  request: { params: FabricParamSchema },
  responses: {
    200: { description: 'plans', content: json(z.object({ plans: z.array(PlanSummarySchema) })) },
    404: problemResponse('no such fabric'), ...AUTH_PROBLEMS,
  },
});

const getPlanRoute = createRoute({
  method: 'get', path: '/v1/fabrics/{fabric}/plans/{id}', tags: ['plans'],
  summary: 'One plan: header, a page of rule → owner assignments with T(r), and x(n)',
  security: BEARER, middleware: [requireRole(...READ_ROLES)] as const,
  request: { params: PlanParamSchema, query: PlanQuerySchema },
  responses: {
    200: { description: 'the plan', content: json(PlanDetailSchema) },
    404: problemResponse('no such plan'), ...AUTH_PROBLEMS,
  },
});

const diffRoute = createRoute({
  method: 'get', path: '/v1/fabrics/{fabric}/plans/{id}/diff/{otherId}', tags: ['plans'],
  summary: 'Rules whose owner differs from plan {id} to plan {otherId}',
  security: BEARER, middleware: [requireRole(...READ_ROLES)] as const,
  request: { params: PlanDiffParamSchema },
  responses: {
    200: { description: 'the moved, added and removed rules', content: json(PlanDiffSchema) },
    404: problemResponse('no such plan'), 409: problemResponse('a plan is not ready'), ...AUTH_PROBLEMS,
  },
});

/** rule id → owner switch name of a packed plan body. */
function ownersOf(body: PlanBody | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [rule, owner] of body?.rules ?? []) out.set(rule, body!.switches[owner]);
  return out;
}

/**
 * `/v1/fabrics/{fabric}/plans`: request (admin|ci), list, read and diff offline plans.
 *
 * @example
 * registerPlanRoutes(app);
 */
export function registerPlanRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createPlanRoute, async function createPlan(c) {
    const { fabric } = c.req.valid('param');
    const deps = c.get('deps');
    if (!(await getFabricSummary(deps.db, fabric))) return problem(c, 404, { title: 'Fabric not found', detail: `no fabric named ${fabric}` });
    const body = c.req.header('content-type')?.includes('application/json') ? c.req.valid('json') : undefined;
    const { planId } = await requestPlan(deps, fabric, body?.reason ?? 'api');
    const created = await getPlan(deps.db, fabric, planId);
    c.header('location', `/v1/fabrics/${fabric}/plans/${planId}`);
    return c.json(created!, 202);
  });

  app.openapi(listPlansRoute, async function list(c) {
    const { fabric } = c.req.valid('param');
    const { db } = c.get('deps');
    if (!(await getFabricSummary(db, fabric))) return problem(c, 404, { title: 'Fabric not found', detail: `no fabric named ${fabric}` });
    return c.json({ plans: await listPlans(db, fabric) }, 200);
  });

  app.openapi(getPlanRoute, async function read(c) {
    const { fabric, id } = c.req.valid('param');
    const { offset, limit } = c.req.valid('query');
    const { db } = c.get('deps');
    const header = await getPlan(db, fabric, id);
    if (!header) return problem(c, 404, { title: 'Plan not found', detail: `fabric ${fabric} has no plan ${id}` });
    const body = header.status === 'ready' ? await loadPlanBody(db, id) : undefined;
    const rules = body?.rules ?? [];
    return c.json({
      ...header,
      assignmentCount: rules.length,
      assignments: rules.slice(offset, offset + limit).map(([rule, owner, latencyUs]) => ({ rule, owner: body!.switches[owner], latencyUs })),
      switchLoad: (body?.loads ?? []).map(([n, sessions]) => ({ switch: body!.switches[n], sessions })),
    }, 200);
  });

  app.openapi(diffRoute, async function diff(c) {
    const { fabric, id, otherId } = c.req.valid('param');
    const { db } = c.get('deps');
    const [a, b] = await Promise.all([getPlan(db, fabric, id), getPlan(db, fabric, otherId)]);
    if (!a || !b) {
      return problem(c, 404, { title: 'Plan not found', detail: `fabric ${fabric} has no plan ${!a ? id : otherId}` });
    }
    if (a.status !== 'ready' || b.status !== 'ready') {
      return problem(c, 409, { title: 'Plan not ready', detail: `plan ${a.status !== 'ready' ? id : otherId} is ${a.status !== 'ready' ? a.status : b.status}` });
    }
    const [from, to] = await Promise.all([loadPlanBody(db, id), loadPlanBody(db, otherId)]).then(([x, y]) => [ownersOf(x), ownersOf(y)]);
    const moved: { rule: string; from: string; to: string }[] = [];
    const added: { rule: string; owner: string }[] = [];
    const removed: { rule: string; owner: string }[] = [];
    for (const [rule, owner] of to) {
      const before = from.get(rule);
      if (before === undefined) added.push({ rule, owner });
      else if (before !== owner) moved.push({ rule, from: before, to: owner });
    }
    for (const [rule, owner] of from) if (!to.has(rule)) removed.push({ rule, owner });
    return c.json({ from: { id, version: a.version }, to: { id: otherId, version: b.version }, moved, added, removed }, 200);
  });
}
