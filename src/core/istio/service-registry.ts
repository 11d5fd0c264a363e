import type { FabricPod } from '../fabric/types';
import type { ServiceObject } from './istio-types';
import { resolveHost, splitServiceFqdn } from './resolve-host';

/** A host PiggyCar can route to: its namespace and the pods behind it. */
export interface RegisteredService {
  fqdn: string;
  namespace: string;
  name: string;
  selector: Record<string, string>;
  /** How the service became known: a core/v1 Service object, or pods labelled `app`/`service` = name. */
  origin: 'Service' | 'pod-labels';
}

/** Host → service lookups over Service objects and the fabric's pods. */
export interface ServiceRegistry {
  /** Resolves `host` relative to `namespace`; undefined when no such service exists. */
  lookup(host: string, namespace: string): RegisteredService | undefined;
  /** Pods of the service (selector ∧ extra labels), sorted by name. */
  podsOf(service: RegisteredService, extraLabels?: Record<string, string>): FabricPod[];
  /** Every pod of a namespace, sorted by name. */
  podsInNamespace(namespace: string): FabricPod[];
  readonly pods: readonly FabricPod[];
}

/**
 * Builds the registry: each Service object `name` in `ns` is `name.ns.svc.cluster.local`. A
 * cluster-local FQDN without a Service object still resolves when pods of that namespace carry
 * `app: name` or `service: name` (pods registered through the fabric API carry no Service).
 *
 * @example
 * const reg = buildServiceRegistry([reviewsService], fabric.pods);
 * reg.lookup('reviews', 'default')?.fqdn; // 'reviews.default.svc.cluster.local'
 */
export function buildServiceRegistry(services: ServiceObject[], pods: readonly FabricPod[]): ServiceRegistry {
  const byFqdn = new Map<string, RegisteredService>();
  for (const s of services) {
    const fqdn = resolveHost(s.metadata.name, s.metadata.namespace);
    byFqdn.set(fqdn, { fqdn, namespace: s.metadata.namespace, name: s.metadata.name, selector: s.spec.selector, origin: 'Service' });
  }
  const sorted = [...pods].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const byNamespace = new Map<string, FabricPod[]>();
  for (const p of sorted) {
    const list = byNamespace.get(p.namespace);
    if (list) list.push(p);
    else byNamespace.set(p.namespace, [p]);
  }
  function podsInNamespace(namespace: string): FabricPod[] {
    return byNamespace.get(namespace) ?? [];
  }
  function lookup(host: string, namespace: string): RegisteredService | undefined {
    const fqdn = resolveHost(host, namespace);
    const known = byFqdn.get(fqdn);
    if (known) return known;
    const svc = splitServiceFqdn(fqdn);
    if (!svc) return undefined;
    for (const key of ['app', 'service']) {
      if (podsInNamespace(svc.namespace).some((p) => p.labels[key] === svc.name)) {
        const implicit: RegisteredService = { fqdn, ...svc, selector: { [key]: svc.name }, origin: 'pod-labels' };
        byFqdn.set(fqdn, implicit);
        return implicit;
      }
    }
    return undefined;
  }
  function podsOf(service: RegisteredService, extraLabels: Record<string, string> = {}): FabricPod[] {
    // A Service without a selector selects no pods (Kubernetes leaves its endpoints to the user).
    if (Object.keys(service.selector).length === 0) return [];
    return podsInNamespace(service.namespace).filter(
      (p) => labelsMatch(service.selector, p.labels) && labelsMatch(extraLabels, p.labels),
    );
  }
  return { lookup, podsOf, podsInNamespace, pods: sorted };
}

/**
 * True when every selector label is present with the same value.
 *
 * @example
 * labelsMatch({ version: 'v1' }, { app: 'reviews', version: 'v1' }); // true
 */
export function labelsMatch(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}
