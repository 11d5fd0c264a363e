/**
 * Applies P4Runtime Updates (decoded p4.v1.Update messages) to the software switch's tables, validating them
 * as a P4Runtime server must (§9): known table, every exact key present once with a value that fits its
 * bitwidth, LPM host bits zero, an action the table allows with exactly its parameters, idle_timeout_ns only
 * on the idle-timeout table. Each failure is a value: a canonical code and a message naming the field.
 */
import { prefixMask, writeOffload, writeRoute, type OffloadAction, type RouteAction, type TableWriteResult } from '../software-switch/forwarding-tables';
import { deleteSession, insertSession, modifySession, type SessionEntry } from '../software-switch/session-table';
import type { SwitchState } from '../software-switch/switch-state';
import { GRPC_CODE, toBigInt } from './arbitration';
import type { Decoded } from './grpc-service';
import type { ProgramIds } from './program-ids';

/** The outcome of one update (null = OK). */
export interface UpdateFailure {
  code: number;
  message: string;
}

const UPDATE_TYPE: Record<number, 'INSERT' | 'MODIFY' | 'DELETE' | undefined> = { 1: 'INSERT', 2: 'MODIFY', 3: 'DELETE' };

class Invalid {
  constructor(
    readonly code: number,
    readonly message: string,
  ) {}
}

/**
 * The value of a bytes holder (FieldMatch.Exact / LPM, Action.Param) → unsigned number (≤ 48 bits), checked
 * against the bitwidth. Holders come from protobufjs (`value` bytes) or the fast codec (`valueNum`/`valueLen`).
 */
function bitsToNumber(holder: Decoded, bitwidth: number, field: string): number {
  let v = 0;
  if (typeof holder.valueNum === 'number') {
    if (holder.valueLen === 0) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${field}: empty byte string`);
    v = holder.valueNum;
  } else {
    const bytes = holder.value as Uint8Array | undefined;
    if (!bytes || bytes.length === 0) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${field}: empty byte string`);
    if (bytes.length > 8) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${field}: value does not fit in ${bitwidth} bits`);
    for (let i = 0; i < bytes.length; i++) v = v * 256 + bytes[i];
  }
  if (v >= 2 ** bitwidth) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${field}: value does not fit in ${bitwidth} bits`);
  return v;
}

/** Exact key fields of a table: field id → [P4 name, bitwidth], built once per pipeline. */
type KeySpec = Map<number, [string, number]>;

function keySpec(fields: Record<string, [number, number]>): KeySpec {
  const spec: KeySpec = new Map();
  for (const name in fields) spec.set(fields[name][0], [name, fields[name][1]]);
  return spec;
}

/** Collects exact key values by P4 name; every field of the spec must be present once. */
function exactKeys(entry: Decoded, spec: KeySpec, table: string): Record<string, number> {
  const out: Record<string, number> = {};
  let count = 0;
  for (const m of (entry.match ?? []) as Decoded[]) {
    const field = spec.get(m.fieldId);
    if (!field) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: unknown match field id ${m.fieldId}`);
    const [name, bits] = field;
    if (out[name] !== undefined) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: match field ${name} given twice`);
    if (!m.exact) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: match field ${name} must be an exact match`);
    out[name] = bitsToNumber(m.exact, bits, `${table} match ${name}`);
    count++;
  }
  if (count !== spec.size) {
    for (const [name] of spec.values()) {
      if (out[name] === undefined) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: exact match field ${name} is missing`);
    }
  }
  return out;
}

