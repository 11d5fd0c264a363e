import { FieldReader, isPlainObject, join } from './field-reader';
import type {
  IstioDestination,
  IstioHttpMatch,
  IstioHttpRoute,
  IstioL4Match,
  IstioRouteDestination,
  IstioTcpRoute,
  VirtualServiceSpec,
} from './istio-types';
import { validateMatchMap, validateStringMatch } from './validate-string-match';
import { isValidHostName, isValidLabelName } from './names';

const SPEC_FIELDS = ['hosts', 'gateways', 'http', 'tls', 'tcp', 'exportTo'] as const;
const HTTP_ROUTE_FIELDS = [
  'name', 'match', 'route', 'redirect', 'directResponse', 'delegate', 'rewrite', 'timeout', 'retries',
  'fault', 'mirror', 'mirrors', 'mirrorPercentage', 'mirrorPercent', 'mirror_percent', 'corsPolicy', 'headers',
] as const;
const HTTP_MATCH_FIELDS = [
  'name', 'uri', 'scheme', 'method', 'authority', 'headers', 'port', 'sourceLabels', 'gateways',
  'queryParams', 'ignoreUriCase', 'withoutHeaders', 'sourceNamespace', 'statPrefix',
] as const;
const L4_MATCH_FIELDS = ['destinationSubnets', 'port', 'sourceLabels', 'gateways', 'sourceNamespace', 'sourceSubnet'] as const;

/**
 * Validates a VirtualService `spec` (networking.istio.io v1/v1beta1/v1alpha3 share it) and
 * returns the typed spec; issues carry Istio-style paths such as `spec.http[0].route[1].weight`.
 *
 * @example
 * const r = new FieldReader();
 * validateVirtualServiceSpec(r, { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] });
 * // r.errors = []
 */
export function validateVirtualServiceSpec(r: FieldReader, spec: Record<string, unknown>): VirtualServiceSpec {
  const path = 'spec';
  r.unknownFields(spec, SPEC_FIELDS, path);
  const hosts = r.stringArray(spec, 'hosts', 'spec.hosts') ?? [];
  const gateways = r.stringArray(spec, 'gateways', 'spec.gateways') ?? [];
  const appliesToMesh = gateways.length === 0 || gateways.includes('mesh');
  if (hosts.length === 0 && (spec.hosts === undefined || Array.isArray(spec.hosts))) {
    r.error('spec.hosts', 'virtual service must have at least one host');
  }
  hosts.forEach(function checkHost(h, i) {
    if (h === '*' && appliesToMesh) {
      r.error(`spec.hosts[${i}]`, 'wildcard host * is not allowed for virtual services bound to the mesh gateway');
    } else if (h !== '*' && !isValidHostName(h)) {
      r.error(`spec.hosts[${i}]`, `"${h}" is not a valid host name`);
    }
  });
  const exportTo = r.stringArray(spec, 'exportTo', 'spec.exportTo');
  const httpRaw = r.array(spec, 'http', 'spec.http') ?? [];
  const tcpRaw = r.array(spec, 'tcp', 'spec.tcp') ?? [];
  const tls = r.array(spec, 'tls', 'spec.tls') ?? [];
  if (httpRaw.length + tcpRaw.length + tls.length === 0) {
    r.error('spec', 'http, tcp or tls must be provided in virtual service');
  }
  const http = httpRaw.map((h, i) => validateHttpRoute(r, h, `spec.http[${i}]`));
  const tcp = tcpRaw.map((t, i) => validateTcpRoute(r, t, `spec.tcp[${i}]`));
  return { hosts, gateways, http, tcp, tls, exportTo };
}

