import { z } from '@hono/zod-openapi';
import { FabricParamSchema } from './fabric-openapi';

/** `{fabric}` and `{id}` path parameters. */
export const PlanParamSchema = FabricParamSchema.extend({
  id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' }, example: 'plan-3f1c…' }),
});

/** `{fabric}`, `{id}` and `{otherId}` path parameters. */
export const PlanDiffParamSchema = PlanParamSchema.extend({
  otherId: z.string().min(1).max(100).openapi({ param: { name: 'otherId', in: 'path' } }),
});

/** `POST .../plans` body (optional). */
export const PlanRequestSchema = z
  .object({ reason: z.string().min(1).max(200).optional().openapi({ description: 'recorded with the plan; default "api"' }) })
  .strict()
  .openapi('PlanRequest');

/** Paging of a plan's assignments. */
export const PlanQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).default(0).openapi({ param: { name: 'offset', in: 'query' } }),
  limit: z.coerce.number().int().min(0).max(10_000).default(1000).openapi({ param: { name: 'limit', in: 'query' } }),
});

/** A plan's header. */
export const PlanSummarySchema = z
  .object({
    id: z.string(),
    fabric: z.string(),
    version: z.number().int(),
    status: z.enum(['pending', 'running', 'ready', 'failed', 'superseded']),
    reason: z.string(),
    failureReason: z.string().nullable(),
    supersededBy: z.string().nullable(),
    objectiveUs: z.number().nullable().openapi({ description: 'T = max_r T(r), µs (eq. 1)' }),
    ruleCount: z.number().int().nullable(),
    switchCount: z.number().int().nullable(),
    summary: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'timings, overloads, annealer counters, or the infeasibility detail' }),
    createdAt: z.number().int(),
    startedAt: z.number().int().nullable(),
    finishedAt: z.number().int().nullable(),
  })
  .openapi('PlanSummary');

/** One plan with (a page of) its assignments z(n, r) and the per-switch load x(n). */
export const PlanDetailSchema = PlanSummarySchema.extend({
  assignmentCount: z.number().int(),
  assignments: z.array(z.object({ rule: z.string(), owner: z.string(), latencyUs: z.number() })),
  switchLoad: z.array(z.object({ switch: z.string(), sessions: z.number() })),
}).openapi('PlanDetail');

/** Rules whose owner differs between two plans. */
export const PlanDiffSchema = z
  .object({
    from: z.object({ id: z.string(), version: z.number().int() }),
    to: z.object({ id: z.string(), version: z.number().int() }),
    moved: z.array(z.object({ rule: z.string(), from: z.string(), to: z.string() })),
    added: z.array(z.object({ rule: z.string(), owner: z.string() })),
    removed: z.array(z.object({ rule: z.string(), owner: z.string() })),
  })
  .openapi('PlanDiff');
