import { z } from '@hono/zod-openapi';
import { DnsLabelSchema } from '../core/fabric/schema';

/** `{fabric}` path parameter. */
export const FabricParamSchema = z.object({
  fabric: DnsLabelSchema.openapi({ param: { name: 'fabric', in: 'path' }, example: 'testbed' }),
});

/** A fabric's header: counts, version and ETag generation. */
export const FabricSummarySchema = z
  .object({
    name: z.string(),
    version: z.number().int().openapi({ description: 'incremented on every write' }),
    etag: z.string().openapi({ description: 'send as If-Match to make a write conditional' }),
    switchCount: z.number().int(),
    linkCount: z.number().int(),
    serverCount: z.number().int(),
    podCount: z.number().int(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi('FabricSummary');

/** Read roles: everyone but agents (admin always passes). */
export const READ_ROLES = ['viewer', 'ci'] as const;
/** Write roles (admin always passes). */
export const WRITE_ROLES = ['ci'] as const;

/** `If-Match` request header (optional) for conditional writes. */
export const IfMatchHeaderSchema = z.object({
  'if-match': z
    .string()
    .optional()
    .openapi({ description: 'ETag from a previous read: the write fails with 412 if the fabric changed since' }),
});
