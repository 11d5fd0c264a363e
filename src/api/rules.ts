import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getFabricSummary } from '../db/fabric-store';
import { getRule, listIstioObjects, listRules } from '../db/istio-store';
import type { AppEnv } from './app-env';
import { requireRole } from './auth';
import { IstioFabricParam } from './istio-schemas';
import { AUTH_PROBLEMS, BEARER, problemResponse } from './openapi-common';
import { problem } from './problem';

/** A Rule as served (the contract in src/core/rules/types.ts). */
const RuleSchema = z
  .object({
    id: z.string(),
    fabric: z.string(),
    kind: z.enum(['http', 'tcp']),
    priority: z.number().int(),
    vni: z.number().int(),
    source: z.object({ kind: z.literal('VirtualService'), namespace: z.string(), name: z.string(), routeIndex: z.number().int() }),
    hosts: z.array(z.string()),
    match: z.array(z.record(z.string(), z.unknown())),
    requesters: z.array(z.object({ pod: z.string(), ip: z.string(), server: z.string() })),
    backends: z.array(z.object({ pod: z.string(), ip: z.string(), server: z.string(), nodeVtepIp: z.string(), weight: z.number(), subset: z.string().optional() })),
    lbPolicy: z.object({ kind: z.enum(['RANDOM', 'ROUND_ROBIN', 'LEAST_REQUEST', 'CONSISTENT_HASH_SOURCE_IP']) }),
    expectedSessions: z.number(),
    expectedGbps: z.number(),
    proxyActions: z.record(z.string(), z.unknown()),
    warnings: z.array(z.string()),
  })
  .openapi('Rule');

const listRoute = createRoute({
  method: 'get',
  path: '/v1/fabrics/{fabric}/rules',
  tags: ['rules'],
  summary: 'The fabric\'s rules in priority order: match, VNI, Q(r), K(r) with weights, x_r, y_r, warnings',
  security: BEARER,
  middleware: [requireRole('viewer', 'ci')] as const,
  request: { params: IstioFabricParam },
  responses: {
    200: { description: 'rules', content: { 'application/json': { schema: z.object({ rules: z.array(RuleSchema) }) } } },
    404: problemResponse('no such fabric'),
    ...AUTH_PROBLEMS,
  },
});

const oneResponses = {
  200: { description: 'the rule and its source VirtualService', content: { 'application/json': { schema: RuleSchema.extend({ sourceObject: z.unknown() }) } } },
  404: problemResponse('no such fabric or rule'),
  ...AUTH_PROBLEMS,
};

const getEncodedRoute = createRoute({
  method: 'get',
  path: '/v1/fabrics/{fabric}/rules/{id}',
  tags: ['rules'],
  summary: 'One rule by id, URL-encoded (default%2Freviews%2Fhttp%2F0)',
  security: BEARER,
  middleware: [requireRole('viewer', 'ci')] as const,
  request: { params: IstioFabricParam.extend({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 'default%2Freviews%2Fhttp%2F0' }) }) },
  responses: oneResponses,
});

const getPartsRoute = createRoute({
  method: 'get',
  path: '/v1/fabrics/{fabric}/rules/{namespace}/{name}/{kind}/{index}',
  tags: ['rules'],
  summary: 'One rule by its id\'s parts (/rules/default/reviews/http/0)',
  security: BEARER,
  middleware: [requireRole('viewer', 'ci')] as const,
  request: {
    params: IstioFabricParam.extend({
      namespace: z.string().openapi({ param: { name: 'namespace', in: 'path' } }),
      name: z.string().openapi({ param: { name: 'name', in: 'path' } }),
      kind: z.enum(['http', 'tcp']).openapi({ param: { name: 'kind', in: 'path' } }),
      index: z.string().regex(/^\d+$/).openapi({ param: { name: 'index', in: 'path' } }),
    }),
  },
  responses: oneResponses,
});

async function oneRule(c: Context<AppEnv>, fabric: string, id: string) {
  const { db } = c.get('deps');
  if (!(await getFabricSummary(db, fabric))) return problem(c, 404, { title: 'Fabric not found', detail: `no fabric named ${fabric}` });
  const rule = await getRule(db, fabric, id);
  if (!rule) return problem(c, 404, { title: 'Rule not found', detail: `fabric ${fabric} has no rule ${id}` });
  const key = `VirtualService/${rule.source.namespace}/${rule.source.name}`;
  const source = (await listIstioObjects(db, fabric)).find((o) => o.key === key);
  return c.json({ ...rule, sourceObject: source?.object ?? null }, 200);
}

/**
 * `/v1/fabrics/{fabric}/rules[/{id}]`: the translated rules.
 *
 * @example
 * registerRulesRoutes(app);
 */
export function registerRulesRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRoute, async function listAll(c) {
    const { fabric } = c.req.valid('param');
    const { db } = c.get('deps');
    if (!(await getFabricSummary(db, fabric))) return problem(c, 404, { title: 'Fabric not found', detail: `no fabric named ${fabric}` });
    return c.json({ rules: await listRules(db, fabric) }, 200);
  });
  app.openapi(getEncodedRoute, async function getEncoded(c) {
    const { fabric, id } = c.req.valid('param');
    return oneRule(c, fabric, id);
  });
  app.openapi(getPartsRoute, async function getParts(c) {
    const { fabric, namespace, name, kind, index } = c.req.valid('param');
    return oneRule(c, fabric, `${namespace}/${name}/${kind}/${index}`);
  });
}
