/**
 * Answers P4Runtime Read requests from the software switch's tables (§11): table_id 0 = every table, a
 * table_id without match = all its entries, with match = that entry; counter_data / time_since_last_hit are
 * filled when the request sets them; is_default_action reads the default entry; direct_counter_entry reads
 * the per-VNI counters. Entities come out as plain p4.v1.Entity objects with canonical byte strings.
 */
import { listSessions, type SessionEntry } from '../software-switch/session-table';
import type { OffloadEntry, RouteAction, RouteEntry } from '../software-switch/forwarding-tables';
import type { SwitchState } from '../software-switch/switch-state';
import { GRPC_CODE } from './arbitration';
import type { Decoded } from './grpc-service';
import type { EntityMsg, TableEntryMsg } from './p4runtime-messages';
import type { ProgramIds } from './program-ids';

/** Canonical byte string (shortest big-endian, 0 → [0]) of an unsigned value below 2^53, without bigint. */
function bytesOf(value: number): Uint8Array {
  let n = 1;
  for (let v = value; v >= 256; v = Math.floor(v / 256)) n++;
  const out = new Uint8Array(n);
  for (let i = n - 1, v = value; i >= 0; i--, v = Math.floor(v / 256)) out[i] = v % 256;
  return out;
}

function sessionEntryMsg(ids: ProgramIds, s: SessionEntry, withIdle: boolean, nowMs: number): TableEntryMsg {
  const t = ids.tcSessionTable;
  const msg: TableEntryMsg = {
    tableId: t.id,
    match: [
      { fieldId: t.vni, exact: { value: bytesOf(s.vni) } },
      { fieldId: t.srcAddr, exact: { value: bytesOf(s.srcAddr) } },
      { fieldId: t.dstAddr, exact: { value: bytesOf(s.dstAddr) } },
      { fieldId: t.protocol, exact: { value: bytesOf(s.protocol) } },
      { fieldId: t.srcPort, exact: { value: bytesOf(s.srcPort) } },
      { fieldId: t.dstPort, exact: { value: bytesOf(s.dstPort) } },
    ],
    action: { action: { actionId: ids.setBackend.id, params: [{ paramId: ids.setBackend.nodeIp, value: bytesOf(s.nodeIp) }] } },
  };
  if (s.idleTimeoutNs > 0) msg.idleTimeoutNs = String(s.idleTimeoutNs);
  if (withIdle) msg.timeSinceLastHit = { elapsedNs: String(Math.max(0, Math.round((nowMs - s.lastHitMs) * 1e6))) };
  return msg;
}

/**
 * The key-only TableEntry of a session (what an IdleTimeoutNotification carries: key, idle_timeout_ns).
 * @example
 * const entries = idle.map((s) => sessionNotificationEntry(ids, s));
 */
export function sessionNotificationEntry(ids: ProgramIds, s: SessionEntry): TableEntryMsg {
  const msg = sessionEntryMsg(ids, s, false, 0);
  delete msg.action;
  return msg;
}

function offloadEntryMsg(ids: ProgramIds, e: OffloadEntry, withCounters: boolean): TableEntryMsg {
  const action =
    e.action.kind === 'set_owner'
      ? { actionId: ids.setOwner.id, params: [{ paramId: ids.setOwner.ownerIp, value: bytesOf(e.action.ownerIp) }] }
      : { actionId: ids.ownerIsLocal };
  const msg: TableEntryMsg = {
    tableId: ids.functionOffloadTable.id,
    match: [{ fieldId: ids.functionOffloadTable.vni, exact: { value: bytesOf(e.vni) } }],
    action: { action },
  };
  if (withCounters) msg.counterData = { packetCount: String(e.packets), byteCount: String(e.bytes) };
  return msg;
}

