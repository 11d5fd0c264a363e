import type { FullRuleEntry } from '../../src/core/desired-state/types';
import { chooseBackend, unpinnedBackend, type BackendChoiceContext } from '../../src/core/reconcile/choose-backend';
import { sessionKey } from '../../src/core/reconcile/session-key';
import {
  PIGGYCAR_SERVICED, createParsedFrame, ipv4ToU32, parseFrameInto, setOuterDstAddr, setVxlanReserved2,
} from '../../src/core/packet';
import type { P4InfoHelper } from '../p4info/p4info-helper';
import type { P4RuntimeClient } from '../p4runtime/client-types';
import { copyBytes } from '../p4runtime/byte-pool';
import { encodePacketMetadata, packetMetadataNumber } from '../p4runtime/encode-packet-metadata';
import { SessionUpdateWriter, UPDATE_INSERT } from '../p4runtime/fast-session-write';
import type { IdleTimeoutNotificationMsg, PacketMetadataMsg, PacketMsg } from '../p4runtime/p4runtime-messages';
import type { AgentCounters } from './agent-counters';
import { ipv4Memo } from './ipv4-memo';
import { PendingSession, PendingSessions } from './pending-session';
import type { SessionTracker } from './session-tracker';
import { deleteIdleSessions } from './slow-path-aging';
import { sessionWriteLayout } from './table-model';
import { PACKET_IN, PACKET_OUT, REASON_SESSION_MISS } from './table-names';

/** Most session inserts in one Write. */
export const MAX_BATCH = 2048;
/** Write RPCs in flight at once (pipelining hides the round trip). */
export const MAX_IN_FLIGHT = 4;
/**
 * While a Write is in flight, another starts only once this many sessions wait: each Write costs both processes a
 * fixed gRPC overhead, so under load fewer, bigger batches serve more sessions; an idle slow path still writes at once.
 */
export const MIN_PIPELINED_BATCH = 256;
/** After RESOURCE_EXHAUSTED, new sessions go unpinned without trying to insert for this long (or until one ages out). */
export const FULL_BACKOFF_MS = 100;
/** Flows remembered after being forwarded unpinned, so a later pin keeps their backend. */
const UNPINNED_MEMORY = 65_536;

const CODE_ALREADY_EXISTS = 6;
const CODE_RESOURCE_EXHAUSTED = 8;

/** What the slow path needs from the agent. */
export interface SlowPathDeps {
  client: Pick<P4RuntimeClient, 'write' | 'writeEncoded' | 'sendPacketOut'>;
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
  private readonly pending = new PendingSessions();
  private queue: PendingSession[] = [];
  private inFlight = 0;
  /** Write RPCs sent and session inserts they carried (diagnostics: the mean batch size). */
  private writes = 0;
  private written = 0;
  private flushScheduled = false;
  private fullUntil = 0;
  /** sessionKey → backend node of flows forwarded unpinned (empty unless the table filled up). */
  private readonly unpinned = new Map<string, string>();
  private readonly roundRobin = new Map<number, number[]>();
  /** Sessions chosen but not yet written, per `vni|backend`: LEAST_REQUEST must see them, or a burst all lands on one side. */
  private readonly inFlightLoad = new Map<string, number>();
  private readonly view = createParsedFrame();
  private readonly packetOutMeta: PacketMetadataMsg[];
  private readonly missReason: number;
  /** packet_in metadata id of `reason`. */
  private readonly reasonId: number;
  private readonly writer: SessionUpdateWriter;
  private idleTimeoutNsNumber = 10_000_000_000;
  /** node VTEP IPv4 text → u32 (backends are few; parsing each time is not needed). */
  private readonly u32Of = ipv4Memo();

  /** The backend-choice context (one object for every choice: randomness, round-robin state, LEAST_REQUEST load). */
  private readonly choice: BackendChoiceContext;

