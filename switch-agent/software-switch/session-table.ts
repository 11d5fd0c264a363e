/**
 * tc_session_table of the PiggyCar P4 program as a fixed-capacity exact-match table on typed arrays: key
 * (VNI, inner src IP, inner dst IP, protocol, inner src port, inner dst port) → set_backend(node_ip), with
 * idle timeout (last-hit time per entry). Open addressing with linear probing and backward-shift deletion, so
 * a lookup on the packet path allocates nothing. Capacity models the switch's SRAM: inserts beyond it fail.
 */
import { flowWord0, flowWord3, hashFlowWords, type FlowNumbers } from '../../src/core/reconcile/flow-words';

/** The six key fields of a session (meta.l4_* are the inner TCP/UDP ports). */
export type SessionKey = FlowNumbers;

/** A session entry as stored (numbers; node_ip as u32). */
export interface SessionEntry extends SessionKey {
  nodeIp: number;
  /** 0 = never expires. */
  idleTimeoutNs: number;
  /** Time of the last hit (or of the insert), ms, from the caller's clock. */
  lastHitMs: number;
}

/** The table's state: key words, values and aging fields per slot. */
export interface SessionTable {
  readonly capacity: number;
  readonly slots: number;
  readonly mask: number;
  size: number;
  /** 4 words per slot: vni<<8|protocol, srcAddr, dstAddr, srcPort<<16|dstPort. */
  keys: Uint32Array;
  used: Uint8Array;
  nodeIp: Uint32Array;
  idleTimeoutNs: Float64Array;
  lastHitMs: Float64Array;
  /** 1 once an idle notification was produced; cleared by a hit or a MODIFY. */
  notified: Uint8Array;
  /**
   * A lower bound on when any entry with a timeout can next be idle (ms; Infinity when none can): hits only move
   * lastHitMs forward, so min(lastHit + timeout) over the entries only grows between inserts/MODIFYs, which lower
   * it. Aging skips its walk over every slot until then.
   */
  idleCheckMs: number;
}

/**
 * Creates an empty session table holding at most `capacity` entries.
 * @example
 * const table = createSessionTable(65536);
 */
export function createSessionTable(capacity: number): SessionTable {
  let slots = 16;
  while (slots < capacity * 2) slots *= 2;
  return {
    capacity,
    slots,
    mask: slots - 1,
    size: 0,
    keys: new Uint32Array(slots * 4),
    used: new Uint8Array(slots),
    nodeIp: new Uint32Array(slots),
    idleTimeoutNs: new Float64Array(slots),
    lastHitMs: new Float64Array(slots),
    notified: new Uint8Array(slots),
    idleCheckMs: Infinity,
  };
}

/**
 * Finds the slot of a key, or -1 (no allocation: the packet path).
 * @example
 * const slot = findSession(t, vni, src, dst, 6, 43512, 9080);
 */
export function findSession(
  t: SessionTable,
  vni: number,
  srcAddr: number,
  dstAddr: number,
  protocol: number,
  srcPort: number,
  dstPort: number,
): number {
  const w0 = flowWord0(vni, protocol);
  const w3 = flowWord3(srcPort, dstPort);
  const keys = t.keys;
  const used = t.used;
  let i = hashFlowWords(w0, srcAddr, dstAddr, w3) & t.mask;
  for (;;) {
    if (used[i] === 0) return -1;
    const k = i * 4;
    if (keys[k] === w0 && keys[k + 1] === srcAddr && keys[k + 2] === dstAddr && keys[k + 3] === w3) return i;
    i = (i + 1) & t.mask;
  }
}

/**
 * Slot of a key given as a SessionKey, or -1.
 * @example
 * findSessionByKey(t, { vni: 1, srcAddr, dstAddr, protocol: 6, srcPort: 1, dstPort: 2 });
 */
export function findSessionByKey(t: SessionTable, key: SessionKey): number {
  return findSession(t, key.vni, key.srcAddr >>> 0, key.dstAddr >>> 0, key.protocol, key.srcPort, key.dstPort);
}

/** Result of a table write on the session table, as a value. */
export type SessionWriteResult = 'ok' | 'exists' | 'not-found' | 'full';

/**
 * Inserts an entry; 'exists' if the key is present, 'full' at capacity (RESOURCE_EXHAUSTED).
 * @example
 * insertSession(t, { ...key, nodeIp: ipv4ToU32('192.168.0.4'), idleTimeoutNs: 10e9, lastHitMs: now });
 */
export function insertSession(t: SessionTable, e: SessionEntry): SessionWriteResult {
  if (findSessionByKey(t, e) >= 0) return 'exists';
  if (t.size >= t.capacity) return 'full';
  const w0 = flowWord0(e.vni, e.protocol);
  const w3 = flowWord3(e.srcPort, e.dstPort);
  let i = hashFlowWords(w0, e.srcAddr >>> 0, e.dstAddr >>> 0, w3) & t.mask;
  while (t.used[i] !== 0) i = (i + 1) & t.mask;
  const k = i * 4;
  t.keys[k] = w0;
  t.keys[k + 1] = e.srcAddr >>> 0;
  t.keys[k + 2] = e.dstAddr >>> 0;
  t.keys[k + 3] = w3;
  t.used[i] = 1;
  t.nodeIp[i] = e.nodeIp >>> 0;
  t.idleTimeoutNs[i] = e.idleTimeoutNs;
  t.lastHitMs[i] = e.lastHitMs;
  t.notified[i] = 0;
  if (e.idleTimeoutNs > 0) t.idleCheckMs = Math.min(t.idleCheckMs, e.lastHitMs + e.idleTimeoutNs / 1e6);
  t.size++;
  return 'ok';
}

