/**
 * Validation and translation findings, shaped like Istio's own messages: the field path inside the
 * object (`spec.http[0].route[1].weight`) and the reason.
 *
 * @example
 * const issue: IstioIssue = { path: 'spec.http[0].route[1].weight', message: 'weight -5 < 0' };
 */
export interface IstioIssue {
  /** Field path inside the object, e.g. `spec.http[0].route[1].weight`; '' for the whole document. */
  path: string;
  message: string;
  /** A feature PiggyCar leaves to the on-node proxy (a warning; a denial when the fabric is strict). */
  unenforced?: boolean;
}

/**
 * A core result: the value, or the issues that stopped it (errors are values in `src/core/`).
 *
 * @example
 * const r: IstioResult<number> = { ok: false, errors: [{ path: 'spec.hosts', message: 'at least one host is required' }] };
 */
export type IstioResult<T> = { ok: true; value: T } | { ok: false; errors: IstioIssue[] };

/**
 * Renders an issue as one line, `path: message` (what admission denials and problem details show).
 *
 * @example
 * formatIssue({ path: 'spec.hosts', message: 'at least one host is required' }); // 'spec.hosts: at least one host is required'
 */
export function formatIssue(issue: IstioIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}
