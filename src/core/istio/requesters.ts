import type { FabricPod } from '../fabric/types';
import type { RuleRequester } from '../rules/types';
import type { IstioIssue } from './istio-issue';
import { REQUESTERS_ANNOTATION } from './annotations';
import { labelsMatch, type ServiceRegistry } from './service-registry';

/** The source constraints of one match block. */
export interface SourceConstraint {
  sourceLabels?: Record<string, string>;
  sourceNamespace?: string;
}

/**
 * Q(r): when every match block names its sources (sourceLabels and/or sourceNamespace), the pods
 * matching any block; otherwise the pods of the services in `piggycar.io/requesters`; otherwise
 * every pod of the VirtualService's namespace. Sorted by pod name, no duplicates.
 *
 * @example
 * requesterGroup(registry, [{ sourceLabels: { app: 'productpage' } }], undefined, 'default').requesters;
 * // [{ pod: 'productpage-v1-0', ip: '10.244.0.5', server: 'server1' }]
 */
export function requesterGroup(
  registry: ServiceRegistry,
  blocks: SourceConstraint[],
  annotated: string[] | undefined,
  namespace: string,
): { requesters: RuleRequester[]; errors: IstioIssue[] } {
  const errors: IstioIssue[] = [];
  let pods: FabricPod[];
  const allSourced = blocks.length > 0 && blocks.every((b) => b.sourceLabels !== undefined || b.sourceNamespace !== undefined);
  if (allSourced) {
    pods = registry.pods.filter(function inAnyBlock(p) {
      return blocks.some(
        (b) => (b.sourceNamespace === undefined || b.sourceNamespace === p.namespace) && labelsMatch(b.sourceLabels ?? {}, p.labels),
      );
    });
  } else if (annotated) {
    const seen = new Map<string, FabricPod>();
    for (const name of annotated) {
      const svc = registry.lookup(name, namespace);
      if (!svc) {
        errors.push({ path: `metadata.annotations[${REQUESTERS_ANNOTATION}]`, message: `unknown service "${name}"` });
        continue;
      }
      for (const p of registry.podsOf(svc)) seen.set(p.name, p);
    }
    pods = [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } else {
    pods = registry.podsInNamespace(namespace);
  }
  return { requesters: pods.map((p) => ({ pod: p.name, ip: p.ip, server: p.server })), errors };
}
