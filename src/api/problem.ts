import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One invalid field: `name` is its path (`switches[3].vtepIp`, or a query/path parameter name). */
export interface InvalidParam {
  name: string;
  reason: string;
}

/** The RFC 9457 problem details body every error response carries. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  invalidParams?: InvalidParam[];
}

/** Problem type URIs by status; a caller may pass a more specific `type`. */
const PROBLEM_TYPES: Record<number, string> = {
  400: 'https://piggycar.dev/problems/validation-error',
  401: 'https://piggycar.dev/problems/unauthorized',
  403: 'https://piggycar.dev/problems/forbidden',
  404: 'https://piggycar.dev/problems/not-found',
  405: 'https://piggycar.dev/problems/method-not-allowed',
  409: 'https://piggycar.dev/problems/conflict',
  412: 'https://piggycar.dev/problems/precondition-failed',
  413: 'https://piggycar.dev/problems/payload-too-large',
  415: 'https://piggycar.dev/problems/unsupported-media-type',
  422: 'https://piggycar.dev/problems/invalid-fabric',
  500: 'https://piggycar.dev/problems/internal-error',
};

/**
 * Builds an `application/problem+json` response (RFC 9457).
 *
 * @example
 * return problem(c, 404, { title: 'Fabric not found', detail: 'no fabric named "dc2"' });
 * return problem(c, 400, { title: 'Invalid request', invalidParams: [{ name: 'switches[0].vtepIp', reason: 'not an IPv4 address' }] });
 */
export function problem<S extends ContentfulStatusCode>(
  c: Context,
  status: S,
  details: { title: string; detail?: string; invalidParams?: InvalidParam[]; type?: string },
  headers?: Record<string, string>,
) {
  const body: ProblemDetails = {
    type: details.type ?? PROBLEM_TYPES[status] ?? 'about:blank',
    title: details.title,
    status,
    ...(details.detail !== undefined ? { detail: details.detail } : {}),
    ...(details.invalidParams !== undefined ? { invalidParams: details.invalidParams } : {}),
  };
  // Typed like c.json so handlers of routes that declare this status accept it; the header makes it problem+json.
  return c.json(body, status, { ...headers, 'content-type': 'application/problem+json' });
}

/**
 * Formats a path (from zod or the fabric validator) as `switches[3].vtepIp`.
 *
 * @example
 * formatPath(['switches', 3, 'vtepIp']); // 'switches[3].vtepIp'
 */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Maps zod issues to `invalidParams`, prefixing a location (e.g. a query parameter) when the
 * issue path is empty.
 *
 * @example
 * problem(c, 400, { title: 'Invalid request', invalidParams: zodInvalidParams(result.error.issues) });
 */
export function zodInvalidParams(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  fallbackName = 'body',
): InvalidParam[] {
  return issues.map(function toInvalidParam(issue) {
    const name = formatPath(issue.path);
    return { name: name === '' ? fallbackName : name, reason: issue.message };
  });
}

/**
 * Answers with a problem whose status is only known at run time (e.g. from a store outcome).
 *
 * @example
 * if (!outcome.ok) return sendProblem(c, outcome.problem);
 */
export function sendProblem(
  c: Context,
  p: { status: ContentfulStatusCode; title: string; detail?: string; invalidParams?: InvalidParam[] },
) {
  // Typed as 400 (declared by every route that validates input) so route handlers accept it;
  // the real status goes on the wire.
  return problem(c, p.status as 400, { title: p.title, detail: p.detail, invalidParams: p.invalidParams });
}
