/**
 * Name checks Istio and Kubernetes apply: DNS-1123 names, host names (optionally with a leading
 * `*.` wildcard), subset names.
 */

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A DNS-1123 label (Kubernetes object names of Services; Istio subset names).
 *
 * @example
 * isValidLabelName('v2-mysql'); // true
 * isValidLabelName('V2_'); // false
 */
export function isValidLabelName(s: string): boolean {
  return s.length > 0 && s.length <= 63 && LABEL.test(s);
}

/**
 * A DNS-1123 subdomain (metadata.name of Istio objects and Deployments).
 *
 * @example
 * isValidObjectName('reviews'); // true
 */
export function isValidObjectName(s: string): boolean {
  return s.length > 0 && s.length <= 253 && s.split('.').every((p) => LABEL.test(p));
}

/**
 * A host as Istio accepts it: a DNS name (case-insensitive), optionally starting with `*.`, or `*`.
 *
 * @example
 * isValidHostName('reviews.default.svc.cluster.local'); // true
 * isValidHostName('*.example.com'); // true
 * isValidHostName('bad host'); // false
 */
export function isValidHostName(s: string): boolean {
  if (s === '*') return true;
  const body = s.startsWith('*.') ? s.slice(2) : s;
  if (body.length === 0 || body.length > 253) return false;
  return body.split('.').every((p) => p.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_]*[A-Za-z0-9])?$/.test(p));
}