  constructor(private readonly deps: SlowPathDeps) {
    this.choice = {
      random: deps.random,
      roundRobin: this.roundRobin,
      activeSessions: (vni, ip) => deps.tracker.activeFor(vni, ip) + (this.inFlightLoad.get(`${vni}|${ip}`) ?? 0),
    };
    // Frozen: the stream codec then encodes this constant header once (../p4runtime/fast-stream-codec).
    this.packetOutMeta = Object.freeze(encodePacketMetadata(deps.helper, PACKET_OUT, { egress_port: 0 })) as PacketMetadataMsg[];
    this.missReason = REASON_SESSION_MISS;
    this.reasonId = deps.helper.controllerMetadataField(PACKET_IN, 'reason').id;
    this.writer = new SessionUpdateWriter(sessionWriteLayout(deps.helper));
  }

  /** Slow-path queue state, for diagnostics. */
  stats(): { pending: number; queued: number; inFlight: number; writes: number; written: number } {
    return { pending: this.pending.size, queued: this.queue.length, inFlight: this.inFlight, writes: this.writes, written: this.written };
  }

  /** Install the full_rule_table (VNI → weighted backends) and the session idle timeout. */
  setRules(rules: readonly FullRuleEntry[], idleTimeoutMs: number): void {
    this.rules = new Map(rules.map(function byVni(r) { return [r.vni, r] as const; }));
    this.idleTimeoutNs = BigInt(Math.max(1, Math.round(idleTimeoutMs))) * 1_000_000n;
    this.idleTimeoutNsNumber = Number(this.idleTimeoutNs);
  }

  /**
   * Resolves once every session pending now (chosen, not yet written) has been written or given up. A migration's
   * export waits for it: a session chosen before the rule switched to flow-hash pinning must be in the tracker
   * when the tracker's sessions are sent.
   */
  whenFlushed(): Promise<void> {
    return this.pending.whenSettled();
  }

  /** The full rule of a VNI owned here. */
  ruleFor(vni: number): FullRuleEntry | undefined {
    return this.rules.get(vni);
  }

  /** One packet_in from the switch. */
  handlePacketIn(packet: PacketMsg): void {
    const { counters } = this.deps;
    if (packetMetadataNumber(packet, this.reasonId) !== this.missReason) {
      counters.drops++;
      return;
    }
    counters.misses++;
    // A pooled copy: the frame outlives the stream's receive buffer while its insert is in flight.
    const frame = copyBytes(packet.payload);
    const view = this.view;
    if (parseFrameInto(frame, view) !== null || view.kind !== 'vxlan' || view.innerIpv4Offset < 0) {
      counters.drops++;
      return;
    }
    // One object is the flow, the pending write and (with lazily built address texts) the SessionEntry.
    const flow = new PendingSession(
      view.vni, view.innerSrcAddr, view.innerDstAddr, view.innerProtocol,
      view.innerL4Offset >= 0 ? view.l4SrcPort : 0, view.innerL4Offset >= 0 ? view.l4DstPort : 0, frame,
    );
    const waiting = this.pending.find(flow);
    if (waiting) {
      waiting.packets.push(frame);
      return;
    }
    if (this.deps.tracker.hasFlow(flow)) {
      // Pinned meanwhile (a packet that raced its own insert): the re-injected packet hits the entry.
      this.packetOut(frame);
      return;
    }
    const rule = this.rules.get(flow.vni);
    if (!rule) {
      counters.drops++;
      return;
    }
    const remembered = this.unpinned.size > 0 ? this.unpinned.get(sessionKey(flow)) : undefined;
    const backend = remembered !== undefined
      ? rule.backends.find(function same(b) { return b.nodeVtepIp === remembered; }) ?? undefined
      : rule.pinByFlowHash
        // A rule in migration: both owners must pick the same backend for a session neither has pinned yet.
        ? unpinnedBackend(rule, flow)
        : chooseBackend(rule, flow, this.choice);
    if (!backend) {
      counters.drops++;
      return;
    }
    flow.rule = rule;
    flow.backendIp = backend.nodeVtepIp;
    flow.nodeIp = this.u32Of(backend.nodeVtepIp);
    if (this.deps.now() < this.fullUntil) {
      this.forwardUnpinned(rule, flow, flow.packets);
      return;
    }
    flow.loaded = rule.lbPolicy.kind === 'LEAST_REQUEST';
    this.pending.add(flow);
    if (flow.loaded) this.bumpLoad(flow, 1);
    this.queue.push(flow);
    this.scheduleFlush();
  }