function validateHttpRoute(r: FieldReader, value: unknown, path: string): IstioHttpRoute {
  const extra: Record<string, unknown> = {};
  if (!isPlainObject(value)) {
    r.error(path, 'must be an object');
    return { extra };
  }
  r.unknownFields(value, HTTP_ROUTE_FIELDS, path);
  const name = r.string(value, 'name', join(path, 'name'));
  const matchRaw = r.array(value, 'match', join(path, 'match'));
  const match = matchRaw?.map((m, i) => validateHttpMatch(r, m, `${path}.match[${i}]`));
  const routeRaw = r.array(value, 'route', join(path, 'route'));
  const route = routeRaw ? validateDestinations(r, routeRaw, join(path, 'route'), true) : undefined;
  for (const k of Object.keys(value)) {
    if (k !== 'name' && k !== 'match' && k !== 'route' && HTTP_ROUTE_FIELDS.includes(k as never)) extra[k] = value[k];
  }
  const hasRoute = routeRaw !== undefined && routeRaw.length > 0;
  const terminal = ['redirect', 'directResponse', 'delegate'].filter((k) => value[k] !== undefined && value[k] !== null);
  if (!hasRoute && terminal.length === 0) {
    r.error(path, 'HTTP route, redirect, directResponse or delegate is required');
  }
  if (hasRoute && terminal.length > 0) r.error(path, `HTTP route cannot contain both route and ${terminal[0]}`);
  if (terminal.length > 1) r.error(path, `only one of ${terminal.join(', ')} may be set`);
  return { name, match, route, extra };
}

function validateHttpMatch(r: FieldReader, value: unknown, path: string): IstioHttpMatch {
  if (!isPlainObject(value)) {
    r.error(path, 'must be an object');
    return {};
  }
  r.unknownFields(value, HTTP_MATCH_FIELDS, path);
  const m: IstioHttpMatch = {};
  const sm = { allowPrefix: true, emptyMeansPresent: false };
  const name = r.string(value, 'name', join(path, 'name'));
  if (name !== undefined) m.name = name;
  for (const key of ['uri', 'scheme', 'method', 'authority'] as const) {
    if (value[key] === undefined || value[key] === null) continue;
    const s = validateStringMatch(r, value[key], join(path, key), sm);
    if (s) m[key] = s;
  }
  const headers = validateMatchMap(r, value.headers, join(path, 'headers'), true, true);
  if (headers) m.headers = headers;
  const without = validateMatchMap(r, value.withoutHeaders, join(path, 'withoutHeaders'), true, true);
  if (without) m.withoutHeaders = without;
  const query = validateMatchMap(r, value.queryParams, join(path, 'queryParams'), false, false);
  if (query) m.queryParams = query;
  const port = r.integer(value, 'port', join(path, 'port'), 1, 65535);
  if (port !== undefined) m.port = port;
  const sourceLabels = r.stringMap(value, 'sourceLabels', join(path, 'sourceLabels'));
  if (sourceLabels) m.sourceLabels = checkLabels(r, sourceLabels, join(path, 'sourceLabels'));
  const ns = r.string(value, 'sourceNamespace', join(path, 'sourceNamespace'));
  if (ns !== undefined) m.sourceNamespace = ns;
  const ic = r.boolean(value, 'ignoreUriCase', join(path, 'ignoreUriCase'));
  if (ic !== undefined) m.ignoreUriCase = ic;
  const gateways = r.stringArray(value, 'gateways', join(path, 'gateways'));
  if (gateways) m.gateways = gateways;
  const statPrefix = r.string(value, 'statPrefix', join(path, 'statPrefix'));
  if (statPrefix !== undefined) m.statPrefix = statPrefix;
  return m;
}

