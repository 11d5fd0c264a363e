import type { Rule, RuleMatchBlock } from '../rules/types';
import { FieldReader } from './field-reader';
import { readPiggyCarAnnotations } from './annotations';
import type { IstioIssue } from './istio-issue';
import type { IstioHttpMatch, IstioL4Match, VirtualServiceObject } from './istio-types';
import { requesterGroup, type SourceConstraint } from './requesters';
import { resolveHost, splitServiceFqdn } from './resolve-host';
import type { TranslateContext } from './translate-context';
import { translateDestinations } from './translate-destinations';

/** What one VirtualService yields: its rules (priority and VNI still unset: -1 and 0). */
export interface VirtualServiceTranslation {
  rules: Rule[];
  errors: IstioIssue[];
  warnings: IstioIssue[];
}

const PROXY_FEATURE: Record<string, string> = {
  fault: 'fault injection',
  retries: 'retries',
  timeout: 'timeout',
  mirror: 'mirroring',
  mirrors: 'mirroring',
  mirrorPercentage: 'mirroring',
  mirrorPercent: 'mirroring',
  mirror_percent: 'mirroring',
  rewrite: 'rewrite',
  redirect: 'redirect',
  directResponse: 'direct response',
  corsPolicy: 'CORS policy',
  headers: 'header edits',
  delegate: 'delegation',
};

/**
 * Translates one VirtualService: each `http[]` route → one rule (in order), each `tcp[]` route →
 * one L4 rule. Matching fields go to `match` (OR of blocks, AND inside), destinations to K(r),
 * sources to Q(r), annotations to x_r / y_r; proxy-side features are kept in `proxyActions` and
 * listed as warnings (flagged `unenforced`).
 *
 * @example
 * const t = translateVirtualService(ctx, reviews8020);
 * t.rules[0].backends.map((b) => b.weight); // [80, 20]
 */
export function translateVirtualService(ctx: TranslateContext, vs: VirtualServiceObject): VirtualServiceTranslation {
  const errors: IstioIssue[] = [];
  const warnings: IstioIssue[] = [];
  const rules: Rule[] = [];
  const ns = vs.metadata.namespace;
  const { spec } = vs;
  if (spec.gateways.length > 0 && !spec.gateways.includes('mesh')) {
    warnings.push({ path: 'spec.gateways', message: `bound to gateways ${spec.gateways.join(', ')} only; PiggyCar translates mesh (sidecar) traffic, so no rules`, unenforced: true });
    return { rules, errors, warnings };
  }
  const r = new FieldReader();
  const ann = readPiggyCarAnnotations(r, vs.metadata.annotations);
  errors.push(...r.errors);
  const hosts = spec.hosts.map(function host(h, i) {
    const fqdn = resolveHost(h, ns);
    if ((!h.includes('.') || splitServiceFqdn(fqdn)) && !ctx.registry.lookup(h, ns)) {
      errors.push({ path: `spec.hosts[${i}]`, message: `unknown host "${h}" (no Service ${fqdn})` });
    }
    return fqdn;
  });
  if (spec.tls.length > 0) warnings.push({ path: 'spec.tls', message: 'TLS (SNI) routes are left to the proxy; not translated', unenforced: true });
  const base = {
    fabric: ctx.fabric,
    priority: -1,
    vni: 0,
    hosts,
    expectedSessions: ann.expectedSessions ?? ctx.defaultExpectedSessions,
    expectedGbps: ann.expectedGbps ?? ctx.defaultExpectedGbps,
  };
  spec.http.forEach(function httpRoute(route, i) {
    const path = `spec.http[${i}]`;
    const ruleWarnings: IstioIssue[] = [];
    const blocks = meshBlocks(route.match, `${path}.match`, ruleWarnings);
    if (!blocks) {
      warnings.push(...ruleWarnings);
      return;
    }
    const proxyActions: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(route.extra)) {
      proxyActions[k] = v;
      ruleWarnings.push({ path: `${path}.${k}`, message: `${PROXY_FEATURE[k] ?? k} is applied by the on-node proxy, not the switch`, unenforced: true });
    }
    const destHeaders = (route.route ?? []).flatMap((d, j) => (d.headers !== undefined ? [{ destination: j, headers: d.headers }] : []));
    if (destHeaders.length > 0) {
      proxyActions.destinationHeaders = destHeaders;
      for (const d of destHeaders) ruleWarnings.push({ path: `${path}.route[${d.destination}].headers`, message: 'header edits are applied by the on-node proxy, not the switch', unenforced: true });
    }
    const dest = translateDestinations(ctx, ns, route.route ?? [], `${path}.route`);
    const q = requesterGroup(ctx.registry, blocks.map(sourceOf), ann.requesters, ns);
    errors.push(...dest.errors, ...q.errors);
    ruleWarnings.push(...dest.warnings);
    const match = blocks.map(toRuleMatch);
    warnings.push(...ruleWarnings);
    rules.push({
      ...base,
      id: `${ns}/${vs.metadata.name}/http/${i}`,
      kind: 'http',
      source: { kind: 'VirtualService', namespace: ns, name: vs.metadata.name, routeIndex: i },
      match,
      requesters: q.requesters,
      backends: dest.backends,
      lbPolicy: dest.lbPolicy,
      proxyActions,
      warnings: ruleWarnings.map((w) => `${w.path}: ${w.message}`),
    });
  });
  spec.tcp.forEach(function tcpRoute(route, i) {
    const path = `spec.tcp[${i}]`;
    const ruleWarnings: IstioIssue[] = [];
    const blocks = meshBlocks(route.match, `${path}.match`, ruleWarnings);
    if (!blocks) {
      warnings.push(...ruleWarnings);
      return;
    }
    const proxyActions: Record<string, unknown> = {};
    blocks.forEach(function subnets(b, j) {
      if (b.destinationSubnets || b.sourceSubnet !== undefined) {
        proxyActions.l4Match = route.match;
        ruleWarnings.push({ path: `${path}.match[${j}]`, message: 'destinationSubnets / sourceSubnet are matched by the on-node proxy, not the switch', unenforced: true });
      }
    });
    const dest = translateDestinations(ctx, ns, route.route, `${path}.route`);
    const q = requesterGroup(ctx.registry, blocks.map(sourceOf), ann.requesters, ns);
    errors.push(...dest.errors, ...q.errors);
    ruleWarnings.push(...dest.warnings);
    warnings.push(...ruleWarnings);
    rules.push({
      ...base,
      id: `${ns}/${vs.metadata.name}/tcp/${i}`,
      kind: 'tcp',
      source: { kind: 'VirtualService', namespace: ns, name: vs.metadata.name, routeIndex: i },
      match: blocks.map(toL4Match),
      requesters: q.requesters,
      backends: dest.backends,
      lbPolicy: dest.lbPolicy,
      proxyActions,
      warnings: ruleWarnings.map((w) => `${w.path}: ${w.message}`),
    });
  });
  return { rules, errors, warnings };
}