function routeActionMsg(ids: ProgramIds, a: RouteAction): TableEntryMsg['action'] {
  if (a.kind === 'drop') return { action: { actionId: ids.drop } };
  return {
    action: {
      actionId: ids.ipv4Forward.id,
      params: [
        { paramId: ids.ipv4Forward.port, value: bytesOf(a.port) },
        { paramId: ids.ipv4Forward.dstMac, value: bytesOf(a.dstMac) },
      ],
    },
  };
}

function routeEntryMsg(ids: ProgramIds, r: RouteEntry): TableEntryMsg {
  const msg: TableEntryMsg = { tableId: ids.ipv4Route.id, action: routeActionMsg(ids, r.action) };
  // A /0 route is the don't-care LPM match, which P4Runtime represents by omitting the field.
  if (r.prefixLen > 0) msg.match = [{ fieldId: ids.ipv4Route.dstAddr, lpm: { value: bytesOf(r.prefix), prefixLen: r.prefixLen } }];
  return msg;
}

/** A Read failure as a value. */
export interface ReadFailure {
  code: number;
  message: string;
}

/** A predicate over entry key strings: true for the keys the request's match names. */
function matchesRequested(request: Decoded): (key: string) => boolean {
  const keys = new Set<string>();
  for (const m of (request.match ?? []) as Decoded[]) {
    const v = m.exact?.value ?? m.lpm?.value;
    keys.add(`${m.fieldId}:${v ? Array.from(v as Uint8Array).join('.') : ''}:${m.lpm?.prefixLen ?? ''}`);
  }
  return (key) => keys.has(key);
}

function entryKeyString(msg: TableEntryMsg): string[] {
  return (msg.match ?? []).map((m) => {
    const v = m.exact?.value ?? m.lpm?.value;
    return `${m.fieldId}:${v ? Array.from(v).join('.') : ''}:${m.lpm?.prefixLen ?? ''}`;
  });
}

function canonicalRequestMatch(request: Decoded): Decoded {
  // Strip leading zero bytes so a padded key in a Read matches the canonical stored one.
  for (const m of (request.match ?? []) as Decoded[]) {
    for (const kind of ['exact', 'lpm'] as const) {
      const holder = m[kind] as Decoded | undefined;
      if (holder?.value) {
        const v = holder.value as Uint8Array;
        let i = 0;
        while (i < v.length - 1 && v[i] === 0) i++;
        holder.value = v.subarray(i);
      }
    }
  }
  return request;
}

/**
 * Whether a requested Entity is a wildcard read of every tc_session_table entry (then the server may encode
 * the sessions with ./fast-read-encode and pass skipSessions to readEntity for the rest).
 * @example
 * if (isSessionWildcard(ids, requested)) ...
 */
export function isSessionWildcard(ids: ProgramIds, requested: Decoded): boolean {
  const te = requested.tableEntry as Decoded | undefined;
  if (!te || te.isDefaultAction || ((te.match ?? []) as unknown[]).length > 0) return false;
  return !te.tableId || te.tableId === ids.tcSessionTable.id;
}

/**
 * The entities answering one requested Entity (wildcards expanded), or a failure.
 * @example
 * const r = readEntity(state, ids, { tableEntry: { tableId: 0 } }, Date.now());
 */
export function readEntity(
  state: SwitchState,
  ids: ProgramIds,
  requested: Decoded,
  nowMs: number,
  options: { skipSessions?: boolean } = {},
): EntityMsg[] | ReadFailure {
  if (requested.tableEntry) {
    return readTableEntries(state, ids, canonicalRequestMatch(requested.tableEntry as Decoded), nowMs, false, options.skipSessions ?? false);
  }
  if (requested.directCounterEntry) {
    const te = (requested.directCounterEntry.tableEntry ?? {}) as Decoded;
    if (te.tableId && te.tableId !== ids.functionOffloadTable.id) {
      return { code: GRPC_CODE.INVALID_ARGUMENT, message: `table id ${te.tableId} has no direct counter` };
    }
    const entries = readTableEntries(state, ids, canonicalRequestMatch({ ...te, tableId: ids.functionOffloadTable.id } as unknown as Decoded), nowMs, true);
    if (!Array.isArray(entries)) return entries;
    return entries.map((e) => {
      const { counterData, ...tableEntry } = e.tableEntry as TableEntryMsg;
      delete tableEntry.action;
      return { directCounterEntry: { tableEntry, data: counterData } };
    });
  }
  if (requested.counterEntry) return readCounterEntries(state, ids, requested.counterEntry as Decoded);
  return { code: GRPC_CODE.UNIMPLEMENTED, message: 'only table_entry, direct_counter_entry and counter_entry reads are supported' };
}

