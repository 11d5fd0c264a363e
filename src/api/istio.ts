import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { IstioChange } from '../core/istio/apply-istio-change';
import { objectKey } from '../core/istio/istio-types';
import { parseIstioDocuments, type DocumentIssue } from '../core/istio/parse-istio-documents';
import type { ObjectIssue } from '../core/istio/translate-istio';
import { listIstioObjects } from '../db/istio-store';
import { getFabricSummary } from '../db/fabric-store';
import type { AppEnv } from './app-env';
import { requireRole } from './auth';
import { runIstioChange, type IstioAccepted } from './istio-service';
import { DryRunQuery, IstioApplyResultSchema, IstioFabricParam } from './istio-schemas';
import { AUTH_PROBLEMS, BEARER, problemResponse } from './openapi-common';
import { problem, sendProblem } from './problem';

const KINDS = ['VirtualService', 'DestinationRule', 'Service', 'Deployment', 'ServiceAccount'] as const;

const bodyDoc = {
  content: {
    'application/yaml': { schema: z.string().openapi({ description: 'one or many YAML documents (or JSON); single objects or kind: List' }) },
  },
  required: true,
};

const applyResponses = {
  200: { description: 'applied (or validated, with dryRun=true)', content: { 'application/json': { schema: IstioApplyResultSchema } } },
  400: problemResponse('malformed, invalid, or referencing an unknown host or subset; nothing written'),
  404: problemResponse('no such fabric'),
  409: problemResponse('a concurrent change; retry'),
  413: problemResponse('body too large'),
  422: problemResponse('strict fabric: a feature PiggyCar does not enforce'),
  ...AUTH_PROBLEMS,
};

const postRoute = createRoute({
  method: 'post',
  path: '/v1/fabrics/{fabric}/istio',
  tags: ['istio'],
  summary: 'kubectl apply: create or update VirtualServices, DestinationRules (networking.istio.io v1, v1beta1, v1alpha3), and demo Services / Deployments',
  description: 'All-or-nothing: any invalid document rejects the whole request. Every accepted change requests one (debounced) plan.',
  security: BEARER,
  middleware: [requireRole('ci')] as const,
  request: { params: IstioFabricParam, query: DryRunQuery, body: bodyDoc },
  responses: applyResponses,
});

const putRoute = createRoute({
  method: 'put',
  path: '/v1/fabrics/{fabric}/istio',
  tags: ['istio'],
  summary: 'Replace the complete set: stored objects absent from the body are deleted',
  security: BEARER,
  middleware: [requireRole('ci')] as const,
  request: { params: IstioFabricParam, query: DryRunQuery, body: bodyDoc },
  responses: applyResponses,
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/v1/fabrics/{fabric}/istio/{kind}/{namespace}/{name}',
  tags: ['istio'],
  summary: 'Delete one object',
  security: BEARER,
  middleware: [requireRole('ci')] as const,
  request: {
    params: IstioFabricParam.extend({
      kind: z.enum(KINDS).openapi({ param: { name: 'kind', in: 'path' }, example: 'VirtualService' }),
      namespace: z.string().min(1).openapi({ param: { name: 'namespace', in: 'path' }, example: 'default' }),
      name: z.string().min(1).openapi({ param: { name: 'name', in: 'path' }, example: 'reviews' }),
    }),
    query: DryRunQuery,
  },
  responses: applyResponses,
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/fabrics/{fabric}/istio',
  tags: ['istio'],
  summary: 'The stored objects, as applied, in creation order',
  security: BEARER,
  middleware: [requireRole('viewer', 'ci')] as const,
  request: { params: IstioFabricParam },
  responses: {
    200: {
      description: 'objects',
      content: { 'application/json': { schema: z.object({ items: z.array(z.object({ key: z.string(), createdAt: z.number(), updatedAt: z.number(), object: z.unknown() })) }) } },
    },
    404: problemResponse('no such fabric'),
    ...AUTH_PROBLEMS,
  },
});

/**
 * The JSON answer for an accepted change: per-object outcomes, a summary of every rule, warnings, plan id.
 *
 * @example
 * return c.json(acceptedJson(accepted, false), 200);
 */