/** The action of an entry with its params by id; `allowed` maps action id → param specs. */
function actionOf(
  entry: Decoded,
  allowed: Map<number, { name: string; params: Record<number, [string, number]> }>,
  table: string,
): { id: number; params: Record<string, number> } {
  const action = entry.action?.action as Decoded | undefined;
  if (!action) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: entry has no action`);
  const spec = allowed.get(action.actionId);
  if (!spec) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: action id ${action.actionId} is not allowed in this table`);
  const params: Record<string, number> = {};
  for (const p of (action.params ?? []) as Decoded[]) {
    const ps = spec.params[p.paramId];
    if (!ps) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${spec.name}: unknown param id ${p.paramId}`);
    if (params[ps[0]] !== undefined) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${spec.name}: param ${ps[0]} given twice`);
    params[ps[0]] = bitsToNumber(p, ps[1], `${spec.name} param ${ps[0]}`);
  }
  for (const id in spec.params) {
    const name = spec.params[id][0];
    if (params[name] === undefined) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${spec.name}: param ${name} is missing`);
  }
  return { id: action.actionId, params };
}

function resultToFailure(result: TableWriteResult, table: string, type: string): UpdateFailure | null {
  switch (result) {
    case 'ok':
      return null;
    case 'exists':
      return { code: GRPC_CODE.ALREADY_EXISTS, message: `${table}: ${type} of an entry that already exists` };
    case 'not-found':
      return { code: GRPC_CODE.NOT_FOUND, message: `${table}: ${type} of an entry that does not exist` };
    case 'full':
      return { code: GRPC_CODE.RESOURCE_EXHAUSTED, message: `${table}: table full` };
  }
}

function rejectExtras(entry: Decoded, table: string, idleAllowed: boolean): void {
  if (entry.priority) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: priority must be 0 (no ternary/range keys)`);
  if (!idleAllowed && entry.idleTimeoutNs && toBigInt(entry.idleTimeoutNs) !== 0n) {
    throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: idle_timeout_ns set on a table without idle timeout support`);
  }
}

/**
 * Applies one decoded p4.v1.Update to the switch state; null on success, else the failure.
 * @example
 * const failure = applyUpdate(state, ids, update, Date.now());
 */
export function applyUpdate(state: SwitchState, ids: ProgramIds, update: Decoded, nowMs: number): UpdateFailure | null {
  const type = UPDATE_TYPE[update.type as number];
  if (!type) return { code: GRPC_CODE.INVALID_ARGUMENT, message: `update type ${String(update.type)} is not INSERT, MODIFY or DELETE` };
  const entity = update.entity as Decoded | undefined;
  try {
    if (entity?.tableEntry) return applyTableEntry(state, ids, type, entity.tableEntry as Decoded, nowMs);
    if (entity?.directCounterEntry) return applyDirectCounter(state, ids, type, entity.directCounterEntry as Decoded);
    return { code: GRPC_CODE.UNIMPLEMENTED, message: 'only table_entry and direct_counter_entry entities are supported' };
  } catch (e) {
    if (e instanceof Invalid) return { code: e.code, message: e.message };
    throw e;
  }
}

let specCache: { ids: ProgramIds; specs: ReturnType<typeof buildSpecs> } | undefined;

function buildSpecs(ids: ProgramIds) {
  return {
    routeActions: new Map([
      [ids.ipv4Forward.id, { name: 'ipv4_forward', params: { [ids.ipv4Forward.port]: ['port', 9], [ids.ipv4Forward.dstMac]: ['dst_mac', 48] } as Record<number, [string, number]> }],
      [ids.drop, { name: 'drop', params: {} as Record<number, [string, number]> }],
    ]),
    offloadActions: new Map([
      [ids.setOwner.id, { name: 'set_owner', params: { [ids.setOwner.ownerIp]: ['owner_ip', 32] } as Record<number, [string, number]> }],
      [ids.ownerIsLocal, { name: 'owner_is_local', params: {} as Record<number, [string, number]> }],
    ]),
    sessionActions: new Map([
      [ids.setBackend.id, { name: 'set_backend', params: { [ids.setBackend.nodeIp]: ['node_ip', 32] } as Record<number, [string, number]> }],
    ]),
    sessionKeys: keySpec({
      'hdr.vxlan.vni': [ids.tcSessionTable.vni, 24],
      'hdr.inner_ipv4.src_addr': [ids.tcSessionTable.srcAddr, 32],
      'hdr.inner_ipv4.dst_addr': [ids.tcSessionTable.dstAddr, 32],
      'hdr.inner_ipv4.protocol': [ids.tcSessionTable.protocol, 8],
      'meta.l4_src_port': [ids.tcSessionTable.srcPort, 16],
      'meta.l4_dst_port': [ids.tcSessionTable.dstPort, 16],
    }),
    offloadKeys: keySpec({ 'hdr.vxlan.vni': [ids.functionOffloadTable.vni, 24] }),
  };
}

function specsFor(ids: ProgramIds): ReturnType<typeof buildSpecs> {
  if (specCache?.ids !== ids) specCache = { ids, specs: buildSpecs(ids) };
  return specCache.specs;
}

/**
 * The session key of a tc_session_table entry without intermediate objects (the batched-write hot path);
 * anything unusual (unknown/duplicate/non-exact field) goes through exactKeys for its error message.
 */
function sessionKey(entry: Decoded, ids: ProgramIds, spec: KeySpec, nowMs: number): SessionEntry {
  const t = ids.tcSessionTable;
  const table = 'tc_session_table';
  const match = (entry.match ?? []) as Decoded[];
  let vni = -1;
  let srcAddr = -1;
  let dstAddr = -1;
  let protocol = -1;
  let srcPort = -1;
  let dstPort = -1;
  let ok = match.length === 6;
  for (let i = 0; ok && i < match.length; i++) {
    const m = match[i];
    const exact = m.exact as Decoded | null;
    if (!exact) ok = false;
    else if (m.fieldId === t.vni && vni < 0) vni = bitsToNumber(exact, 24, `${table} match hdr.vxlan.vni`);
    else if (m.fieldId === t.srcAddr && srcAddr < 0) srcAddr = bitsToNumber(exact, 32, `${table} match hdr.inner_ipv4.src_addr`);
    else if (m.fieldId === t.dstAddr && dstAddr < 0) dstAddr = bitsToNumber(exact, 32, `${table} match hdr.inner_ipv4.dst_addr`);
    else if (m.fieldId === t.protocol && protocol < 0) protocol = bitsToNumber(exact, 8, `${table} match hdr.inner_ipv4.protocol`);
    else if (m.fieldId === t.srcPort && srcPort < 0) srcPort = bitsToNumber(exact, 16, `${table} match meta.l4_src_port`);
    else if (m.fieldId === t.dstPort && dstPort < 0) dstPort = bitsToNumber(exact, 16, `${table} match meta.l4_dst_port`);
    else ok = false;
  }
  if (!ok) {
    const k = exactKeys(entry, spec, table); // throws the precise error
    vni = k['hdr.vxlan.vni'];
    srcAddr = k['hdr.inner_ipv4.src_addr'];
    dstAddr = k['hdr.inner_ipv4.dst_addr'];
    protocol = k['hdr.inner_ipv4.protocol'];
    srcPort = k['meta.l4_src_port'];
    dstPort = k['meta.l4_dst_port'];
  }
  const raw = entry.idleTimeoutNs;
  const idleTimeoutNs = typeof raw === 'number' ? raw : Number(toBigInt(raw));
  if (idleTimeoutNs < 0) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: idle_timeout_ns must not be negative`);
  return { vni, srcAddr, dstAddr, protocol, srcPort, dstPort, nodeIp: 0, idleTimeoutNs, lastHitMs: nowMs };
}