/** Drops match blocks bound only to non-mesh gateways; undefined when that leaves a matching route with none. */
function meshBlocks<M extends { gateways?: string[] }>(match: M[] | undefined, path: string, warnings: IstioIssue[]): M[] | undefined {
  if (!match || match.length === 0) return [];
  const kept = match.filter(function mesh(m, j) {
    const ok = !m.gateways || m.gateways.length === 0 || m.gateways.includes('mesh');
    if (!ok) warnings.push({ path: `${path}[${j}].gateways`, message: 'block applies to gateways only; skipped for mesh traffic' });
    return ok;
  });
  return kept.length > 0 ? kept : undefined;
}

function sourceOf(b: SourceConstraint): SourceConstraint {
  return { sourceLabels: b.sourceLabels, sourceNamespace: b.sourceNamespace };
}

function toRuleMatch(m: IstioHttpMatch): RuleMatchBlock {
  const out: RuleMatchBlock = {};
  if (m.name !== undefined) out.name = m.name;
  if (m.uri) out.uri = m.uri;
  if (m.scheme) out.scheme = m.scheme;
  if (m.method) out.method = m.method;
  if (m.authority) out.authority = m.authority;
  if (m.headers) out.headers = m.headers;
  if (m.withoutHeaders) out.withoutHeaders = m.withoutHeaders;
  if (m.queryParams) out.queryParams = m.queryParams;
  if (m.port !== undefined) out.port = m.port;
  if (m.sourceLabels) out.sourceLabels = m.sourceLabels;
  if (m.sourceNamespace !== undefined) out.sourceNamespace = m.sourceNamespace;
  if (m.ignoreUriCase !== undefined) out.ignoreUriCase = m.ignoreUriCase;
  return out;
}

function toL4Match(m: IstioL4Match): RuleMatchBlock {
  const out: RuleMatchBlock = {};
  if (m.port !== undefined) out.port = m.port;
  if (m.sourceLabels) out.sourceLabels = m.sourceLabels;
  if (m.sourceNamespace !== undefined) out.sourceNamespace = m.sourceNamespace;
  return out;
}
