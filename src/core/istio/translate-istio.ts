import type { FabricDocument } from '../fabric/types';
import type { Rule } from '../rules/types';
import type { IstioIssue } from './istio-issue';
import { objectKey, type DestinationRuleObject, type IstioObject, type ServiceObject, type VirtualServiceObject } from './istio-types';
import { buildServiceRegistry } from './service-registry';
import { DEFAULT_EXPECTED_GBPS, DEFAULT_EXPECTED_SESSIONS, type TranslateContext } from './translate-context';
import { translateVirtualService } from './translate-virtual-service';

/** An issue tied to the object it is about (`VirtualService/default/reviews`). */
export interface ObjectIssue extends IstioIssue {
  object: string;
}

/** The rules of a fabric's whole Istio configuration (VNIs still 0: see assignVnis). */
export interface IstioTranslation {
  rules: Rule[];
  errors: ObjectIssue[];
  warnings: ObjectIssue[];
}

/**
 * Translates a fabric's complete set of Istio objects into rules. VirtualServices are taken in
 * (namespace, name) order and their routes in order, so `priority` is a global first-match
 * order (0 first). DestinationRules are merged in the order given (creation order, as Istio).
 * Pods come from the fabric document (including pods placed for Deployments).
 *
 * @example
 * const t = translateIstio(fabric, objects);
 * t.errors; // [] when every host and subset resolves
 * t.rules.map((r) => r.id); // ['default/reviews/http/0', 'default/reviews/http/1']
 */
export function translateIstio(fabric: FabricDocument, objects: readonly IstioObject[]): IstioTranslation {
  const services = objects.filter((o): o is ServiceObject => o.kind === 'Service');
  const destinationRules = objects.filter((o): o is DestinationRuleObject => o.kind === 'DestinationRule');
  const virtualServices = objects
    .filter((o): o is VirtualServiceObject => o.kind === 'VirtualService')
    .sort(function byNamespaceName(a, b) {
      const ka = `${a.metadata.namespace}/${a.metadata.name}`;
      const kb = `${b.metadata.namespace}/${b.metadata.name}`;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  const ctx: TranslateContext = {
    fabric: fabric.name,
    registry: buildServiceRegistry(services, fabric.pods),
    destinationRules,
    servers: new Map(fabric.servers.map((s) => [s.name, s])),
    defaultExpectedSessions: fabric.settings?.defaultExpectedSessions ?? DEFAULT_EXPECTED_SESSIONS,
    defaultExpectedGbps: fabric.settings?.defaultExpectedGbps ?? DEFAULT_EXPECTED_GBPS,
  };
  const out: IstioTranslation = { rules: [], errors: [], warnings: [] };
  for (const vs of virtualServices) {
    const key = objectKey(vs);
    const t = translateVirtualService(ctx, vs);
    out.errors.push(...t.errors.map((e) => ({ object: key, ...e })));
    out.warnings.push(...t.warnings.map((w) => ({ object: key, ...w })));
    for (const rule of t.rules) {
      rule.priority = out.rules.length;
      out.rules.push(rule);
    }
  }
  return out;
}
