/** The cluster's DNS suffix (Istio's default domainSuffix). */
export const CLUSTER_DOMAIN = 'svc.cluster.local';

/**
 * Resolves a host as Istio does for VirtualService and DestinationRule hosts: a short name
 * (no dots) is relative to the object's namespace; anything with a dot is taken as written
 * (lower-cased). Istio's own recommendation is to write FQDNs.
 *
 * @example
 * resolveHost('reviews', 'default'); // 'reviews.default.svc.cluster.local'
 * resolveHost('reviews.prod.svc.cluster.local', 'default'); // 'reviews.prod.svc.cluster.local'
 */
export function resolveHost(host: string, namespace: string): string {
  const h = host.toLowerCase();
  if (h === '*' || h.includes('.')) return h;
  return `${h}.${namespace}.${CLUSTER_DOMAIN}`;
}

/**
 * Splits a cluster-local FQDN `name.namespace.svc.cluster.local` into its service name and
 * namespace; undefined for anything else (external names, wildcards).
 *
 * @example
 * splitServiceFqdn('reviews.default.svc.cluster.local'); // { name: 'reviews', namespace: 'default' }
 */
export function splitServiceFqdn(fqdn: string): { name: string; namespace: string } | undefined {
  const suffix = `.${CLUSTER_DOMAIN}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const parts = fqdn.slice(0, -suffix.length).split('.');
  if (parts.length !== 2 || parts[0] === '*') return undefined;
  return { name: parts[0], namespace: parts[1] };
}

/**
 * True when `host` is covered by the (possibly wildcard) `pattern`: `*.example.com` covers
 * `a.example.com`, `*` covers everything.
 *
 * @example
 * hostMatches('*.default.svc.cluster.local', 'reviews.default.svc.cluster.local'); // true
 */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

/**
 * The names a request's Host header may carry for a resolved host, as Istio generates virtual
 * host domains for sidecars: `reviews`, `reviews.default`, `reviews.default.svc`, … and the FQDN.
 *
 * @example
 * hostAliases('reviews.default.svc.cluster.local');
 * // ['reviews.default.svc.cluster.local', 'reviews', 'reviews.default', 'reviews.default.svc', 'reviews.default.svc.cluster']
 */
export function hostAliases(fqdn: string): string[] {
  const svc = splitServiceFqdn(fqdn);
  if (!svc) return [fqdn];
  const { name, namespace } = svc;
  return [fqdn, name, `${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster`];
}