/** counter_entry reads of port_tx_counter: one cell (index given) or every cell (P4Runtime §9.5 wildcard). */
function readCounterEntries(state: SwitchState, ids: ProgramIds, req: Decoded): EntityMsg[] | ReadFailure {
  const counterId = Number(req.counterId ?? 0);
  const { id, size } = ids.portTxCounter;
  if (counterId !== 0 && counterId !== id) return { code: GRPC_CODE.NOT_FOUND, message: `counter id ${counterId} does not exist` };
  const cell = function cell(index: number): EntityMsg {
    const data = { packetCount: String(state.portTx.packets[index] ?? 0), byteCount: String(state.portTx.bytes[index] ?? 0) };
    return { counterEntry: { counterId: id, index: { index: String(index) }, data } };
  };
  const requestedIndex = (req.index as Decoded | undefined)?.index;
  if (requestedIndex === undefined || requestedIndex === null) return Array.from({ length: size }, (_, i) => cell(i));
  const index = Number(requestedIndex);
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    return { code: GRPC_CODE.OUT_OF_RANGE, message: `counter index ${String(requestedIndex)} is outside 0..${size - 1}` };
  }
  return [cell(index)];
}

function readTableEntries(
  state: SwitchState,
  ids: ProgramIds,
  req: Decoded,
  nowMs: number,
  forceCounters: boolean,
  skipSessions = false,
): EntityMsg[] | ReadFailure {
  const tableId = (req.tableId as number) || 0;
  const known = [ids.ipv4Route.id, ids.functionOffloadTable.id, ids.tcSessionTable.id];
  if (tableId !== 0 && !known.includes(tableId)) return { code: GRPC_CODE.NOT_FOUND, message: `table id ${tableId} does not exist` };
  const want = (id: number): boolean => tableId === 0 || tableId === id;
  const hasMatch = ((req.match ?? []) as unknown[]).length > 0;
  const isWanted = hasMatch ? matchesRequested(req) : undefined;
  const out: EntityMsg[] = [];
  const push = (msg: TableEntryMsg): void => {
    if (isWanted) {
      const keys = entryKeyString(msg);
      if (keys.length !== ((req.match ?? []) as unknown[]).length || !keys.every(isWanted)) return;
    }
    out.push({ tableEntry: msg });
  };
  if (req.isDefaultAction) {
    if (tableId === ids.ipv4Route.id || tableId === 0) {
      out.push({ tableEntry: { tableId: ids.ipv4Route.id, isDefaultAction: true, action: routeActionMsg(ids, state.routes.defaultAction) } });
    }
    return out;
  }
  if (want(ids.ipv4Route.id)) {
    for (const map of state.routes.byLength) for (const r of map.values()) push(routeEntryMsg(ids, r));
  }
  if (want(ids.functionOffloadTable.id)) {
    const withCounters = forceCounters || Boolean(req.counterData);
    for (const e of state.offload.entries.values()) push(offloadEntryMsg(ids, e, withCounters));
  }
  if (want(ids.tcSessionTable.id) && !skipSessions) {
    const withIdle = Boolean(req.timeSinceLastHit);
    for (const s of listSessions(state.sessions)) push(sessionEntryMsg(ids, s, withIdle, nowMs));
  }
  return out;
}