export function acceptedJson(a: IstioAccepted, dryRun: boolean) {
  return {
    dryRun,
    changed: a.outcome.changed,
    results: a.outcome.results,
    rules: a.outcome.rules.map((r) => ({ id: r.id, priority: r.priority, vni: r.vni, kind: r.kind, backends: r.backends.length, requesters: r.requesters.length })),
    warnings: a.warnings.map((w) => ({ object: w.object, path: w.path, message: w.message, ...(w.unenforced ? { unenforced: true } : {}) })),
    ...(a.planId !== undefined ? { planId: a.planId } : {}),
  };
}

/** `documents[i].path` for issues about objects of the request; `Kind/ns/name.path` for others. */
function issueNamer(documentOf: Map<string, number>): (issue: ObjectIssue) => string {
  return function nameIssue(issue) {
    const doc = documentOf.get(issue.object);
    const prefix = doc !== undefined ? `documents[${doc}]` : issue.object || 'body';
    return issue.path ? `${prefix}.${issue.path}` : prefix;
  };
}

function documentProblem(issues: DocumentIssue[], parseKind?: string) {
  const tooLarge = parseKind === 'too-large';
  return {
    status: (tooLarge ? 413 : 400) as 400 | 413,
    title: tooLarge ? 'Payload too large' : parseKind ? 'Malformed YAML or JSON' : 'Invalid Istio configuration',
    detail: issues.map((e) => `document ${e.document}${e.object ? ` (${e.object})` : ''}: ${e.path ? `${e.path}: ` : ''}${e.message}`).join('; '),
    invalidParams: issues.map((e) => ({ name: e.path ? `documents[${e.document}].${e.path}` : `documents[${e.document}]`, reason: e.message })),
  };
}

async function applyBody(c: Context<AppEnv>, fabric: string, mode: 'apply' | 'replace', dryRun: boolean) {
  const parsed = parseIstioDocuments(await c.req.text(), { defaultNamespace: 'default' });
  if (!parsed.ok) return sendProblem(c, documentProblem(parsed.errors, parsed.parseError?.kind));
  if (mode === 'apply' && parsed.objects.length === 0) {
    return problem(c, 400, { title: 'Invalid request', detail: 'the body holds no objects', invalidParams: [{ name: 'body', reason: 'no objects' }] });
  }
  const documentOf = new Map(parsed.objects.map((o) => [objectKey(o.object), o.document]));
  const change: IstioChange = { mode, objects: parsed.objects.map((o) => o.object) };
  const r = await runIstioChange(c.get('deps'), fabric, change, {
    dryRun,
    reason: mode === 'apply' ? 'istio-apply' : 'istio-replace',
    nameIssue: issueNamer(documentOf),
    validationWarnings: parsed.warnings.map((w) => ({ ...w, object: w.object ?? '' })),
  });
  if (!r.ok) return sendProblem(c, r.problem);
  return c.json(acceptedJson(r.value, dryRun), 200);
}

/**
 * `/v1/fabrics/{fabric}/istio`: apply (POST), replace the set (PUT), delete one object, list.
 *
 * @example
 * registerIstioRoutes(app);
 */
export function registerIstioRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(postRoute, async function applyIstio(c) {
    const { fabric } = c.req.valid('param');
    return applyBody(c, fabric, 'apply', c.req.valid('query').dryRun === 'true');
  });

  app.openapi(putRoute, async function replaceIstio(c) {
    const { fabric } = c.req.valid('param');
    return applyBody(c, fabric, 'replace', c.req.valid('query').dryRun === 'true');
  });

  app.openapi(deleteRoute, async function deleteIstio(c) {
    const { fabric, kind, namespace, name } = c.req.valid('param');
    const dryRun = c.req.valid('query').dryRun === 'true';
    const key = `${kind}/${namespace}/${name}`;
    const r = await runIstioChange(c.get('deps'), fabric, { mode: 'delete', key }, {
      dryRun,
      reason: 'istio-delete',
      nameIssue: (i) => (i.path ? `${i.object}.${i.path}` : i.object || 'path'),
    });
    if (!r.ok) return sendProblem(c, r.problem);
    return c.json(acceptedJson(r.value, dryRun), 200);
  });

  app.openapi(listRoute, async function listIstio(c) {
    const { fabric } = c.req.valid('param');
    const { db } = c.get('deps');
    if (!(await getFabricSummary(db, fabric))) return problem(c, 404, { title: 'Fabric not found', detail: `no fabric named ${fabric}` });
    return c.json({ items: await listIstioObjects(db, fabric) }, 200);
  });
}
