import { sessionKey } from '../../src/core/reconcile/session-key';
import type { SessionEntry } from '../../src/core/reconcile/types';

/**
 * The agent's view of tc_session_table: pinned sessions by key, with per-VNI counts (x_r^ob) and per
 * (VNI, backend) counts (LEAST_REQUEST), kept in step with every insert, delete and read-back.
 *
 * @example
 * const t = new SessionTracker(); t.add(entry); t.countFor(entry.vni); // 1
 */
export class SessionTracker {
  private readonly sessions = new Map<string, SessionEntry>();
  private readonly perVni = new Map<number, number>();
  /** VNI → backend node IPv4 → sessions (nested, so no `vni|ip` key string is built per insert). */
  private readonly perBackend = new Map<number, Map<string, number>>();
  private recording: Map<string, SessionEntry> | undefined;
  private uncertain = false;

  get size(): number {
    return this.sessions.size;
  }

  has(key: string): boolean {
    return this.sessions.has(key);
  }

  get(key: string): SessionEntry | undefined {
    return this.sessions.get(key);
  }

  /** Pins `entry`; `key` = sessionKey(entry) when the caller already has it. */
  add(entry: SessionEntry, key: string = sessionKey(entry)): void {
    if (this.sessions.has(key)) this.remove(key);
    this.sessions.set(key, entry);
    this.recording?.set(key, entry);
    bump(this.perVni, entry.vni, 1);
    this.bumpBackend(entry, 1);
  }

  remove(key: string): SessionEntry | undefined {
    const entry = this.sessions.get(key);
    if (!entry) return undefined;
    this.sessions.delete(key);
    this.recording?.delete(key);
    bump(this.perVni, entry.vni, -1);
    this.bumpBackend(entry, -1);
    return entry;
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
    for (const e of recorded) this.add(e);
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
    return this.perBackend.get(vni)?.get(backendIp) ?? 0;
  }

  private bumpBackend(entry: SessionEntry, delta: number): void {
    let byIp = this.perBackend.get(entry.vni);
    if (!byIp) {
      if (delta <= 0) return;
      byIp = new Map();
      this.perBackend.set(entry.vni, byIp);
    }
    bump(byIp, entry.backendIp, delta);
    if (byIp.size === 0) this.perBackend.delete(entry.vni);
  }

  /** The pinned sessions of one VNI (a migration's export). */
  sessionsOf(vni: number): SessionEntry[] {
    const out: SessionEntry[] = [];
    for (const e of this.sessions.values()) if (e.vni === vni) out.push(e);
    return out;
  }

  /** Every pinned session (a reconcile's view of tc_session_table between full read-backs). */
  all(): SessionEntry[] {
    return [...this.sessions.values()];
  }

  /** Per-VNI counts. */
  vniCounts(): ReadonlyMap<number, number> {
    return this.perVni;
  }
}

function bump<K>(map: Map<K, number>, key: K, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
}
