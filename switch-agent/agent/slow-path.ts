import type { FullRuleEntry } from '../../src/core/desired-state/types';
import { chooseBackend, unpinnedBackend } from '../../src/core/reconcile/choose-backend';
import { sessionKey } from '../../src/core/reconcile/session-key';
import type { SessionEntry } from '../../src/core/reconcile/types';
import {
  PIGGYCAR_SERVICED, createParsedFrame, ipv4ToU32, parseFrameInto, setOuterDstAddr, setVxlanReserved2, u32ToIpv4,
} from '../../src/core/packet';
import type { P4InfoHelper } from '../p4info/p4info-helper';
import type { P4RuntimeClient } from '../p4runtime/client-types';
import { decodeTableEntry, encodeUpdate } from '../p4runtime/encode';
import { decodePacketMetadata, encodePacketMetadata } from '../p4runtime/encode-packet-metadata';
import type { IdleTimeoutNotificationMsg, PacketMetadataMsg, PacketMsg } from '../p4runtime/p4runtime-messages';
import type { AgentCounters } from './agent-counters';
import type { SessionTracker } from './session-tracker';
import { entryToSession, sessionToEntry } from './table-model';
import { PACKET_IN, PACKET_OUT, REASON_SESSION_MISS, TABLES } from './table-names';

/** Most session inserts in one Write. */
export const MAX_BATCH = 2048;
/** Write RPCs in flight at once (pipelining hides the round trip). */
export const MAX_IN_FLIGHT = 4;
/** After RESOURCE_EXHAUSTED, new sessions go unpinned without trying to insert for this long (or until one ages out). */
export const FULL_BACKOFF_MS = 100;
/** Flows remembered after being forwarded unpinned, so a later pin keeps their backend. */
const UNPINNED_MEMORY = 65_536;

const CODE_ALREADY_EXISTS = 6;
const CODE_RESOURCE_EXHAUSTED = 8;

interface Pending {
  entry: SessionEntry;
  rule: FullRuleEntry;
  packets: Uint8Array[];
}

/** What the slow path needs from the agent. */
export interface SlowPathDeps {
  client: Pick<P4RuntimeClient, 'write' | 'sendPacketOut'>;
  helper: P4InfoHelper;
  tracker: SessionTracker;
  counters: AgentCounters;
  random: () => number;
  now: () => number;
  log: (message: string) => void;
  /** Called after occupancy changes or an overflow (threshold-crossing telemetry). */
  onOccupancyChange: () => void;
}

/**
 * The switch CPU's slow path (paper §III-C step ④): a packet_in session miss → the full rule of its VNI →
 * a backend by the rule's LB policy → a tc_session_table INSERT with the idle timeout → packet_out re-injection
 * (egress_port 0), so the packet takes the new entry. Misses are batched per event-loop turn into one Write
 * (several in flight); packets of a session whose insert is still in flight wait for it. When the table is full
 * the packet is forwarded without pinning (outer dst := backend, marked serviced) and counted as an overflow.
 * IdleTimeoutNotification → DELETE of the idle entries, counted as aged.
 *
 * @example
 * const slow = new SlowPath(deps); slow.setRules(state.fullRuleTable, 10_000);
 * client.onPacketIn((p) => slow.handlePacketIn(p));
 */
export class SlowPath {
  private rules = new Map<number, FullRuleEntry>();
  private idleTimeoutNs = 10_000_000_000n;
  private readonly pending = new Map<string, Pending>();
  private queue: string[] = [];
  private inFlight = 0;
  private flushScheduled = false;
  private fullUntil = 0;
  private readonly unpinned = new Map<string, string>();
  private readonly roundRobin = new Map<number, number[]>();
  /** Sessions chosen but not yet written, per `vni|backend`: LEAST_REQUEST must see them, or a burst all lands on one side. */
  private readonly inFlightLoad = new Map<string, number>();
  private readonly view = createParsedFrame();
  private readonly packetOutMeta: PacketMetadataMsg[];
  private readonly missReason: number;

  constructor(private readonly deps: SlowPathDeps) {
    this.packetOutMeta = encodePacketMetadata(deps.helper, PACKET_OUT, { egress_port: 0 });
    this.missReason = REASON_SESSION_MISS;
  }

