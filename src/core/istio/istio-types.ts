import type { RuleMatchBlock } from '../rules/types';
import type { IstioIssue } from './istio-issue';

/**
 * Validated Istio and Kubernetes objects as PiggyCar reads them. Only the fields PiggyCar
 * interprets are typed; everything else Istio allows is kept verbatim in `raw` (and in the
 * typed routes' proxy-side fields) so nothing is silently dropped.
 *
 * @example
 * const vs: VirtualServiceObject = {
 *   apiVersion: 'networking.istio.io/v1', kind: 'VirtualService',
 *   metadata: { name: 'reviews', namespace: 'default', labels: {}, annotations: {} },
 *   spec: { hosts: ['reviews'], gateways: [], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }], extra: {} }], tcp: [], tls: [] },
 *   raw: {},
 * };
 */
export interface ObjectMeta {
  name: string;
  /** Defaults to the request's namespace ('default' unless told otherwise), as kubectl does. */
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Istio's Destination. */
export interface IstioDestination {
  host: string;
  subset?: string;
  port?: number;
}

/** HTTPRouteDestination / RouteDestination: a destination and its weight (undefined = not given). */
export interface IstioRouteDestination {
  destination: IstioDestination;
  weight?: number;
  /** Per-destination header edits (proxy-side). */
  headers?: unknown;
}

/**
 * HTTPMatchRequest after validation (header names lower-cased; `{}` header presence match → prefix ''):
 * the rule's match block plus the fields that only select gateways or name metrics.
 */
export interface IstioHttpMatch extends RuleMatchBlock {
  gateways?: string[];
  statPrefix?: string;
}

/** HTTPRoute: matching and destinations typed; proxy-side features kept verbatim in `extra`. */
export interface IstioHttpRoute {
  name?: string;
  match?: IstioHttpMatch[];
  route?: IstioRouteDestination[];
  /** fault, retries, timeout, mirror, rewrite, redirect, directResponse, corsPolicy, headers, delegate, ... */
  extra: Record<string, unknown>;
}

/** L4MatchAttributes. */
export interface IstioL4Match {
  port?: number;
  sourceLabels?: Record<string, string>;
  sourceNamespace?: string;
  destinationSubnets?: string[];
  sourceSubnet?: string;
  gateways?: string[];
}

/** TCPRoute. */
export interface IstioTcpRoute {
  match?: IstioL4Match[];
  route: IstioRouteDestination[];
}

/** VirtualService spec. */
export interface VirtualServiceSpec {
  hosts: string[];
  gateways: string[];
  http: IstioHttpRoute[];
  tcp: IstioTcpRoute[];
  /** tls[] routes are not translated (SNI routing stays on the proxy); kept verbatim. */
  tls: unknown[];
  exportTo?: string[];
}

/** LoadBalancerSettings, reduced to what the switch can apply plus the raw object. */
export interface IstioLoadBalancer {
  simple?: string;
  consistentHash?: Record<string, unknown>;
  /** Everything else in loadBalancer (localityLbSetting, warmupDurationSecs, ...). */
  other: string[];
}

/** TrafficPolicy: loadBalancer typed, the rest (connectionPool, outlierDetection, tls, ...) listed by name. */
export interface IstioTrafficPolicy {
  loadBalancer?: IstioLoadBalancer;
  /** Names of the other traffic-policy features present (proxy-side). */
  proxyFeatures: string[];
  raw: Record<string, unknown>;
}

/** Subset. */
export interface IstioSubset {
  name: string;
  labels: Record<string, string>;
  trafficPolicy?: IstioTrafficPolicy;
}

/** DestinationRule spec. */
export interface DestinationRuleSpec {
  host: string;
  trafficPolicy?: IstioTrafficPolicy;
  subsets: IstioSubset[];
  exportTo?: string[];
  workloadSelector?: Record<string, string>;
}

/** A service port of a core/v1 Service. */
export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol: string;
}

/** core/v1 Service: host → pods by selector. */
export interface ServiceSpec {
  selector: Record<string, string>;
  ports: ServicePort[];
}

/** apps/v1 Deployment: replicas of a pod template with labels. */
export interface DeploymentSpec {
  replicas: number;
  selector: Record<string, string>;
  podLabels: Record<string, string>;
}

interface ObjectBase<K extends string, S> {
  apiVersion: string;
  kind: K;
  metadata: ObjectMeta;
  spec: S;
  /** The object exactly as received (stored and returned by the API). */
  raw: Record<string, unknown>;
}

export type VirtualServiceObject = ObjectBase<'VirtualService', VirtualServiceSpec>;
export type DestinationRuleObject = ObjectBase<'DestinationRule', DestinationRuleSpec>;
export type ServiceObject = ObjectBase<'Service', ServiceSpec>;
export type DeploymentObject = ObjectBase<'Deployment', DeploymentSpec>;
/** Accepted (bookinfo.yaml carries them) and otherwise ignored. */
export type ServiceAccountObject = ObjectBase<'ServiceAccount', Record<string, never>>;

/** Any object the Istio endpoint accepts. */
export type IstioObject =
  | VirtualServiceObject
  | DestinationRuleObject
  | ServiceObject
  | DeploymentObject
  | ServiceAccountObject;

/** The kinds the Istio endpoint accepts. */
export type IstioKind = IstioObject['kind'];

/**
 * A validated object plus the non-fatal findings (features PiggyCar leaves to the proxy or ignores).
 */
export interface ValidatedObject {
  object: IstioObject;
  warnings: IstioIssue[];
}

/**
 * `${kind}/${namespace}/${name}`: the identity kubectl apply uses.
 *
 * @example
 * objectKey({ kind: 'VirtualService', metadata: { namespace: 'default', name: 'reviews' } }); // 'VirtualService/default/reviews'
 */
export function objectKey(o: { kind: string; metadata: { namespace: string; name: string } }): string {
  return `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
}
