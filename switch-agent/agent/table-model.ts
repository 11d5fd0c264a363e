import type { OffloadWriteEntry, ObservedOffload, ObservedRoute, RouteWriteEntry, SessionEntry, SessionFlow } from '../../src/core/reconcile/types';
import type { P4InfoHelper } from '../p4info/p4info-helper';
import { formatIpv4, formatMac } from '../p4runtime/encode-bytes';
import type { SessionPart, SessionWriteLayout } from '../p4runtime/fast-session-write';
import type { DecodedMatch, DecodedTableEntry, DecodedValue, TableEntryDescription } from '../p4runtime/encode-types';
import { ACTIONS, KEYS, TABLES } from './table-names';

/**
 * Conversions between the reconciler's entries (by meaning, src/core/reconcile) and P4Runtime entries by
 * name (switch-agent/p4runtime/encode-types): one function per table and direction.
 *
 * @example
 * routeToEntry({ prefix: '10.0.1.4', prefixLength: 32, port: 1, dstMac: '02:00:0a:00:00:01' });
 * // { table: 'PiggyCarIngress.ipv4_route', match: { 'hdr.ipv4.dst_addr': { value: '10.0.1.4', prefixLen: 32 } }, ... }
 */
export function routeToEntry(r: RouteWriteEntry): TableEntryDescription {
  return {
    table: TABLES.route,
    match: { [KEYS.routeDst]: { value: r.prefix, prefixLen: r.prefixLength } },
    action: ACTIONS.forward,
    params: { port: r.port, dst_mac: r.dstMac },
  };
}

/**
 * function_offload_table entry by name.
 *
 * @example
 * offloadToEntry({ vni: 7, action: { kind: 'owner_is_local' } });
 */
export function offloadToEntry(o: OffloadWriteEntry): TableEntryDescription {
  return o.action.kind === 'set_owner'
    ? { table: TABLES.offload, match: { [KEYS.vni]: o.vni }, action: ACTIONS.setOwner, params: { owner_ip: o.action.ownerIp } }
    : { table: TABLES.offload, match: { [KEYS.vni]: o.vni }, action: ACTIONS.ownerIsLocal };
}

/**
 * tc_session_table entry by name (idle timeout only on INSERT/MODIFY).
 *
 * @example
 * sessionToEntry(session, 10_000_000_000n);
 */
export function sessionToEntry(s: SessionEntry, idleTimeoutNs?: bigint): TableEntryDescription {
  return {
    table: TABLES.session,
    match: sessionMatch(s),
    action: ACTIONS.setBackend,
    params: { node_ip: s.backendIp },
    ...(idleTimeoutNs !== undefined ? { idleTimeoutNs } : {}),
  };
}

/**
 * The six exact keys of a session flow.
 *
 * @example
 * sessionMatch(flow)['hdr.vxlan.vni']; // flow.vni
 */
export function sessionMatch(f: SessionFlow): Record<string, number | string> {
  return {
    [KEYS.vni]: f.vni,
    [KEYS.innerSrc]: f.srcIp,
    [KEYS.innerDst]: f.dstIp,
    [KEYS.protocol]: f.protocol,
    [KEYS.l4Src]: f.srcPort,
    [KEYS.l4Dst]: f.dstPort,
  };
}

function num(v: DecodedMatch | DecodedValue | undefined): number {
  if (v === undefined) return 0;
  if (typeof v === 'object') return 'value' in v ? Number(v.value) : 0;
  return Number(v);
}

/**
 * Read-back ipv4_route entry → ObservedRoute (undefined for entries that are not /prefix lpm keyed).
 *
 * @example
 * entryToRoute(decoded)?.prefix; // '10.0.1.4'
 */
export function entryToRoute(e: DecodedTableEntry): ObservedRoute | undefined {
  const key = e.match[KEYS.routeDst];
  if (key === undefined || typeof key !== 'object' || !('prefixLen' in key)) return undefined;
  return {
    prefix: formatIpv4(key.value),
    prefixLength: key.prefixLen,
    action: e.action === ACTIONS.forward ? 'ipv4_forward' : 'drop',
    port: num(e.params?.port),
    dstMac: e.params?.dst_mac !== undefined ? formatMac(e.params.dst_mac) : '',
  };
}

/**
 * Read-back function_offload_table entry → ObservedOffload.
 *
 * @example
 * entryToOffload(decoded); // { vni: 7, action: { kind: 'set_owner', ownerIp: '10.0.0.1' } }
 */
export function entryToOffload(e: DecodedTableEntry): ObservedOffload {
  const vni = num(e.match[KEYS.vni]);
  if (e.action === ACTIONS.setOwner) return { vni, action: { kind: 'set_owner', ownerIp: formatIpv4(e.params?.owner_ip ?? 0) } };
  if (e.action === ACTIONS.ownerIsLocal) return { vni, action: { kind: 'owner_is_local' } };
  return { vni, action: { kind: 'no_action' } };
}

/**
 * Read-back (or idle-notified) tc_session_table entry → SessionEntry.
 *
 * @example
 * entryToSession(decoded).backendIp; // '10.0.1.3'
 */
export function entryToSession(e: DecodedTableEntry): SessionEntry {
  return {
    vni: num(e.match[KEYS.vni]),
    srcIp: formatIpv4(num(e.match[KEYS.innerSrc])),
    dstIp: formatIpv4(num(e.match[KEYS.innerDst])),
    protocol: num(e.match[KEYS.protocol]),
    srcPort: num(e.match[KEYS.l4Src]),
    dstPort: num(e.match[KEYS.l4Dst]),
    backendIp: formatIpv4(e.params?.node_ip ?? 0),
  };
}

const SESSION_PARTS: Record<string, SessionPart> = {
  [KEYS.vni]: 'vni',
  [KEYS.innerSrc]: 'srcAddr',
  [KEYS.innerDst]: 'dstAddr',
  [KEYS.protocol]: 'protocol',
  [KEYS.l4Src]: 'srcPort',
  [KEYS.l4Dst]: 'dstPort',
};

/**
 * Where tc_session_table's keys and set_backend's node_ip live in this pipeline, for the byte-level session
 * writer (../p4runtime/fast-session-write). Throws (P4InfoLookupError) when the P4Info lacks one of them.
 *
 * @example
 * const writer = new SessionUpdateWriter(sessionWriteLayout(helper));
 */
export function sessionWriteLayout(helper: P4InfoHelper): SessionWriteLayout {
  const table = helper.table(TABLES.session);
  const match = (table.matchFields ?? []).map(function part(f) {
    const p = SESSION_PARTS[f.name];
    if (!p || f.matchType !== 'EXACT') throw new Error(`${TABLES.session}: unexpected key ${f.name}`);
    return { fieldId: f.id, part: p };
  });
  return {
    tableId: table.preamble.id,
    match,
    actionId: helper.actionId(ACTIONS.setBackend),
    nodeIpParamId: helper.actionParamId(ACTIONS.setBackend, 'node_ip'),
  };
}
