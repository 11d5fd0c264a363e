import { flowWord0, flowWord3, type FlowNumbers } from '../../src/core/reconcile/flow-words';
import type { SessionEntry, SessionFlow } from '../../src/core/reconcile/types';
import { u32ToIpv4 } from '../../src/core/packet';
import { FlowIndex } from './flow-index';
import { ipv4Memo } from './ipv4-memo';

/** A pinned session by value: the flow and its backend node's IPv4 (x_r's unit on this switch). */
export interface PinnedNumbers extends FlowNumbers {
  nodeIp: number;
}

/**
 * The agent's view of tc_session_table: pinned sessions (flow → backend node IPv4, on typed arrays: no object or
 * string per session), with per-VNI counts (x_r^ob) and per (VNI, backend) counts (LEAST_REQUEST), kept in step
 * with every insert, delete and read-back. The slow path uses the numeric forms (hasFlow, pin); reconcile,
 * migration and aging pass SessionEntry / SessionFlow objects.
 *
 * @example
 * const t = new SessionTracker(); t.add(entry); t.countFor(entry.vni); // 1
 */
export class SessionTracker {
  /** Sized for a typical switch's session budget up front (21 bytes per slot); it grows past that. */
  private readonly sessions = new FlowIndex(32_768);
  private readonly perVni = new Map<number, number>();
  /** VNI → backend node IPv4 (u32) → sessions. */
  private readonly perBackend = new Map<number, Map<number, number>>();
  /** Pins since startRecording, by flow words (only while a read-back is in flight). */
  private recording: Map<string, PinnedNumbers> | undefined;
  private uncertain = false;
  /** IPv4 text → u32 for the entry-based forms. */
  private readonly u32Of = ipv4Memo();

  get size(): number {
    return this.sessions.size;
  }

  /** Is this flow pinned? (The slow path's numeric form.) */
  hasFlow(flow: FlowNumbers): boolean {
    return this.sessions.has(flow);
  }

  /** Pins a session given by value (the slow path's numeric form). */
  pin(s: PinnedNumbers): void {
    const before = this.sessions.get(s);
    if (before !== undefined) this.count(s.vni, before, -1);
    this.sessions.set(s, s.nodeIp);
    this.count(s.vni, s.nodeIp >>> 0, 1);
    if (this.recording) {
      const { vni, srcAddr, dstAddr, protocol, srcPort, dstPort, nodeIp } = s;
      this.recording.set(recordKey(s), { vni, srcAddr, dstAddr, protocol, srcPort, dstPort, nodeIp });
    }
  }

  has(flow: SessionFlow): boolean {
    return this.sessions.has(this.numbersOf(flow));
  }

  /** Pins `entry`. */
  add(entry: SessionEntry): void {
    this.pin({ ...this.numbersOf(entry), nodeIp: this.u32Of(entry.backendIp) });
  }

  /** Unpins a flow; false when it was not pinned. */
  remove(flow: SessionFlow): boolean {
    const n = this.numbersOf(flow);
    const nodeIp = this.sessions.delete(n);
    if (nodeIp === undefined) return false;
    this.recording?.delete(recordKey(n));
    this.count(n.vni, nodeIp, -1);
    return true;
  }

  /**
   * Replace everything with a read-back of the switch. Sessions the slow path pinned while the read was in
   * flight (recorded since {@link startRecording}) are kept: the read may have missed them.
   */
  replaceAll(entries: Iterable<SessionEntry>): void {
    const recorded = this.recording ? [...this.recording.values()] : [];
    this.recording = undefined;
    this.uncertain = false;
    this.sessions.clear();
    this.perVni.clear();
    this.perBackend.clear();
    for (const e of entries) this.add(e);
    for (const s of recorded) this.pin(s);
  }

  /**
   * A session write ended without a per-entry outcome (the whole RPC failed): its entries may be on the switch
   * without being tracked. Until the next {@link replaceAll} (a full read-back), {@link complete} is false.
   */
  markUncertain(): void {
    this.uncertain = true;
  }

  /** Does the tracker hold every session on the switch (no write of unknown outcome since the last read-back)? */
  get complete(): boolean {
    return !this.uncertain;
  }

  /** Start remembering pins (and forgetting removals) until the next {@link replaceAll}. */
  startRecording(): void {
    this.recording = new Map();
  }

  /** x_r^ob of a VNI on this switch. */
  countFor(vni: number): number {
    return this.perVni.get(vni) ?? 0;
  }

  /** Active sessions of a VNI pinned to a backend node. */
  activeFor(vni: number, backendIp: string): number {
    return this.perBackend.get(vni)?.get(this.u32Of(backendIp)) ?? 0;
  }

  /** The pinned sessions of one VNI (a migration's export). */
  sessionsOf(vni: number): SessionEntry[] {
    const out: SessionEntry[] = [];
    this.sessions.forEach(function collect(f, nodeIp) {
      if (f.vni === vni) out.push(entryOf(f, nodeIp));
    });
    return out;
  }

  /** Every pinned session (a reconcile's view of tc_session_table between full read-backs). */
  all(): SessionEntry[] {
    const out: SessionEntry[] = [];
    this.sessions.forEach(function collect(f, nodeIp) { out.push(entryOf(f, nodeIp)); });
    return out;
  }

  /** Per-VNI counts. */
  vniCounts(): ReadonlyMap<number, number> {
    return this.perVni;
  }

  private count(vni: number, nodeIp: number, delta: number): void {
    bump(this.perVni, vni, delta);
    let byIp = this.perBackend.get(vni);
    if (!byIp) {
      if (delta <= 0) return;
      byIp = new Map();
      this.perBackend.set(vni, byIp);
    }
    bump(byIp, nodeIp, delta);
    if (byIp.size === 0) this.perBackend.delete(vni);
  }

  private numbersOf(flow: SessionFlow): FlowNumbers {
    return {
      vni: flow.vni, srcAddr: this.u32Of(flow.srcIp), dstAddr: this.u32Of(flow.dstIp), protocol: flow.protocol,
      srcPort: flow.srcPort, dstPort: flow.dstPort,
    };
  }
}

function recordKey(f: FlowNumbers): string {
  return `${flowWord0(f.vni, f.protocol)},${f.srcAddr >>> 0},${f.dstAddr >>> 0},${flowWord3(f.srcPort, f.dstPort)}`;
}

function entryOf(f: FlowNumbers, nodeIp: number): SessionEntry {
  return {
    vni: f.vni, srcIp: u32ToIpv4(f.srcAddr), dstIp: u32ToIpv4(f.dstAddr), protocol: f.protocol,
    srcPort: f.srcPort, dstPort: f.dstPort, backendIp: u32ToIpv4(nodeIp),
  };
}

function bump<K>(map: Map<K, number>, key: K, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
}
