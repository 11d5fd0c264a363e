import { z } from 'zod';
import { IPV4_PATTERN } from './ipv4';
import type {
  FabricDocument, FabricLink, FabricPod, FabricServer, FabricSettings, FabricSwitch,
} from './types';

/**
 * Upper bounds that keep one fabric document storable and plannable (the k = 90 fat-tree fits well inside).
 *
 * @example
 * if (doc.switches.length > FABRIC_LIMITS.switches) reject();
 */
export const FABRIC_LIMITS = {
  switches: 100_000,
  servers: 1_000_000,
  links: 4_000_000,
  pods: 2_000_000,
  labelsPerPod: 64,
  /** Session entries; far above any Tofino generation's exact-match SRAM. */
  sramCapacity: 1_000_000_000,
  bandwidthGbps: 100_000,
  /** 1 s: anything slower is not a data-center link. */
  baseLatencyUs: 1_000_000,
} as const;

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
/**
 * RFC 1123 label (a Kubernetes namespace): lowercase alphanumerics and '-' (length is checked separately).
 *
 * @example
 * DNS_LABEL_PATTERN.test('default'); // true
 */
export const DNS_LABEL_PATTERN = new RegExp(`^${LABEL}$`);
/**
 * RFC 1123 subdomain (a Kubernetes object name): dot-separated labels (lengths are checked separately).
 *
 * @example
 * DNS_SUBDOMAIN_PATTERN.test('edge-1-2'); // true
 */
export const DNS_SUBDOMAIN_PATTERN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
const LABEL_NAME_PATTERN = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * A dotted-quad IPv4 address.
 *
 * @example
 * Ipv4Schema.parse('10.0.0.1');
 */
export const Ipv4Schema = z.string().regex(IPV4_PATTERN, 'must be a dotted-quad IPv4 address such as 10.0.0.1')
  .describe('IPv4 address, dotted quad');

/**
 * Name of a switch, server or pod: an RFC 1123 subdomain (lowercase, digits, '-', '.'). The 63-character
 * limit per dot-separated part is left to `validateFabric` (one regex per name keeps the k = 90 parse fast).
 *
 * @example
 * FabricNameSchema.safeParse('Core_1').success; // false
 */
export const FabricNameSchema = z.string().min(1).max(253)
  .regex(DNS_SUBDOMAIN_PATTERN, "must be lowercase alphanumerics, '-' or '.', starting and ending alphanumeric")
  .describe('RFC 1123 subdomain name');

/**
 * Name of a fabric or a namespace: an RFC 1123 label.
 *
 * @example
 * DnsLabelSchema.parse('testbed');
 */
export const DnsLabelSchema = z.string().min(1).max(63)
  .regex(DNS_LABEL_PATTERN, "must be lowercase alphanumerics or '-', starting and ending alphanumeric, at most 63 characters")
  .describe('RFC 1123 label');

/**
 * Kubernetes label key: optional DNS-subdomain prefix and '/', then a name of at most 63 characters.
 *
 * @example
 * isLabelKey('app.kubernetes.io/name'); // true
 */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN_PATTERN.test(prefix))) return false;
  return name.length <= 63 && LABEL_NAME_PATTERN.test(name);
}

const LabelKeySchema = z.string().refine(isLabelKey, 'must be a Kubernetes label key ([prefix/]name, name ≤ 63 characters)');
const LabelValueSchema = z.string().max(63)
  .refine(function isLabelValue(v) { return v === '' || LABEL_NAME_PATTERN.test(v); },
    "must be empty or alphanumerics, '-', '_' or '.', starting and ending alphanumeric");

const Capacity = z.number().int().positive().max(FABRIC_LIMITS.sramCapacity);

/**
 * A programmable switch n_i (role, VTEP IP, M_n, T_SRAM). T_SRAM ≤ M_n is checked by `validateFabric`.
 *
 * @example
 * FabricSwitchSchema.parse({ name: 'core1', role: 'core', vtepIp: '10.0.0.1', sramCapacity: 65536, sramThreshold: 58982 });
 */
export const FabricSwitchSchema = z.strictObject({
  name: FabricNameSchema,
  role: z.enum(['access', 'aggregation', 'core']),
  vtepIp: Ipv4Schema,
  sramCapacity: Capacity.describe('M_n: SRAM capacity of tc_session_table, in session entries'),
  sramThreshold: z.number().int().nonnegative().max(FABRIC_LIMITS.sramCapacity)
    .describe('T_SRAM: occupancy in session entries above which rules are moved away; at most sramCapacity'),
}).meta({ example: { name: 'core1', role: 'core', vtepIp: '10.0.0.1', sramCapacity: 65536, sramThreshold: 58982 } });

/**
 * An undirected link e (B_max(e) in Gbps, T_base(e) in µs).
 *
 * @example
 * FabricLinkSchema.parse({ a: 'access1', b: 'core1', bandwidthGbps: 100, baseLatencyUs: 1 });
 */