/**
 * Modifies the action data and idle timeout of an existing entry (resets its idle notification).
 * @example
 * modifySession(t, { ...entry, nodeIp: other });
 */
export function modifySession(t: SessionTable, e: SessionEntry): SessionWriteResult {
  const i = findSessionByKey(t, e);
  if (i < 0) return 'not-found';
  t.nodeIp[i] = e.nodeIp >>> 0;
  t.idleTimeoutNs[i] = e.idleTimeoutNs;
  t.notified[i] = 0;
  if (e.idleTimeoutNs > 0) t.idleCheckMs = Math.min(t.idleCheckMs, t.lastHitMs[i] + e.idleTimeoutNs / 1e6);
  return 'ok';
}

function copySlot(t: SessionTable, from: number, to: number): void {
  t.keys.copyWithin(to * 4, from * 4, from * 4 + 4);
  t.used[to] = t.used[from];
  t.nodeIp[to] = t.nodeIp[from];
  t.idleTimeoutNs[to] = t.idleTimeoutNs[from];
  t.lastHitMs[to] = t.lastHitMs[from];
  t.notified[to] = t.notified[from];
}

/**
 * Deletes the entry of a key ('not-found' if absent), shifting later probe-chain entries back.
 * @example
 * deleteSession(t, key);
 */
export function deleteSession(t: SessionTable, key: SessionKey): SessionWriteResult {
  let hole = findSessionByKey(t, key);
  if (hole < 0) return 'not-found';
  let i = (hole + 1) & t.mask;
  while (t.used[i] !== 0) {
    const k = i * 4;
    const home = hashFlowWords(t.keys[k], t.keys[k + 1], t.keys[k + 2], t.keys[k + 3]) & t.mask;
    // Move entry i back into the hole unless its home lies cyclically in (hole, i].
    const inRange = hole <= i ? home > hole && home <= i : home > hole || home <= i;
    if (!inRange) {
      copySlot(t, i, hole);
      hole = i;
    }
    i = (i + 1) & t.mask;
  }
  t.used[hole] = 0;
  t.size--;
  return 'ok';
}

/**
 * Reads the entry stored in a slot.
 * @example
 * const entry = sessionAt(t, slot);
 */
export function sessionAt(t: SessionTable, slot: number): SessionEntry {
  const k = slot * 4;
  return {
    vni: t.keys[k] >>> 8,
    protocol: t.keys[k] & 0xff,
    srcAddr: t.keys[k + 1],
    dstAddr: t.keys[k + 2],
    srcPort: t.keys[k + 3] >>> 16,
    dstPort: t.keys[k + 3] & 0xffff,
    nodeIp: t.nodeIp[slot],
    idleTimeoutNs: t.idleTimeoutNs[slot],
    lastHitMs: t.lastHitMs[slot],
  };
}

/**
 * Every stored entry, in slot order.
 * @example
 * for (const e of listSessions(t)) console.log(e.vni);
 */
export function listSessions(t: SessionTable): SessionEntry[] {
  const out: SessionEntry[] = [];
  for (let i = 0; i < t.slots; i++) if (t.used[i] !== 0) out.push(sessionAt(t, i));
  return out;
}

/**
 * Removes every entry.
 * @example
 * clearSessions(t);
 */
export function clearSessions(t: SessionTable): void {
  t.used.fill(0);
  t.size = 0;
}

/**
 * Idle-timeout aging: entries with a timeout that have not been hit for at least that long and were not yet
 * reported. Marks them reported (a hit or a MODIFY re-arms them); entries stay installed — the controller
 * decides (P4Runtime NOTIFY_CONTROL).
 * @example
 * const idle = collectIdleSessions(t, Date.now()); // notify the controller of each
 */
export function collectIdleSessions(t: SessionTable, nowMs: number): SessionEntry[] {
  const out: SessionEntry[] = [];
  // 1 ms of margin: the bound is computed in ms, the test below in ns (rounding must not skip a due entry).
  if (nowMs < t.idleCheckMs - 1) return out;
  let next = Infinity;
  for (let i = 0; i < t.slots; i++) {
    if (t.used[i] === 0) continue;
    const timeoutNs = t.idleTimeoutNs[i];
    if (timeoutNs <= 0) continue;
    // Every entry with a timeout counts toward the next bound, reported ones too (a hit re-arms them in place).
    const due = t.lastHitMs[i] + timeoutNs / 1e6;
    if (due < next) next = due;
    if (t.notified[i] !== 0) continue;
    if ((nowMs - t.lastHitMs[i]) * 1e6 >= timeoutNs) {
      t.notified[i] = 1;
      out.push(sessionAt(t, i));
    }
  }
  t.idleCheckMs = next;
  return out;
}
