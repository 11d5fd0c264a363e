import type { FullRuleEntry } from '../../src/core/desired-state/types';
import type { SessionEntry } from '../../src/core/reconcile/types';
import { u32ToIpv4 } from '../../src/core/packet';
import { FlowIndex } from './flow-index';
import type { PinnedNumbers } from './session-tracker';

/**
 * A new session between its packet_in and its tc_session_table write: the flow and the chosen backend by value
 * (what the byte-level writer and the tracker take), the frames waiting for the entry, and the same session as a
 * SessionEntry whose address texts are built only when read (the hashing LB policies, LEAST_REQUEST's load key
 * and the table-full path read them; the default weighted-random path never does).
 *
 * @example
 * const s = new PendingSession(vni, src, dst, 6, 43512, 9080, frame);
 * s.srcIp; // '100.64.0.1', built now
 */
export class PendingSession implements PinnedNumbers, SessionEntry {
  /** Backend node IPv4 as u32 and as text, once chosen. */
  nodeIp = 0;
  backendIp = '';
  rule: FullRuleEntry | undefined;
  readonly packets: Uint8Array[];
  /** Counted in the slow path's in-flight load (only LEAST_REQUEST reads it). */
  loaded = false;
  /** Registry id while pending (./pending-session PendingSessions), else -1. */
  id = -1;
  private srcText: string | undefined;
  private dstText: string | undefined;

  constructor(
    readonly vni: number,
    readonly srcAddr: number,
    readonly dstAddr: number,
    readonly protocol: number,
    readonly srcPort: number,
    readonly dstPort: number,
    frame: Uint8Array,
  ) {
    this.packets = [frame];
  }

  get srcIp(): string {
    return (this.srcText ??= u32ToIpv4(this.srcAddr));
  }

  get dstIp(): string {
    return (this.dstText ??= u32ToIpv4(this.dstAddr));
  }
}

/**
 * The sessions chosen but not yet written, by flow (a FlowIndex from flow to registry id), and the callers waiting
 * for the ones pending at some moment to settle.
 *
 * @example
 * const pending = new PendingSessions();
 * pending.add(s); pending.find(flow); // s
 * pending.settle([s]);
 */
export class PendingSessions {
  private readonly index = new FlowIndex();
  private readonly byId: (PendingSession | undefined)[] = [];
  private readonly freeIds: number[] = [];
  /** Callers of whenSettled with the sessions they still wait for. */
  private waiters: { sessions: Set<PendingSession>; resolve: () => void }[] = [];

  get size(): number {
    return this.index.size;
  }

  /** The pending session of a flow, if any. */
  find(flow: PendingSession): PendingSession | undefined {
    const id = this.index.get(flow);
    return id === undefined ? undefined : this.byId[id];
  }

  add(s: PendingSession): void {
    const id = this.freeIds.pop() ?? this.byId.length;
    s.id = id;
    this.byId[id] = s;
    this.index.set(s, id);
  }

  /** No longer pending (written, failed or given up); false if it was not. */
  remove(s: PendingSession): boolean {
    if (s.id < 0) return false;
    this.index.delete(s);
    this.byId[s.id] = undefined;
    this.freeIds.push(s.id);
    s.id = -1;
    return true;
  }

  /** Resolves once every session pending now has been removed. */
  whenSettled(): Promise<void> {
    const sessions = new Set<PendingSession>();
    for (const s of this.byId) if (s) sessions.add(s);
    if (sessions.size === 0) return Promise.resolve();
    return new Promise((resolve) => { this.waiters.push({ sessions, resolve }); });
  }

  /** Tells the waiters that these sessions settled. */
  settled(batch: readonly PendingSession[]): void {
    if (this.waiters.length === 0) return;
    this.waiters = this.waiters.filter(function waiting(w) {
      for (const s of batch) w.sessions.delete(s);
      if (w.sessions.size > 0) return true;
      w.resolve();
      return false;
    });
  }
}