function validateTcpRoute(r: FieldReader, value: unknown, path: string): IstioTcpRoute {
  if (!isPlainObject(value)) {
    r.error(path, 'must be an object');
    return { route: [] };
  }
  r.unknownFields(value, ['match', 'route'], path);
  const matchRaw = r.array(value, 'match', join(path, 'match'));
  const match = matchRaw?.map(function l4(m, i): IstioL4Match {
    const p = `${path}.match[${i}]`;
    if (!isPlainObject(m)) {
      r.error(p, 'must be an object');
      return {};
    }
    r.unknownFields(m, L4_MATCH_FIELDS, p);
    const out: IstioL4Match = {};
    const port = r.integer(m, 'port', join(p, 'port'), 1, 65535);
    if (port !== undefined) out.port = port;
    const sl = r.stringMap(m, 'sourceLabels', join(p, 'sourceLabels'));
    if (sl) out.sourceLabels = checkLabels(r, sl, join(p, 'sourceLabels'));
    const ns = r.string(m, 'sourceNamespace', join(p, 'sourceNamespace'));
    if (ns !== undefined) out.sourceNamespace = ns;
    const ds = r.stringArray(m, 'destinationSubnets', join(p, 'destinationSubnets'));
    if (ds) out.destinationSubnets = ds;
    const ss = r.string(m, 'sourceSubnet', join(p, 'sourceSubnet'));
    if (ss !== undefined) out.sourceSubnet = ss;
    const gw = r.stringArray(m, 'gateways', join(p, 'gateways'));
    if (gw) out.gateways = gw;
    return out;
  });
  const routeRaw = r.array(value, 'route', join(path, 'route')) ?? [];
  if (routeRaw.length === 0) r.error(join(path, 'route'), 'TCP route must have at least one destination');
  const route = validateDestinations(r, routeRaw, join(path, 'route'), false);
  return { match, route };
}

function validateDestinations(r: FieldReader, list: unknown[], path: string, http: boolean): IstioRouteDestination[] {
  const out: IstioRouteDestination[] = [];
  let total = 0;
  list.forEach(function one(value, i) {
    const p = `${path}[${i}]`;
    if (!isPlainObject(value)) {
      r.error(p, 'must be an object');
      return;
    }
    r.unknownFields(value, http ? ['destination', 'weight', 'headers'] : ['destination', 'weight'], p);
    const weight = r.integer(value, 'weight', join(p, 'weight'), -Infinity, Infinity);
    if (weight !== undefined && weight < 0) r.error(join(p, 'weight'), `weight ${weight} < 0`);
    if (weight !== undefined && weight > 100) r.error(join(p, 'weight'), `weight ${weight} > 100`);
    total += weight ?? 0;
    const destination = validateDestination(r, value.destination, join(p, 'destination'));
    if (!destination) return;
    const d: IstioRouteDestination = { destination };
    if (weight !== undefined) d.weight = weight;
    if (value.headers !== undefined && value.headers !== null) d.headers = value.headers;
    out.push(d);
  });
  if (list.length > 1 && total !== 100) r.error(path, `total destination weight ${total} != 100`);
  return out;
}

function validateDestination(r: FieldReader, value: unknown, path: string): IstioDestination | undefined {
  if (value === undefined || value === null) {
    r.error(path, 'destination is required');
    return undefined;
  }
  if (!isPlainObject(value)) {
    r.error(path, 'must be an object');
    return undefined;
  }
  r.unknownFields(value, ['host', 'subset', 'port'], path);
  const host = r.string(value, 'host', join(path, 'host'));
  if (!host) {
    if (host === '' || value.host === undefined) r.error(join(path, 'host'), 'destination host is required');
    return undefined;
  }
  if (!isValidHostName(host) || host.startsWith('*')) {
    r.error(join(path, 'host'), `"${host}" is not a valid destination host`);
    return undefined;
  }
  const d: IstioDestination = { host };
  const subset = r.string(value, 'subset', join(path, 'subset'));
  if (subset !== undefined) {
    if (!isValidLabelName(subset)) r.error(join(path, 'subset'), `"${subset}" is not a valid subset name`);
    else d.subset = subset;
  }
  const port = r.object(value, 'port', join(path, 'port'));
  if (port) {
    r.unknownFields(port, ['number'], join(path, 'port'));
    const n = r.integer(port, 'number', join(path, 'port.number'), 1, 65535);
    if (n !== undefined) d.port = n;
  }
  return d;
}

function checkLabels(r: FieldReader, labels: Record<string, string>, path: string): Record<string, string> {
  for (const k of Object.keys(labels)) {
    if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(k)) {
      r.error(join(path, k), `"${k}" is not a valid label key`);
    }
  }
  return labels;
}
