import { z } from '@hono/zod-openapi';

/**
 * RFC 9457 problem details, for the OpenAPI document.
 *
 * @example
 * responses: { 404: problemResponse('fabric not found') }
 */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    invalidParams: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
  })
  .openapi('Problem');

/**
 * An OpenAPI response entry for a problem+json error.
 *
 * @example
 * responses: { 200: ..., 404: problemResponse('no such fabric') }
 */
export function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: ProblemSchema } } };
}

/** The error responses every authenticated route can give. */
export const AUTH_PROBLEMS = {
  401: problemResponse('missing or unknown bearer token'),
  403: problemResponse('the token lacks the required role'),
};

/** OpenAPI `security` for bearer-token routes. */
export const BEARER = [{ bearerAuth: [] }];
