import type { FabricLink, FabricPod, FabricServer, FabricSwitch, SwitchRole } from '../types';
import { POD_BLOCK } from './address-plan';

/**
 * Defaults shared by the generators, with their sources:
 * - SRAM: a session entry keys on VNI + inner 5-tuple (24 + 104 bits) with a 32-bit action datum; the P4
 *   program sizes `tc_session_table` at 65,536 entries (well within a Tofino pipe's exact-match SRAM), so
 *   M_n = 65,536 and T_SRAM = 90 % of it (the paper sets T_SRAM "slightly below" M_n, §III-E).
 * - Links: 100 Gbps everywhere (paper §V testbed).
 * - Base latency T_base(e): ~1 µs for a switch–switch hop (Tofino port-to-port forwarding is well under 1 µs,
 *   plus serialisation and a few metres of fibre) and 2 µs for a server–access hop (adds NIC latency).
 *
 * @example
 * const o = { ...GENERATOR_DEFAULTS, podsPerServer: 2 };
 */
export const GENERATOR_DEFAULTS = {
  sramCapacity: 65_536,
  sramThresholdRatio: 0.9,
  linkGbps: 100,
  switchLinkLatencyUs: 1,
  serverLinkLatencyUs: 2,
  podsPerServer: 0,
  podNamespace: 'default',
} as const;

/**
 * Knobs every generator takes; all optional.
 *
 * @example
 * const o: CommonGeneratorOptions = { podsPerServer: 2, sramCapacity: 131072 };
 */
export interface CommonGeneratorOptions {
  /** Fabric name. */
  name?: string;
  /** M_n for every switch (session entries). Default 65,536. */
  sramCapacity?: number;
  /** T_SRAM for every switch. Default floor(0.9 · M_n). */
  sramThreshold?: number;
  /** B_max of every link, Gbps. Default 100. */
  linkGbps?: number;
  /** T_base of switch–switch links, µs. Default 1. */
  switchLinkLatencyUs?: number;
  /** T_base of server–access links, µs. Default 2. */
  serverLinkLatencyUs?: number;
  /** Pods generated on every mesh server. Default 0. */
  podsPerServer?: number;
  /** Namespace of generated pods. Default 'default'. */
  podNamespace?: string;
}

/**
 * Options with defaults applied.
 *
 * @example
 * const r: ResolvedOptions = resolveOptions({});
 */
export type ResolvedOptions = Required<Omit<CommonGeneratorOptions, 'name'>>;

/**
 * Applies {@link GENERATOR_DEFAULTS}.
 *
 * @example
 * resolveOptions({ sramCapacity: 1000 }).sramThreshold; // 900
 */
export function resolveOptions(o: CommonGeneratorOptions): ResolvedOptions {
  const sramCapacity = o.sramCapacity ?? GENERATOR_DEFAULTS.sramCapacity;
  return {
    sramCapacity,
    sramThreshold: o.sramThreshold ?? Math.floor(sramCapacity * GENERATOR_DEFAULTS.sramThresholdRatio),
    linkGbps: o.linkGbps ?? GENERATOR_DEFAULTS.linkGbps,
    switchLinkLatencyUs: o.switchLinkLatencyUs ?? GENERATOR_DEFAULTS.switchLinkLatencyUs,
    serverLinkLatencyUs: o.serverLinkLatencyUs ?? GENERATOR_DEFAULTS.serverLinkLatencyUs,
    podsPerServer: o.podsPerServer ?? GENERATOR_DEFAULTS.podsPerServer,
    podNamespace: o.podNamespace ?? GENERATOR_DEFAULTS.podNamespace,
  };
}

/**
 * A switch with the options' SRAM figures.
 *
 * @example
 * makeSwitch('core1', 'core', '10.0.0.1', resolveOptions({}));
 */
export function makeSwitch(name: string, role: SwitchRole, vtepIp: string, o: ResolvedOptions): FabricSwitch {
  return { name, role, vtepIp, sramCapacity: o.sramCapacity, sramThreshold: o.sramThreshold };
}

/**
 * A switch–switch link.
 *
 * @example
 * switchLink('access1', 'core1', resolveOptions({})); // 100 Gbps, 1 µs
 */
export function switchLink(a: string, b: string, o: ResolvedOptions): FabricLink {
  return { a, b, bandwidthGbps: o.linkGbps, baseLatencyUs: o.switchLinkLatencyUs };
}

/**
 * A server–access link.
 *
 * @example
 * serverLink('server1', 'access1', resolveOptions({})); // 100 Gbps, 2 µs
 */
export function serverLink(server: string, access: string, o: ResolvedOptions): FabricLink {
  return { a: server, b: access, bandwidthGbps: o.linkGbps, baseLatencyUs: o.serverLinkLatencyUs };
}

/**
 * `podsPerServer` pods on every mesh server: pod j of a server is `app-<j+1>-<server>` with labels
 * `{ app: 'app-<j+1>', version: 'v1' }`, so service app-N has one replica on every server.
 * IPs come from the pod block in server order.
 *
 * @example
 * generatePods([{ name: 'server1', vtepIp: '10.1.0.1', accessSwitch: 'access1' }], resolveOptions({ podsPerServer: 1 }));
 * // [{ name: 'app-1-server1', namespace: 'default', ip: '100.64.0.1', server: 'server1', labels: { app: 'app-1', version: 'v1' } }]
 */
export function generatePods(servers: readonly FabricServer[], o: ResolvedOptions): FabricPod[] {
  const pods: FabricPod[] = [];
  if (o.podsPerServer <= 0) return pods;
  for (const server of servers) {
    if (server.kind === 'gateway') continue;
    for (let j = 1; j <= o.podsPerServer; j++) {
      pods.push({
        name: `app-${j}-${server.name}`,
        namespace: o.podNamespace,
        ip: POD_BLOCK.at(pods.length),
        server: server.name,
        labels: { app: `app-${j}`, version: 'v1' },
      });
    }
  }
  return pods;
}