export const FabricLinkSchema = z.strictObject({
  a: FabricNameSchema,
  b: FabricNameSchema,
  bandwidthGbps: z.number().positive().max(FABRIC_LIMITS.bandwidthGbps).describe('B_max(e), Gbps'),
  baseLatencyUs: z.number().nonnegative().max(FABRIC_LIMITS.baseLatencyUs).describe('T_base(e), µs'),
}).meta({ example: { a: 'access1', b: 'core1', bandwidthGbps: 100, baseLatencyUs: 1.5 } });

/**
 * A server (VXLAN tunnel endpoint) on one access switch.
 *
 * @example
 * FabricServerSchema.parse({ name: 'server1', vtepIp: '10.1.0.1', accessSwitch: 'access1' });
 */
export const FabricServerSchema = z.strictObject({
  name: FabricNameSchema,
  vtepIp: Ipv4Schema,
  accessSwitch: FabricNameSchema,
  kind: z.enum(['mesh', 'gateway']).optional().describe("defaults to 'mesh'"),
}).meta({ example: { name: 'server1', vtepIp: '10.1.0.1', accessSwitch: 'access1' } });

/**
 * A pod on a server.
 *
 * @example
 * FabricPodSchema.parse({ name: 'p1', namespace: 'default', ip: '100.64.0.1', server: 'server1', labels: { app: 'a' } });
 */
export const FabricPodSchema = z.strictObject({
  name: FabricNameSchema,
  namespace: DnsLabelSchema,
  ip: Ipv4Schema,
  server: FabricNameSchema,
  labels: z.record(LabelKeySchema, LabelValueSchema)
    .refine(function fewLabels(l) { return Object.keys(l).length <= FABRIC_LIMITS.labelsPerPod; },
      `at most ${FABRIC_LIMITS.labelsPerPod} labels`),
}).meta({ example: { name: 'productpage-1', namespace: 'default', ip: '10.244.1.2', server: 'server1', labels: { app: 'productpage' } } });

/**
 * Per-fabric defaults and scheduler knobs (paper §III-E: α, β, ΔX, R_k, U).
 *
 * @example
 * FabricSettingsSchema.parse({ strict: true, scheduler: { alpha: 0.5, beta: 0.5 } });
 */
export const FabricSettingsSchema = z.strictObject({
  defaultExpectedSessions: z.number().int().positive().max(FABRIC_LIMITS.sramCapacity).optional()
    .describe('default x_r; 1000 when unset'),
  defaultExpectedGbps: z.number().positive().max(FABRIC_LIMITS.bandwidthGbps).optional()
    .describe('default y_r in Gbps; 0.1 when unset'),
  strict: z.boolean().optional().describe('deny rather than warn about unenforced Istio features; false when unset'),
  scheduler: z.strictObject({
    alpha: z.number().min(0).max(1).optional().describe('α, weight of E_mig; 0.5 when unset'),
    beta: z.number().min(0).max(1).optional().describe('β, weight of E_reroute; 0.5 when unset'),
    deltaX: z.number().nonnegative().max(FABRIC_LIMITS.sramCapacity).optional().describe('ΔX, sessions'),
    topK: z.number().gt(0).max(1).optional().describe('fraction of rules in R_k; 0.2 when unset'),
    candidates: z.number().int().min(1).max(10_000).optional().describe('U, candidate switches; 4 when unset'),
  }).optional(),
});

/**
 * A whole fabric document, as `PUT /v1/fabrics/{fabric}` takes it. Cross-field rules live in `validateFabric`.
 *
 * @example
 * const r = FabricDocumentSchema.safeParse(body); if (r.success && validateFabric(r.data).ok) save(r.data);
 */
export const FabricDocumentSchema = z.strictObject({
  name: DnsLabelSchema,
  settings: FabricSettingsSchema.optional(),
  switches: z.array(FabricSwitchSchema).max(FABRIC_LIMITS.switches),
  links: z.array(FabricLinkSchema).max(FABRIC_LIMITS.links),
  servers: z.array(FabricServerSchema).max(FABRIC_LIMITS.servers),
  pods: z.array(FabricPodSchema).max(FABRIC_LIMITS.pods).default([]),
});

/**
 * Compile-time proof that the schemas produce the contract types (types.ts stays the single source).
 *
 * @example
 * const proof: SchemaMatchesTypes = [true, true, true, true, true, true];
 */
type Assert<T extends true> = T;
type Produces<S extends z.ZodType, T> = z.output<S> extends T ? true : false;
export type SchemaMatchesTypes = [
  Assert<Produces<typeof FabricSwitchSchema, FabricSwitch>>,
  Assert<Produces<typeof FabricLinkSchema, FabricLink>>,
  Assert<Produces<typeof FabricServerSchema, FabricServer>>,
  Assert<Produces<typeof FabricPodSchema, FabricPod>>,
  Assert<Produces<typeof FabricSettingsSchema, FabricSettings>>,
  Assert<Produces<typeof FabricDocumentSchema, FabricDocument>>,
];