  /** Slow-path queue state, for diagnostics. */
  stats(): { pending: number; queued: number; inFlight: number } {
    return { pending: this.pending.size, queued: this.queue.length, inFlight: this.inFlight };
  }

  /** Install the full_rule_table (VNI → weighted backends) and the session idle timeout. */
  setRules(rules: readonly FullRuleEntry[], idleTimeoutMs: number): void {
    this.rules = new Map(rules.map(function byVni(r) { return [r.vni, r] as const; }));
    this.idleTimeoutNs = BigInt(Math.max(1, Math.round(idleTimeoutMs))) * 1_000_000n;
  }

  /** The full rule of a VNI owned here. */
  ruleFor(vni: number): FullRuleEntry | undefined {
    return this.rules.get(vni);
  }

  /** One packet_in from the switch. */
  handlePacketIn(packet: PacketMsg): void {
    const { counters } = this.deps;
    const meta = decodePacketMetadata(this.deps.helper, PACKET_IN, packet.metadata ?? []);
    if (Number(meta.reason ?? 0) !== this.missReason) {
      counters.drops++;
      return;
    }
    counters.misses++;
    const frame = new Uint8Array(packet.payload);
    const view = this.view;
    if (parseFrameInto(frame, view) !== null || view.kind !== 'vxlan' || view.innerIpv4Offset < 0) {
      counters.drops++;
      return;
    }
    const flow = {
      vni: view.vni,
      srcIp: u32ToIpv4(view.innerSrcAddr),
      dstIp: u32ToIpv4(view.innerDstAddr),
      protocol: view.innerProtocol,
      srcPort: view.innerL4Offset >= 0 ? view.l4SrcPort : 0,
      dstPort: view.innerL4Offset >= 0 ? view.l4DstPort : 0,
    };
    const key = sessionKey(flow);
    const waiting = this.pending.get(key);
    if (waiting) {
      waiting.packets.push(frame);
      return;
    }
    if (this.deps.tracker.has(key)) {
      // Pinned meanwhile (a packet that raced its own insert): the re-injected packet hits the entry.
      this.packetOut(frame);
      return;
    }
    const rule = this.rules.get(flow.vni);
    if (!rule) {
      counters.drops++;
      return;
    }
    const remembered = this.unpinned.get(key);
    const backend = remembered !== undefined
      ? rule.backends.find(function same(b) { return b.nodeVtepIp === remembered; }) ?? undefined
      : rule.pinByFlowHash
        // A rule in migration: both owners must pick the same backend for a session neither has pinned yet.
        ? unpinnedBackend(rule, flow)
        : chooseBackend(rule, flow, {
          random: this.deps.random,
          roundRobin: this.roundRobin,
          activeSessions: (vni, ip) => this.deps.tracker.activeFor(vni, ip) + (this.inFlightLoad.get(`${vni}|${ip}`) ?? 0),
        });
    if (!backend) {
      counters.drops++;
      return;
    }
    const entry: SessionEntry = { ...flow, backendIp: backend.nodeVtepIp };
    if (this.deps.now() < this.fullUntil) {
      this.forwardUnpinned(rule, entry, key, [frame]);
      return;
    }
    this.pending.set(key, { entry, rule, packets: [frame] });
    this.bumpLoad(entry, 1);
    this.queue.push(key);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const keys = this.queue.splice(0, MAX_BATCH);
    const batch = keys.map((k) => this.pending.get(k)!);
    this.inFlight++;
    try {
      const updates = batch.map((p) => encodeUpdate(this.deps.helper, 'INSERT', sessionToEntry(p.entry, this.idleTimeoutNs)));
      const result = await this.deps.client.write(updates);
      const failed = new Map<number, number>();
      if (!result.ok) {
        if (result.errors.length === 0) {
          for (let i = 0; i < batch.length; i++) failed.set(i, result.code);
        }
        for (const e of result.errors) failed.set(e.index, e.canonicalCode);
      }
      let changed = false;
      for (let i = 0; i < batch.length; i++) {
        const p = batch[i];
        const key = keys[i];
        this.pending.delete(key);
        this.bumpLoad(p.entry, -1);
        const code = failed.get(i);
        if (code === undefined) {
          this.deps.tracker.add(p.entry);
          this.unpinned.delete(key);
          this.deps.counters.newSessions++;
          changed = true;
          for (const f of p.packets) this.packetOut(f);
        } else if (code === CODE_ALREADY_EXISTS) {
          for (const f of p.packets) this.packetOut(f);
        } else if (code === CODE_RESOURCE_EXHAUSTED) {
          this.fullUntil = this.deps.now() + FULL_BACKOFF_MS;
          this.forwardUnpinned(p.rule, p.entry, key, p.packets);
          changed = true;
        } else {
          this.deps.counters.drops += p.packets.length;
          if (!result.ok) this.deps.log(`session insert failed (code ${code}): ${result.message}`);
        }
      }
      if (changed) this.deps.onOccupancyChange();
    } catch (err) {
      for (let i = 0; i < batch.length; i++) {
        if (this.pending.delete(keys[i])) this.bumpLoad(batch[i].entry, -1);
        this.deps.counters.drops += batch[i].packets.length;
      }
      this.deps.log(`session insert batch failed: ${(err as Error).message}`);
    } finally {
      this.inFlight--;
      this.scheduleFlush();
    }
  }

