/**
 * The P4 objects the software switch implements (p4/piggycar.p4, names as agreed in interfaces.md), resolved
 * to their P4Info IDs once per committed pipeline, and the check that an offered P4Info is the program this
 * switch implements (same tables, keys, actions, parameters, counters and controller headers, with the same
 * IDs, widths and match kinds).
 */
import type { P4Info } from '../p4info/p4info-types';

/** Fully qualified names used by the software switch. */
export const PIGGYCAR_NAMES = {
  ipv4Route: 'PiggyCarIngress.ipv4_route',
  functionOffloadTable: 'PiggyCarIngress.function_offload_table',
  tcSessionTable: 'PiggyCarIngress.tc_session_table',
  ipv4Forward: 'PiggyCarIngress.ipv4_forward',
  drop: 'PiggyCarIngress.drop',
  setOwner: 'PiggyCarIngress.set_owner',
  ownerIsLocal: 'PiggyCarIngress.owner_is_local',
  noAction: 'NoAction',
  setBackend: 'PiggyCarIngress.set_backend',
  sendToCpu: 'PiggyCarIngress.send_to_cpu',
  functionOffloadCounter: 'PiggyCarIngress.function_offload_counter',
  portTxCounter: 'PiggyCarEgress.port_tx_counter',
  packetIn: 'packet_in',
  packetOut: 'packet_out',
} as const;

/** IDs of every object the pipeline and the P4Runtime server touch. */
export interface ProgramIds {
  ipv4Route: { id: number; dstAddr: number };
  functionOffloadTable: { id: number; vni: number };
  tcSessionTable: { id: number; vni: number; srcAddr: number; dstAddr: number; protocol: number; srcPort: number; dstPort: number };
  ipv4Forward: { id: number; port: number; dstMac: number };
  drop: number;
  setOwner: { id: number; ownerIp: number };
  ownerIsLocal: number;
  noAction: number;
  setBackend: { id: number; nodeIp: number };
  sendToCpu: number;
  functionOffloadCounter: number;
  /** The indirect per-egress-port counter and its number of cells. */
  portTxCounter: { id: number; size: number };
  packetIn: { id: number; reason: number; vni: number; ingressPort: number };
  packetOut: { id: number; egressPort: number; reserved: number };
}

class MissingObject extends Error {}

function byName<T extends { preamble: { name: string; id: number } }>(list: T[] | undefined, name: string, kind: string): T {
  const found = (list ?? []).find((x) => x.preamble.name === name);
  if (!found) throw new MissingObject(`P4Info has no ${kind} '${name}'`);
  return found;
}

function memberId(list: { id: number; name: string }[] | undefined, name: string, scope: string): number {
  const found = (list ?? []).find((x) => x.name === name);
  if (!found) throw new MissingObject(`P4Info ${scope} has no field '${name}'`);
  return found.id;
}

/**
 * Resolves the IDs of the PiggyCar program in a P4Info; an error value names what is missing.
 * @example
 * const ids = resolveProgramIds(await loadP4InfoFile());
 * if (ids.ok) console.log(ids.ids.tcSessionTable.id);
 */
