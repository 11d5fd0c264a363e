/**
 * Fully qualified P4 names the agent drives (interfaces.md "P4 program names"), in one place.
 *
 * @example
 * helper.tableId(TABLES.session);
 */
export const TABLES = {
  route: 'PiggyCarIngress.ipv4_route',
  offload: 'PiggyCarIngress.function_offload_table',
  session: 'PiggyCarIngress.tc_session_table',
} as const;

/** Action names. */
export const ACTIONS = {
  forward: 'PiggyCarIngress.ipv4_forward',
  drop: 'PiggyCarIngress.drop',
  setOwner: 'PiggyCarIngress.set_owner',
  ownerIsLocal: 'PiggyCarIngress.owner_is_local',
  setBackend: 'PiggyCarIngress.set_backend',
  noAction: 'NoAction',
} as const;

/** Indexed counters (by alias: the pipe-prefixed names of a TNA P4Info resolve too). */
export const COUNTERS = {
  /** Packets and bytes sent per egress port (index = port): link utilization. */
  portTx: 'port_tx_counter',
} as const;

/** Key field names. */
export const KEYS = {
  routeDst: 'hdr.ipv4.dst_addr',
  vni: 'hdr.vxlan.vni',
  innerSrc: 'hdr.inner_ipv4.src_addr',
  innerDst: 'hdr.inner_ipv4.dst_addr',
  protocol: 'hdr.inner_ipv4.protocol',
  l4Src: 'meta.l4_src_port',
  l4Dst: 'meta.l4_dst_port',
} as const;

/** Controller packet metadata header names. */
export const PACKET_IN = 'packet_in';
export const PACKET_OUT = 'packet_out';
/** packet_in reason of a tc_session_table miss. */
export const REASON_SESSION_MISS = 1;