  private canFlush(): boolean {
    if (this.queue.length === 0 || this.inFlight >= MAX_IN_FLIGHT) return false;
    return this.inFlight === 0 || this.queue.length >= MIN_PIPELINED_BATCH;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || !this.canFlush()) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      while (this.canFlush()) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, MAX_BATCH);
    this.inFlight++;
    this.writes++;
    this.written += batch.length;
    try {
      const writer = this.writer;
      for (let i = 0; i < batch.length; i++) writer.add(UPDATE_INSERT, batch[i], this.idleTimeoutNsNumber);
      const result = await this.deps.client.writeEncoded(writer.finish());
      const failed = new Map<number, number>();
      if (!result.ok) {
        if (result.errors.length === 0) {
          for (let i = 0; i < batch.length; i++) failed.set(i, result.code);
          this.deps.tracker.markUncertain();
        }
        for (const e of result.errors) failed.set(e.index, e.canonicalCode);
      }
      let changed = false;
      for (let i = 0; i < batch.length; i++) {
        const p = batch[i];
        this.pending.remove(p);
        if (p.loaded) this.bumpLoad(p, -1);
        const code = failed.get(i);
        if (code === undefined) {
          this.deps.tracker.pin(p);
          if (this.unpinned.size > 0) this.unpinned.delete(sessionKey(p));
          this.deps.counters.newSessions++;
          changed = true;
          for (const f of p.packets) this.packetOut(f);
        } else if (code === CODE_ALREADY_EXISTS) {
          for (const f of p.packets) this.packetOut(f);
        } else if (code === CODE_RESOURCE_EXHAUSTED) {
          this.fullUntil = this.deps.now() + FULL_BACKOFF_MS;
          this.forwardUnpinned(p.rule!, p, p.packets);
          changed = true;
        } else {
          this.deps.counters.drops += p.packets.length;
          if (!result.ok) this.deps.log(`session insert failed (code ${code}): ${result.message}`);
        }
      }
      if (changed) this.deps.onOccupancyChange();
    } catch (err) {
      this.writer.finish(); // drop a half-written batch
      this.deps.tracker.markUncertain(); // the batch may have landed
      for (let i = 0; i < batch.length; i++) {
        if (this.pending.remove(batch[i]) && batch[i].loaded) this.bumpLoad(batch[i], -1);
        this.deps.counters.drops += batch[i].packets.length;
      }
      this.deps.log(`session insert batch failed: ${(err as Error).message}`);
    } finally {
      this.inFlight--;
      this.pending.settled(batch);
      this.scheduleFlush();
    }
  }

  private bumpLoad(entry: PendingSession, delta: number): void {
    const key = `${entry.vni}|${entry.backendIp}`;
    const next = (this.inFlightLoad.get(key) ?? 0) + delta;
    if (next <= 0) this.inFlightLoad.delete(key);
    else this.inFlightLoad.set(key, next);
  }

  /** Table full: rewrite toward a backend chosen by hashing the flow (same for every packet), mark serviced, re-inject. */
  private forwardUnpinned(rule: FullRuleEntry, entry: PendingSession, packets: Uint8Array[]): void {
    const key = sessionKey(entry);
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

  /** IdleTimeoutNotification: delete the idle sessions (the switch only notifies) and count them (./slow-path-aging). */
  async handleIdle(notification: IdleTimeoutNotificationMsg): Promise<void> {
    if (!(await deleteIdleSessions(this.deps, notification))) return;
    this.fullUntil = 0;
    this.deps.onOccupancyChange();
  }
}