/** node_ip of a well-formed set_backend action, or undefined (then actionOf reports what is wrong). */
function backendOf(entry: Decoded, ids: ProgramIds): number | undefined {
  const action = entry.action?.action as Decoded | undefined;
  if (!action || action.actionId !== ids.setBackend.id) return undefined;
  const params = (action.params ?? []) as Decoded[];
  if (params.length !== 1 || params[0].paramId !== ids.setBackend.nodeIp) return undefined;
  return bitsToNumber(params[0], 32, 'set_backend param node_ip');
}

function applyTableEntry(
  state: SwitchState,
  ids: ProgramIds,
  type: 'INSERT' | 'MODIFY' | 'DELETE',
  entry: Decoded,
  nowMs: number,
): UpdateFailure | null {
  const specs = specsFor(ids);
  const tableId = entry.tableId as number;
  if (tableId === ids.tcSessionTable.id) {
    const table = 'tc_session_table';
    rejectExtras(entry, table, true);
    if (entry.isDefaultAction) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: the default action (send_to_cpu) is const`);
    const e = sessionKey(entry, ids, specs.sessionKeys, nowMs);
    if (type === 'DELETE') return resultToFailure(deleteSession(state.sessions, e), table, type);
    e.nodeIp = backendOf(entry, ids) ?? actionOf(entry, specs.sessionActions, table).params.node_ip;
    return resultToFailure(type === 'INSERT' ? insertSession(state.sessions, e) : modifySession(state.sessions, e), table, type);
  }
  if (tableId === ids.functionOffloadTable.id) {
    const table = 'function_offload_table';
    rejectExtras(entry, table, false);
    if (entry.isDefaultAction) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: the default action (NoAction) is const`);
    const vni = exactKeys(entry, specs.offloadKeys, table)['hdr.vxlan.vni'];
    let action: OffloadAction = { kind: 'owner_is_local' };
    if (type !== 'DELETE') {
      const a = actionOf(entry, specs.offloadActions, table);
      action = a.id === ids.setOwner.id ? { kind: 'set_owner', ownerIp: a.params.owner_ip } : { kind: 'owner_is_local' };
    }
    const failure = resultToFailure(writeOffload(state.offload, type, vni, action), table, type);
    if (!failure && type !== 'DELETE' && entry.counterData) {
      const stored = state.offload.entries.get(vni);
      if (stored) {
        stored.packets = Number(toBigInt(entry.counterData.packetCount));
        stored.bytes = Number(toBigInt(entry.counterData.byteCount));
      }
    }
    return failure;
  }
  if (tableId === ids.ipv4Route.id) return applyRoute(state, ids, type, entry);
  return { code: GRPC_CODE.NOT_FOUND, message: `table id ${tableId} does not exist in this pipeline` };
}