export function resolveProgramIds(p4info: P4Info): { ok: true; ids: ProgramIds } | { ok: false; reason: string } {
  const n = PIGGYCAR_NAMES;
  try {
    const route = byName(p4info.tables, n.ipv4Route, 'table');
    const fot = byName(p4info.tables, n.functionOffloadTable, 'table');
    const tc = byName(p4info.tables, n.tcSessionTable, 'table');
    const fwd = byName(p4info.actions, n.ipv4Forward, 'action');
    const owner = byName(p4info.actions, n.setOwner, 'action');
    const backend = byName(p4info.actions, n.setBackend, 'action');
    const pin = byName(p4info.controllerPacketMetadata, n.packetIn, 'controller header');
    const pout = byName(p4info.controllerPacketMetadata, n.packetOut, 'controller header');
    const portTx = byName(p4info.counters, n.portTxCounter, 'counter');
    const ids: ProgramIds = {
      ipv4Route: { id: route.preamble.id, dstAddr: memberId(route.matchFields, 'hdr.ipv4.dst_addr', n.ipv4Route) },
      functionOffloadTable: { id: fot.preamble.id, vni: memberId(fot.matchFields, 'hdr.vxlan.vni', n.functionOffloadTable) },
      tcSessionTable: {
        id: tc.preamble.id,
        vni: memberId(tc.matchFields, 'hdr.vxlan.vni', n.tcSessionTable),
        srcAddr: memberId(tc.matchFields, 'hdr.inner_ipv4.src_addr', n.tcSessionTable),
        dstAddr: memberId(tc.matchFields, 'hdr.inner_ipv4.dst_addr', n.tcSessionTable),
        protocol: memberId(tc.matchFields, 'hdr.inner_ipv4.protocol', n.tcSessionTable),
        srcPort: memberId(tc.matchFields, 'meta.l4_src_port', n.tcSessionTable),
        dstPort: memberId(tc.matchFields, 'meta.l4_dst_port', n.tcSessionTable),
      },
      ipv4Forward: {
        id: fwd.preamble.id,
        port: memberId(fwd.params, 'port', n.ipv4Forward),
        dstMac: memberId(fwd.params, 'dst_mac', n.ipv4Forward),
      },
      drop: byName(p4info.actions, n.drop, 'action').preamble.id,
      setOwner: { id: owner.preamble.id, ownerIp: memberId(owner.params, 'owner_ip', n.setOwner) },
      ownerIsLocal: byName(p4info.actions, n.ownerIsLocal, 'action').preamble.id,
      noAction: byName(p4info.actions, n.noAction, 'action').preamble.id,
      setBackend: { id: backend.preamble.id, nodeIp: memberId(backend.params, 'node_ip', n.setBackend) },
      sendToCpu: byName(p4info.actions, n.sendToCpu, 'action').preamble.id,
      functionOffloadCounter: byName(p4info.directCounters, n.functionOffloadCounter, 'direct counter').preamble.id,
      portTxCounter: { id: portTx.preamble.id, size: Number(portTx.size ?? 0) },
      packetIn: {
        id: pin.preamble.id,
        reason: memberId(pin.metadata, 'reason', 'packet_in'),
        vni: memberId(pin.metadata, 'vni', 'packet_in'),
        ingressPort: memberId(pin.metadata, 'ingress_port', 'packet_in'),
      },
      packetOut: {
        id: pout.preamble.id,
        egressPort: memberId(pout.metadata, 'egress_port', 'packet_out'),
        reserved: memberId(pout.metadata, 'reserved', 'packet_out'),
      },
    };
    return { ok: true, ids };
  } catch (e) {
    if (e instanceof MissingObject) return { ok: false, reason: e.message };
    throw e;
  }
}

/** The structural signature of a P4Info: one line per object, sorted. Docs and annotations are ignored. */
function signature(p4info: P4Info): Map<string, string> {
  const lines = new Map<string, string>();
  for (const t of p4info.tables ?? []) {
    const fields = (t.matchFields ?? []).map((f) => `${f.id}:${f.name}:${f.bitwidth ?? 0}:${f.matchType ?? ''}`);
    const refs = (t.actionRefs ?? []).map((r) => `${r.id}:${r.scope ?? 'TABLE_AND_DEFAULT'}`).sort();
    lines.set(
      `table '${t.preamble.name}'`,
      `id ${t.preamble.id}; keys ${fields.join(',')}; actions ${refs.join(',')}; const default ${t.constDefaultActionId ?? 0}; ` +
        `direct ${(t.directResourceIds ?? []).join(',')}; idle ${t.idleTimeoutBehavior ?? 'NO_TIMEOUT'}`,
    );
  }
  for (const a of p4info.actions ?? []) {
    const params = (a.params ?? []).map((p) => `${p.id}:${p.name}:${p.bitwidth ?? 0}`);
    lines.set(`action '${a.preamble.name}'`, `id ${a.preamble.id}; params ${params.join(',')}`);
  }
  for (const c of p4info.directCounters ?? []) {
    lines.set(`direct counter '${c.preamble.name}'`, `id ${c.preamble.id}; table ${c.directTableId ?? 0}; unit ${c.spec?.unit ?? ''}`);
  }
  for (const c of p4info.counters ?? []) {
    lines.set(`counter '${c.preamble.name}'`, `id ${c.preamble.id}; unit ${c.spec?.unit ?? ''}; size ${String(c.size ?? 0)}`);
  }
  for (const h of p4info.controllerPacketMetadata ?? []) {
    const fields = (h.metadata ?? []).map((m) => `${m.id}:${m.name}:${m.bitwidth ?? 0}`);
    lines.set(`controller header '${h.preamble.name}'`, `id ${h.preamble.id}; fields ${fields.join(',')}`);
  }
  return lines;
}

/**
 * Checks that `offered` describes the program this switch implements (`reference`, p4/piggycar.p4info.txtpb):
 * null when it does, else the first difference.
 * @example
 * const problem = verifyP4Info(reference, request.config.p4info);
 * if (problem) fail(INVALID_ARGUMENT, problem);
 */
export function verifyP4Info(reference: P4Info, offered: P4Info): string | null {
  const want = signature(reference);
  const got = signature(offered);
  for (const [key, value] of want) {
    const other = got.get(key);
    if (other === undefined) return `P4Info lacks ${key} of the program this switch implements`;
    if (other !== value) return `P4Info ${key} differs from the program this switch implements: expected ${value}, got ${other}`;
  }
  for (const key of got.keys()) {
    if (!want.has(key)) return `P4Info has ${key}, which the program this switch implements does not have`;
  }
  return null;
}
