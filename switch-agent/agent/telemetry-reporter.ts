import type { SessionBudget, SwitchPort } from '../../src/core/desired-state/types';
import type { TelemetryReport, TelemetryRuleSample } from '../../src/core/desired-state/telemetry-types';
import type { P4InfoHelper } from '../p4info/p4info-helper';
import type { P4RuntimeClient } from '../p4runtime/client-types';
import { decodeTableEntry, encodeReadTable } from '../p4runtime/encode';
import type { AgentCounters } from './agent-counters';
import type { ControlPlaneClient } from './control-plane';
import { linkSamples, type PortBytes } from './link-utilization';
import type { SessionTracker } from './session-tracker';
import { COUNTERS, KEYS, TABLES } from './table-names';
import { traceAgent } from './trace';

/** Threshold-triggered reports are sent at most this often. */
export const THRESHOLD_REPORT_MIN_GAP_MS = 100;

/** What the reporter reads from the agent at report time. */
export interface TelemetrySources {
  client: Pick<P4RuntimeClient, 'read'>;
  helper: P4InfoHelper;
  controlPlane: Pick<ControlPlaneClient, 'postTelemetry'>;
  tracker: SessionTracker;
  counters: AgentCounters;
  now: () => number;
  log: (message: string) => void;
  /** For trace lines (PIGGYCAR_TRACE=1). */
  switchName?: string;
  /** The applied desired state's version, hash, budget and ports (undefined before the first apply). */
  applied: () => { planVersion: number; hash: string; budget: SessionBudget; ports: SwitchPort[] } | undefined;
}

interface Baseline {
  at: number;
  counters: AgentCounters;
  vni: Map<number, { packets: bigint; bytes: bigint }>;
  /** port_tx_counter bytes per port at the last delivered report (undefined until one was read). */
  ports: PortBytes | undefined;
}

/**
 * Telemetry (paper §III-E inputs): every interval, and at once when tc_session_table occupancy crosses T_SRAM
 * or the table overflows, POSTs per-VNI x_r^ob (pinned sessions) and y_r^ob (function_offload_counter deltas),
 * m_n, misses, drops, overflows, aged, each port's link utilization ρ(e) (port_tx_counter deltas over B_max(e))
 * and the applied plan version. A report that cannot be delivered is not
 * lost: the next one covers the whole time since the last delivered report.
 *
 * @example
 * const reporter = new TelemetryReporter(sources); reporter.start(1000); ... reporter.stop();
 */
export class TelemetryReporter {
  private baseline: Baseline;
  private timer: ReturnType<typeof setInterval> | undefined;
  private sending = false;
  private lastAbove = false;
  private lastOverflows = 0;
  private lastThresholdAt = 0;
  private failing = false;
  /** A report was asked for while another was in flight (a threshold crossing, or a newly applied plan that the
   * control plane's migration waits for): send it right after, not at the next interval. */
  private due: TelemetryReport['reason'] | undefined;
  /** port_tx_counter's ID; null when the loaded program has no such counter (then no links are reported). */
  private portCounterId: number | null | undefined;
  /** The last port counter read failed (logged once, not every interval). */
  private portReadFailing = false;

  constructor(private readonly s: TelemetrySources) {
    this.baseline = { at: s.now(), counters: { ...s.counters }, vni: new Map(), ports: undefined };
  }

