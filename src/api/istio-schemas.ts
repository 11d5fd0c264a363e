import { z } from '@hono/zod-openapi';
import { DnsLabelSchema } from '../core/fabric/schema';

/** `{fabric}` path parameter. */
export const IstioFabricParam = z.object({
  fabric: DnsLabelSchema.openapi({ param: { name: 'fabric', in: 'path' }, example: 'testbed' }),
});

/** `?dryRun=true`: validate and report, write nothing. */
export const DryRunQuery = z.object({
  dryRun: z.enum(['true', 'false']).optional().openapi({ param: { name: 'dryRun', in: 'query' }, example: 'true' }),
});

/** A finding about one object. */
export const IstioWarningSchema = z
  .object({
    object: z.string().openapi({ example: 'VirtualService/default/ratings' }),
    path: z.string().openapi({ example: 'spec.http[0].fault' }),
    message: z.string(),
    unenforced: z.boolean().optional().openapi({ description: 'a feature left to the on-node proxy (denied on strict fabrics)' }),
  })
  .openapi('IstioWarning');

/** The answer to an apply / replace / delete. */
export const IstioApplyResultSchema = z
  .object({
    dryRun: z.boolean(),
    changed: z.boolean(),
    results: z.array(z.object({ key: z.string(), action: z.enum(['created', 'configured', 'unchanged', 'deleted']) })),
    rules: z.array(z.object({ id: z.string(), priority: z.number().int(), vni: z.number().int(), kind: z.enum(['http', 'tcp']), backends: z.number().int(), requesters: z.number().int() })),
    warnings: z.array(IstioWarningSchema),
    planId: z.string().optional().openapi({ description: 'the plan requested for this change' }),
  })
  .openapi('IstioApplyResult');