function routeAction(ids: ProgramIds, a: { id: number; params: Record<string, number> }): RouteAction {
  return a.id === ids.drop ? { kind: 'drop' } : { kind: 'ipv4_forward', port: a.params.port, dstMac: a.params.dst_mac };
}

function applyRoute(state: SwitchState, ids: ProgramIds, type: 'INSERT' | 'MODIFY' | 'DELETE', entry: Decoded): UpdateFailure | null {
  const table = 'ipv4_route';
  const specs = specsFor(ids);
  rejectExtras(entry, table, false);
  if (entry.isDefaultAction) {
    if (type !== 'MODIFY') throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: the default entry can only be modified`);
    if ((entry.match ?? []).length > 0) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: default entry must have no match`);
    state.routes.defaultAction = routeAction(ids, actionOf(entry, specs.routeActions, table));
    return null;
  }
  let prefix = 0;
  let prefixLen = 0;
  for (const m of (entry.match ?? []) as Decoded[]) {
    if (m.fieldId !== ids.ipv4Route.dstAddr) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: unknown match field id ${m.fieldId}`);
    if (!m.lpm) throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: match field hdr.ipv4.dst_addr must be an lpm match`);
    prefixLen = m.lpm.prefixLen as number;
    if (!(prefixLen >= 1 && prefixLen <= 32)) {
      throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: prefix_len ${prefixLen} out of 1..32 (omit the field for /0)`);
    }
    prefix = bitsToNumber(m.lpm, 32, `${table} match hdr.ipv4.dst_addr`);
    if (((prefix & ~prefixMask(prefixLen)) >>> 0) !== 0) {
      throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, `${table}: hdr.ipv4.dst_addr has bits set past the /${prefixLen} prefix`);
    }
  }
  const action: RouteAction = type === 'DELETE' ? { kind: 'drop' } : routeAction(ids, actionOf(entry, specs.routeActions, table));
  return resultToFailure(writeRoute(state.routes, type, { prefix, prefixLen, action }), table, type);
}

function applyDirectCounter(state: SwitchState, ids: ProgramIds, type: string, dc: Decoded): UpdateFailure | null {
  if (type !== 'MODIFY') throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, 'direct_counter_entry: only MODIFY is allowed');
  const entry = dc.tableEntry as Decoded | undefined;
  if (!entry || entry.tableId !== ids.functionOffloadTable.id) {
    throw new Invalid(GRPC_CODE.INVALID_ARGUMENT, 'direct_counter_entry: only function_offload_table has a direct counter');
  }
  const vni = exactKeys(entry, specsFor(ids).offloadKeys, 'function_offload_table')['hdr.vxlan.vni'];
  const stored = state.offload.entries.get(vni);
  if (!stored) return { code: GRPC_CODE.NOT_FOUND, message: `function_offload_table: no entry for vni ${vni}` };
  stored.packets = Number(toBigInt(dc.data?.packetCount));
  stored.bytes = Number(toBigInt(dc.data?.byteCount));
  return null;
}
