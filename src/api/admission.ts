import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { isPlainObject } from '../core/istio/field-reader';
import { formatIssue } from '../core/istio/istio-issue';
import { validateDocuments } from '../core/istio/parse-istio-documents';
import type { AppEnv } from './app-env';
import { requireRole } from './auth';
import { runIstioChange } from './istio-service';
import { IstioFabricParam } from './istio-schemas';
import { AUTH_PROBLEMS, BEARER, problemResponse } from './openapi-common';
import { problem } from './problem';

const ADMISSION_API = 'admission.k8s.io/v1';
const WATCHED = ['VirtualService', 'DestinationRule'];

const ReviewSchema = z
  .object({
    apiVersion: z.literal(ADMISSION_API),
    kind: z.literal('AdmissionReview'),
    request: z.object({
      uid: z.string().min(1),
      kind: z.object({ group: z.string(), version: z.string(), kind: z.string() }),
      name: z.string().optional(),
      namespace: z.string().optional(),
      operation: z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']),
      object: z.unknown().optional(),
      oldObject: z.unknown().optional(),
      dryRun: z.boolean().optional(),
    }).passthrough(),
  })
  .passthrough()
  .openapi('AdmissionReview');

const ReviewResponseSchema = z
  .object({
    apiVersion: z.literal(ADMISSION_API),
    kind: z.literal('AdmissionReview'),
    response: z.object({
      uid: z.string(),
      allowed: z.boolean(),
      status: z.object({ code: z.number().int(), message: z.string(), reason: z.string().optional() }).optional(),
      warnings: z.array(z.string()).optional(),
    }),
  })
  .openapi('AdmissionReviewResponse');

const route = createRoute({
  method: 'post',
  path: '/v1/fabrics/{fabric}/admission',
  tags: ['istio'],
  summary: 'Kubernetes validating admission webhook for VirtualService and DestinationRule (AdmissionReview v1)',
  description:
    'CREATE / UPDATE apply the object, DELETE removes it (dryRun: validate only). Invalid objects are denied with ' +
    'status.code / status.message naming the field; proxy-side features come back as warnings (denied on strict fabrics).',
  security: BEARER,
  middleware: [requireRole('ci')] as const,
  request: { params: IstioFabricParam, body: { content: { 'application/json': { schema: ReviewSchema } }, required: true } },
  responses: {
    200: { description: 'the review, answered', content: { 'application/json': { schema: ReviewResponseSchema } } },
    400: problemResponse('not an AdmissionReview v1'),
    ...AUTH_PROBLEMS,
  },
});

type Review = z.infer<typeof ReviewSchema>;

/** `Kind/ns/name: path: message`, as kubectl prints a webhook's warnings. */
function warningText(w: { object: string; path: string; message: string }): string {
  return w.object ? `${w.object}: ${formatIssue(w)}` : formatIssue(w);
}

function answer(uid: string, allowed: boolean, extra: { code?: number; message?: string; warnings?: string[] } = {}) {
  return {
    apiVersion: ADMISSION_API as typeof ADMISSION_API,
    kind: 'AdmissionReview' as const,
    response: {
      uid,
      allowed,
      ...(allowed ? {} : { status: { code: extra.code ?? 400, message: extra.message ?? 'denied', reason: extra.code === 409 ? 'Conflict' : 'Invalid' } }),
      ...(extra.warnings && extra.warnings.length > 0 ? { warnings: extra.warnings } : {}),
    },
  };
}

/**
 * `POST /v1/fabrics/{fabric}/admission`: AdmissionReview v1 in, AdmissionReview v1 out
 * (`response.uid` = `request.uid`).
 *
 * @example
 * registerAdmissionRoutes(app);
 */
export function registerAdmissionRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    route,
    async function admit(c) {
      const { fabric } = c.req.valid('param');
      const review = c.req.valid('json') as Review;
      const req = review.request;
      const dryRun = req.dryRun === true;
      if (!WATCHED.includes(req.kind.kind) || req.operation === 'CONNECT') return c.json(answer(req.uid, true), 200);
      const namespace = req.namespace || 'default';
      const deps = c.get('deps');
      if (req.operation === 'DELETE') {
        const name = req.name ?? (isPlainObject(req.oldObject) && isPlainObject(req.oldObject.metadata) ? String(req.oldObject.metadata.name) : '');
        const r = await runIstioChange(deps, fabric, { mode: 'delete', key: `${req.kind.kind}/${namespace}/${name}` }, {
          dryRun, reason: 'admission', nameIssue: (i) => i.path,
        });
        // Deleting an object PiggyCar never stored is fine: Kubernetes may hold objects from before the webhook.
        if (!r.ok && r.problem.status !== 404) return c.json(answer(req.uid, false, { code: r.problem.status, message: r.problem.detail }), 200);
        const warnings = r.ok ? r.value.warnings.map(warningText) : [];
        return c.json(answer(req.uid, true, { warnings }), 200);
      }
      const object = isPlainObject(req.object) && isPlainObject(req.object.metadata) && req.object.metadata.namespace === undefined
        ? { ...req.object, metadata: { ...req.object.metadata, namespace } }
        : req.object;
      const v = validateDocuments([object], namespace);
      if (!v.ok) {
        const who = `${req.kind.kind} ${namespace}/${req.name ?? '?'}`;
        return c.json(answer(req.uid, false, { code: 400, message: `${who} is invalid: ${v.errors.map(formatIssue).join('; ')}` }), 200);
      }
      const r = await runIstioChange(deps, fabric, { mode: 'apply', objects: v.objects.map((o) => o.object) }, {
        dryRun,
        reason: 'admission',
        nameIssue: (i) => i.path,
        validationWarnings: v.warnings.map((w) => ({ ...w, object: w.object ?? '' })),
      });
      if (!r.ok) return c.json(answer(req.uid, false, { code: r.problem.status, message: r.problem.detail }), 200);
      return c.json(answer(req.uid, true, { warnings: r.value.warnings.map(warningText) }), 200);
    },
    function badReview(result, c) {
      if (!result.success) {
        return problem(c, 400, {
          title: 'Not an AdmissionReview v1',
          detail: 'expected {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {uid, kind, operation, ...}}',
          invalidParams: result.error.issues.map((i) => ({ name: i.path.map(String).join('.') || 'body', reason: i.message })),
        });
      }
      return undefined;
    },
  );
}