  start(intervalMs: number): void {
    void this.send('startup');
    this.timer = setInterval(() => void this.send('interval'), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Call when occupancy or overflows changed: reports at once on a T_SRAM crossing or a new overflow. */
  checkThreshold(): void {
    const applied = this.s.applied();
    if (!applied) return;
    const above = this.s.tracker.size > applied.budget.threshold;
    const overflowing = this.s.counters.overflows > this.lastOverflows;
    if (above === this.lastAbove && !overflowing) return;
    const now = this.s.now();
    if (now - this.lastThresholdAt < THRESHOLD_REPORT_MIN_GAP_MS) return;
    this.lastThresholdAt = now;
    this.lastAbove = above;
    this.lastOverflows = this.s.counters.overflows;
    void this.send('threshold');
  }

  /** Builds and posts one report. */
  async send(reason: TelemetryReport['reason']): Promise<void> {
    if (this.sending) {
      if (this.due !== 'threshold') this.due = reason;
      return;
    }
    this.sending = true;
    const t0 = Date.now();
    try {
      const [vni, ports] = await Promise.all([this.readVniCounters(), this.readPortCounters()]);
      const t1 = Date.now();
      // The counters as reported: whatever changes while the report is in flight goes into the next one.
      const now = this.s.now();
      const counters = { ...this.s.counters };
      const report = this.build(reason, now, counters, vni, ports);
      const error = await this.s.controlPlane.postTelemetry(report);
      traceAgent(this.s.switchName ?? '', 'telemetry-posted', { reason, plan: report.appliedPlanVersion, readMs: t1 - t0, postMs: Date.now() - t1, error });
      if (error === undefined) {
        this.baseline = { at: now, counters, vni: vni ?? this.baseline.vni, ports: ports ?? this.baseline.ports };
        if (this.failing) this.s.log('telemetry delivered again');
        this.failing = false;
      } else if (!this.failing) {
        this.failing = true;
        this.s.log(`telemetry not delivered (will keep trying): ${error}`);
      }
    } catch (err) {
      this.s.log(`telemetry failed: ${(err as Error).message}`);
    } finally {
      this.sending = false;
      const due = this.due;
      this.due = undefined;
      if (due !== undefined) void this.send(due);
    }
  }

  private async readVniCounters(): Promise<Map<number, { packets: bigint; bytes: bigint }> | undefined> {
    try {
      const entities = await this.s.client.read([encodeReadTable(this.s.helper, TABLES.offload, { counters: true })]);
      const out = new Map<number, { packets: bigint; bytes: bigint }>();
      for (const entity of entities) {
        if (!entity.tableEntry) continue;
        const e = decodeTableEntry(this.s.helper, entity.tableEntry);
        if (e.table !== TABLES.offload || e.isDefaultAction) continue;
        const v = Number(e.match[KEYS.vni] as number);
        out.set(v, { packets: e.counterData?.packetCount ?? 0n, bytes: e.counterData?.byteCount ?? 0n });
      }
      return out;
    } catch (err) {
      this.s.log(`counter read failed: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** Bytes sent per port of the applied desired state (port_tx_counter), or undefined when unknown. */
  private async readPortCounters(): Promise<PortBytes | undefined> {
    const ports = this.s.applied()?.ports ?? [];
    if (ports.length === 0) return undefined;
    if (this.portCounterId === undefined) {
      try {
        this.portCounterId = this.s.helper.counter(COUNTERS.portTx).preamble.id;
      } catch {
        this.portCounterId = null;
        this.s.log(`the loaded P4 program has no ${COUNTERS.portTx}: link utilization is not reported`);
      }
    }
    const counterId = this.portCounterId;
    if (counterId === null) return undefined;
    try {
      const entities = await this.s.client.read(ports.map(function cell(p) { return { counterEntry: { counterId, index: { index: String(p.port) } } }; }));
      const out = new Map<number, bigint>();
      for (const e of entities) {
        if (!e.counterEntry) continue;
        out.set(Number(e.counterEntry.index?.index ?? 0), BigInt(e.counterEntry.data?.byteCount ?? 0));
      }
      this.portReadFailing = false;
      return out;
    } catch (err) {
      if (!this.portReadFailing) this.s.log(`port counter read failed (links are left out until it works): ${(err as Error).message}`);
      this.portReadFailing = true;
      return undefined;
    }
  }

  private build(
    reason: TelemetryReport['reason'], now: number, c: AgentCounters, vni: Map<number, { packets: bigint; bytes: bigint }> | undefined,
    ports: PortBytes | undefined,
  ): TelemetryReport {
    const applied = this.s.applied();
    const intervalMs = Math.max(1, now - this.baseline.at);
    const b = this.baseline.counters;
    const vnis = new Set<number>([...(vni?.keys() ?? []), ...this.s.tracker.vniCounts().keys()]);
    const rules: TelemetryRuleSample[] = [];
    for (const v of [...vnis].sort((x, y) => x - y)) {
      const cur = vni?.get(v);
      const prev = this.baseline.vni.get(v);
      // A counter below its baseline means the entry was re-created (switch restart): count from zero.
      const packets = cur ? (prev && cur.packets >= prev.packets ? cur.packets - prev.packets : cur.packets) : 0n;
      const bytes = cur ? (prev && cur.bytes >= prev.bytes ? cur.bytes - prev.bytes : cur.bytes) : 0n;
      rules.push({
        vni: v,
        sessions: this.s.tracker.countFor(v),
        packets: Number(packets),
        bytes: Number(bytes),
        gbps: (Number(bytes) * 8) / (intervalMs * 1e6),
      });
    }
    return {
      appliedPlanVersion: applied ? applied.planVersion : null,
      ...(applied ? { appliedHash: applied.hash } : {}),
      intervalMs,
      reason,
      occupancy: this.s.tracker.size,
      capacity: applied?.budget.capacity ?? 0,
      misses: c.misses - b.misses,
      drops: c.drops - b.drops,
      overflows: c.overflows - b.overflows,
      aged: c.aged - b.aged,
      newSessions: c.newSessions - b.newSessions,
      rules,
      links: applied && ports ? linkSamples(applied.ports, this.baseline.ports, ports, intervalMs) : [],
    };
  }
}