  private bumpLoad(entry: SessionEntry, delta: number): void {
    const key = `${entry.vni}|${entry.backendIp}`;
    const next = (this.inFlightLoad.get(key) ?? 0) + delta;
    if (next <= 0) this.inFlightLoad.delete(key);
    else this.inFlightLoad.set(key, next);
  }

  /** Table full: rewrite toward a backend chosen by hashing the flow (same for every packet), mark serviced, re-inject. */
  private forwardUnpinned(rule: FullRuleEntry, entry: SessionEntry, key: string, packets: Uint8Array[]): void {
    const remembered = this.unpinned.get(key);
    const backendIp = remembered ?? unpinnedBackend(rule, entry)?.nodeVtepIp ?? entry.backendIp;
    if (remembered === undefined) {
      this.deps.counters.overflows++;
      if (this.deps.now() < this.fullUntil) queueMicrotask(this.deps.onOccupancyChange);
      if (this.unpinned.size >= UNPINNED_MEMORY) this.unpinned.delete(this.unpinned.keys().next().value!);
      this.unpinned.set(key, backendIp);
    }
    const view = createParsedFrame();
    for (const frame of packets) {
      if (parseFrameInto(frame, view) !== null) {
        this.deps.counters.drops++;
        continue;
      }
      setOuterDstAddr(frame, view, ipv4ToU32(backendIp));
      setVxlanReserved2(frame, view, PIGGYCAR_SERVICED);
      this.packetOut(frame);
    }
  }

  private packetOut(frame: Uint8Array): void {
    this.deps.client.sendPacketOut({ payload: frame, metadata: this.packetOutMeta });
    this.deps.counters.packetOuts++;
  }

  /** IdleTimeoutNotification: delete the idle sessions (the switch only notifies) and count them. */
  async handleIdle(notification: IdleTimeoutNotificationMsg): Promise<void> {
    const sessions: SessionEntry[] = [];
    for (const msg of notification.tableEntry) {
      try {
        const decoded = decodeTableEntry(this.deps.helper, msg);
        if (decoded.table === TABLES.session) sessions.push(entryToSession(decoded));
      } catch (err) {
        this.deps.log(`unreadable idle notification entry: ${(err as Error).message}`);
      }
    }
    if (sessions.length === 0) return;
    const updates = sessions.map((s) => encodeUpdate(this.deps.helper, 'DELETE', sessionToEntry(s)));
    const result = await this.deps.client.write(updates);
    const failed = new Set(result.ok ? [] : result.errors.filter((e) => e.canonicalCode !== 5).map((e) => e.index));
    if (!result.ok && result.errors.length === 0) {
      this.deps.log(`idle delete failed: ${result.message}`);
      return;
    }
    sessions.forEach((s, i) => {
      if (failed.has(i)) return;
      this.deps.tracker.remove(sessionKey(s));
      this.deps.counters.aged++;
    });
    this.fullUntil = 0;
    this.deps.onOccupancyChange();
  }
}
