import { FieldReader, isPlainObject, join } from './field-reader';
import type { DeploymentSpec, ServicePort, ServiceSpec } from './istio-types';

/** Upper bound on a demo Deployment's replicas (pods are placed on fabric servers). */
export const MAX_REPLICAS = 10_000;

/**
 * Validates a core/v1 Service spec: the selector (host → pods) and ports.
 *
 * @example
 * validateServiceSpec(new FieldReader(), { selector: { app: 'reviews' }, ports: [{ port: 9080, name: 'http' }] });
 * // → { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080, protocol: 'TCP' }] }
 */
export function validateServiceSpec(r: FieldReader, spec: Record<string, unknown>): ServiceSpec {
  const selector = r.stringMap(spec, 'selector', 'spec.selector') ?? {};
  const portsRaw = r.array(spec, 'ports', 'spec.ports') ?? [];
  const ports: ServicePort[] = [];
  portsRaw.forEach(function port(value, i) {
    const p = `spec.ports[${i}]`;
    if (!isPlainObject(value)) {
      r.error(p, 'must be an object');
      return;
    }
    const n = r.integer(value, 'port', join(p, 'port'), 1, 65535);
    if (n === undefined) {
      if (value.port === undefined) r.error(join(p, 'port'), 'port is required');
      return;
    }
    const sp: ServicePort = { port: n, protocol: r.string(value, 'protocol', join(p, 'protocol')) ?? 'TCP' };
    const name = r.string(value, 'name', join(p, 'name'));
    if (name !== undefined) sp.name = name;
    const tp = value.targetPort;
    if (typeof tp === 'number' || typeof tp === 'string') sp.targetPort = tp;
    ports.push(sp);
  });
  return { selector, ports };
}

/**
 * Validates an apps/v1 Deployment spec: replicas (default 1), selector.matchLabels, and the pod
 * template's labels, which the selector must match (as Kubernetes requires).
 *
 * @example
 * validateDeploymentSpec(new FieldReader(), {
 *   replicas: 2, selector: { matchLabels: { app: 'reviews' } },
 *   template: { metadata: { labels: { app: 'reviews', version: 'v1' } } },
 * }); // → { replicas: 2, selector: { app: 'reviews' }, podLabels: { app: 'reviews', version: 'v1' } }
 */
export function validateDeploymentSpec(r: FieldReader, spec: Record<string, unknown>): DeploymentSpec {
  const replicas = r.integer(spec, 'replicas', 'spec.replicas', 0, MAX_REPLICAS) ?? 1;
  const sel = r.object(spec, 'selector', 'spec.selector');
  if (!sel) r.error('spec.selector', 'selector is required');
  const selector = (sel && r.stringMap(sel, 'matchLabels', 'spec.selector.matchLabels')) ?? {};
  if (sel && sel.matchExpressions !== undefined) r.warn('spec.selector.matchExpressions', 'matchExpressions are ignored');
  const template = r.object(spec, 'template', 'spec.template');
  const meta = template ? r.object(template, 'metadata', 'spec.template.metadata') : undefined;
  const podLabels = (meta && r.stringMap(meta, 'labels', 'spec.template.metadata.labels')) ?? {};
  if (!template) r.error('spec.template', 'template is required');
  else if (Object.keys(podLabels).length === 0) r.error('spec.template.metadata.labels', 'template labels are required');
  if (sel && Object.keys(selector).length === 0) r.error('spec.selector.matchLabels', 'selector must not be empty');
  for (const [k, v] of Object.entries(selector)) {
    if (podLabels[k] !== v) {
      r.error('spec.template.metadata.labels', '`selector` does not match template `labels`');
      break;
    }
  }
  return { replicas, selector, podLabels };
}
