import { FieldReader, isPlainObject, join } from './field-reader';
import type { DestinationRuleSpec, IstioLoadBalancer, IstioSubset, IstioTrafficPolicy } from './istio-types';
import { isValidHostName, isValidLabelName } from './names';

const TRAFFIC_POLICY_FIELDS = [
  'loadBalancer', 'connectionPool', 'outlierDetection', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol', 'retryBudget',
] as const;
const LB_FIELDS = ['simple', 'consistentHash', 'localityLbSetting', 'warmupDurationSecs', 'warmup'] as const;
const SIMPLE_LB = ['UNSPECIFIED', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST', 'LEAST_CONN'];
const HASH_FIELDS = ['httpHeaderName', 'httpCookie', 'useSourceIp', 'httpQueryParameterName', 'ringHash', 'maglev', 'minimumRingSize'];

/**
 * Validates a DestinationRule `spec` and returns the typed spec (subset labels, load balancer,
 * the names of the other traffic-policy features).
 *
 * @example
 * const r = new FieldReader();
 * validateDestinationRuleSpec(r, { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
 * // → { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] }
 */
export function validateDestinationRuleSpec(r: FieldReader, spec: Record<string, unknown>): DestinationRuleSpec {
  r.unknownFields(spec, ['host', 'trafficPolicy', 'subsets', 'exportTo', 'workloadSelector'], 'spec');
  const host = r.string(spec, 'host', 'spec.host') ?? '';
  if (host === '') r.error('spec.host', 'host is required');
  else if (!isValidHostName(host)) r.error('spec.host', `"${host}" is not a valid host name`);
  const trafficPolicy = validateTrafficPolicy(r, spec.trafficPolicy, 'spec.trafficPolicy');
  const subsetsRaw = r.array(spec, 'subsets', 'spec.subsets') ?? [];
  const seen = new Set<string>();
  const subsets: IstioSubset[] = [];
  subsetsRaw.forEach(function subset(value, i) {
    const p = `spec.subsets[${i}]`;
    if (!isPlainObject(value)) {
      r.error(p, 'must be an object');
      return;
    }
    r.unknownFields(value, ['name', 'labels', 'trafficPolicy'], p);
    const name = r.string(value, 'name', join(p, 'name'));
    if (!name) {
      r.error(join(p, 'name'), 'subset name is required');
      return;
    }
    if (!isValidLabelName(name)) r.error(join(p, 'name'), `"${name}" is not a valid subset name`);
    if (seen.has(name)) r.error(join(p, 'name'), `duplicate subset name "${name}"`);
    seen.add(name);
    const labels = r.stringMap(value, 'labels', join(p, 'labels')) ?? {};
    const tp = validateTrafficPolicy(r, value.trafficPolicy, join(p, 'trafficPolicy'));
    subsets.push(tp ? { name, labels, trafficPolicy: tp } : { name, labels });
  });
  const out: DestinationRuleSpec = { host, subsets };
  if (trafficPolicy) out.trafficPolicy = trafficPolicy;
  const exportTo = r.stringArray(spec, 'exportTo', 'spec.exportTo');
  if (exportTo) out.exportTo = exportTo;
  const ws = r.object(spec, 'workloadSelector', 'spec.workloadSelector');
  if (ws) {
    r.warn('spec.workloadSelector', 'DestinationRules with a workloadSelector are not merged into switch rules', true);
    const ml = r.stringMap(ws, 'matchLabels', 'spec.workloadSelector.matchLabels');
    if (ml) out.workloadSelector = ml;
  }
  return out;
}

function validateTrafficPolicy(r: FieldReader, value: unknown, path: string): IstioTrafficPolicy | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    r.error(path, 'must be an object');
    return undefined;
  }
  r.unknownFields(value, TRAFFIC_POLICY_FIELDS, path);
  const proxyFeatures = Object.keys(value).filter((k) => k !== 'loadBalancer' && TRAFFIC_POLICY_FIELDS.includes(k as never));
  for (const f of proxyFeatures) r.warn(join(path, f), `${f} is applied by the on-node proxy, not the switch`, true);
  const tp: IstioTrafficPolicy = { proxyFeatures, raw: value };
  const lb = r.object(value, 'loadBalancer', join(path, 'loadBalancer'));
  if (lb) tp.loadBalancer = validateLoadBalancer(r, lb, join(path, 'loadBalancer'));
  return tp;
}

function validateLoadBalancer(r: FieldReader, lb: Record<string, unknown>, path: string): IstioLoadBalancer {
  r.unknownFields(lb, LB_FIELDS, path);
  const out: IstioLoadBalancer = { other: Object.keys(lb).filter((k) => k !== 'simple' && k !== 'consistentHash') };
  const simple = r.string(lb, 'simple', join(path, 'simple'));
  if (simple !== undefined) {
    if (!SIMPLE_LB.includes(simple)) {
      r.error(join(path, 'simple'), `"${simple}" is not one of ${SIMPLE_LB.join(', ')}`);
    } else {
      out.simple = simple;
    }
  }
  const ch = r.object(lb, 'consistentHash', join(path, 'consistentHash'));
  if (ch) {
    r.unknownFields(ch, HASH_FIELDS, join(path, 'consistentHash'));
    out.consistentHash = ch;
  }
  if (simple !== undefined && ch) r.error(path, 'only one of simple or consistentHash may be set');
  return out;
}
