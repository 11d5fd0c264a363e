import type { FullRuleEntry, SwitchDesiredState } from '../../src/core/desired-state/types';
import { P4InfoHelper } from '../p4info/p4info-helper';
import type { P4Info } from '../p4info/p4info-types';
import type { P4RuntimeClient } from '../p4runtime/client-types';
import { newAgentCounters, type AgentCounters } from './agent-counters';
import type { AgentOptions } from './args';
import { Backoff, sleep } from './backoff';
import { ControlPlaneClient } from './control-plane';
import { readTables, reconcileSwitch, tablesAfter, type SmallTables } from './reconciler';
import { SessionTracker } from './session-tracker';
import { SlowPath } from './slow-path';
import { MigrationSessions } from './migration-sessions';
import { loadState, saveState } from './state-file';
import { connectSwitch } from './switch-session';
import { TelemetryReporter } from './telemetry-reporter';
import { traceAgent } from './trace';

/** What an agent is built from (the CLI passes real ones; tests may pass their own clock or randomness). */
export interface AgentDeps {
  options: AgentOptions;
  p4info: P4Info;
  deviceConfig: Uint8Array;
  createClient: () => P4RuntimeClient;
  random: () => number;
  now: () => number;
  log: (message: string) => void;
}

/**
 * How an apply learns what the switch holds: `fresh` right after (re)connecting (full read-back; the slow path
 * waits for it), `full` on the periodic resync and after a failed reconcile (full read-back, repairs drift),
 * `quick` on a new desired state (tc_session_table from the SessionTracker, the two small tables as the last
 * successful reconcile left them: no read-back; the writes stay idempotent).
 */
type ApplyMode = 'fresh' | 'full' | 'quick';

interface Applied {
  planVersion: number;
  hash: string;
  state: SwitchDesiredState;
}

/**
 * The switch agent (paper §III-C ④, §IV "Programmable switch"): keeps one switch at the control plane's desired
 * state and serves its slow path.
 * - desired state: long-polls `GET /v1/agents/{switch}/desired-state` with If-None-Match; saves it to disk;
 * - reconcile: P4Runtime primary, pipeline pushed when the switch has none, tables read back and only the
 *   difference written; valid sessions never touched; after a switch restart everything is written again;
 * - slow path, aging and telemetry: see SlowPath and TelemetryReporter;
 * - fail-static: without the control plane the switch keeps its tables and the agent keeps serving misses
 *   from its last state, retrying with jittered backoff; nothing is flushed because the control plane is away.
 *
 * @example
 * const agent = new Agent(deps); await agent.start(); ... await agent.stop();
 */
export class Agent {
  readonly counters: AgentCounters = newAgentCounters();
  readonly tracker = new SessionTracker();
  private readonly helper: P4InfoHelper;
  private readonly controlPlane: ControlPlaneClient;
  private readonly stopping = new AbortController();
  private client: P4RuntimeClient | undefined;
  private slow: SlowPath | undefined;
  private reporter: TelemetryReporter | undefined;
  private desired: { etag: string; state: SwitchDesiredState } | undefined;
  private applied: Applied | undefined;
  private applying: Promise<void> = Promise.resolve();
  private connected = false;
  /** The tracker holds a full read-back of this switch session (quick applies may trust it). */
  private sessionsKnown = false;
  /** ipv4_route and function_offload_table after the last successful reconcile (undefined after a failure). */
  private tables: SmallTables | undefined;
  private loops: Promise<void>[] = [];
  /** The save of the newest desired state to the state file (chained: one write at a time). */
  private saving: Promise<void> = Promise.resolve();
  private readonly migrations: MigrationSessions;

  constructor(private readonly deps: AgentDeps) {
    this.helper = new P4InfoHelper(deps.p4info);
    const o = deps.options;
    this.controlPlane = new ControlPlaneClient({ baseUrl: o.controlPlane, switchName: o.switchName, token: o.token, ...(o.fabric ? { fabric: o.fabric } : {}) });
    this.migrations = new MigrationSessions({
      client: () => this.client, helper: this.helper, tracker: this.tracker, controlPlane: this.controlPlane,
      random: deps.random, log: deps.log, signal: this.stopping.signal, flushed: () => this.slow?.whenFlushed() ?? Promise.resolve(),
    });
  }

  /** The plan version applied to the switch (undefined before the first apply). */
  get appliedPlanVersion(): number | undefined {
    return this.applied?.planVersion;
  }

  /** Starts the loops; resolves once they run (not when the switch is reachable). */
  async start(): Promise<void> {
    const o = this.deps.options;
    if (o.stateFile) {
      const saved = await loadState(o.stateFile);
      if (saved && saved.state.switch === o.switchName) {
        this.desired = saved;
        this.deps.log(`loaded last desired state (plan ${saved.state.planVersion}) from ${o.stateFile}`);
      }
    }
    this.loops.push(this.switchLoop(), this.desiredStateLoop(), this.resyncLoop());
  }

  /** Stops polling and reporting and closes the P4Runtime session; the switch keeps its tables. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.reporter?.stop();
    this.client?.close();
    // A connect attempt may hang until its own timeout; do not hold the process for it.
    await Promise.race([Promise.allSettled([...this.loops, this.applying]), sleep(1000)]);
  }

  /** Connects (and reconnects) to the switch as primary and keeps the session up. */
  private async switchLoop(): Promise<void> {
    const backoff = new Backoff({ baseMs: 200, maxMs: 5_000, random: this.deps.random });
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const client = this.deps.createClient();
      const log = this.deps.log;
      const lost = new Promise<string>(function wait(resolve) {
        client.onStreamError(function ended(e) {
          // A StreamError about one packet_out (bad argument, no pipeline) leaves the session usable.
          if (e && !SESSION_ENDING_CODES.has(e.code)) return log(`switch stream error ${e.code}: ${e.message}`);
          resolve(e ? `stream error ${e.code}: ${e.message}` : 'stream ended');
        });
      });
      try {
        await connectSwitch(client, this.deps.options, this.deps.p4info, this.deps.deviceConfig, this.deps.log);
      } catch (err) {
        client.close();
        if (backoff.failures === 0) this.deps.log(`switch ${this.deps.options.target} not reachable as primary: ${(err as Error).message}; retrying`);
        await sleep(backoff.next(), signal);
        continue;
      }
      backoff.reset();
      this.client = client;
      this.sessionsKnown = false;
      this.tables = undefined;
      this.attach(client);
      this.connected = true;
      this.deps.log(`primary on ${this.deps.options.target}`);
      if (this.desired) this.scheduleApply('fresh');
      else this.scheduleObserve();
      const reason = await Promise.race([lost, new Promise<string>((resolve) => signal.addEventListener('abort', () => resolve('stopping'), { once: true }))]);
      this.connected = false;
      this.reporter?.stop();
      client.close();
      if (signal.aborted) return;
      this.deps.log(`switch session lost (${reason}); reconnecting`);
      await sleep(backoff.next(), signal);
    }
  }

  private attach(client: P4RuntimeClient): void {
    const slow = new SlowPath({
      client,
      helper: this.helper,
      tracker: this.tracker,
      counters: this.counters,
      random: this.deps.random,
      now: this.deps.now,
      log: this.deps.log,
      onOccupancyChange: () => this.reporter?.checkThreshold(),
    });
    this.slow = slow;
    if (process.env.PIGGYCAR_AGENT_DEBUG === '1') {
      const timer = setInterval(() => this.deps.log(`debug ${JSON.stringify({ ...slow.stats(), ...this.counters, tracked: this.tracker.size })}`), 500);
      timer.unref();
    }
    client.onPacketIn(function packetIn(p) { slow.handlePacketIn(p); });
    const log = this.deps.log;
    client.onIdleTimeout(function idle(n) { slow.handleIdle(n).catch((err: Error) => log(`aging failed: ${err.message}`)); });
    this.reporter?.stop();
    this.reporter = new TelemetryReporter({
      client,
      helper: this.helper,
      controlPlane: this.controlPlane,
      tracker: this.tracker,
      counters: this.counters,
      now: this.deps.now,
      log: this.deps.log,
      switchName: this.deps.options.switchName,
      applied: () => this.applied && {
        planVersion: this.applied.planVersion, hash: this.applied.hash,
        budget: this.applied.state.sessionBudget, ports: this.applied.state.ports,
      },
    });
    this.reporter.start(this.deps.options.telemetryIntervalMs);
  }

  /** No desired state yet: only learn the sessions already on the switch (telemetry); write nothing. */
  private scheduleObserve(): void {
    this.applying = this.applying.then(async () => {
      if (!this.client || this.desired) return;
      this.tracker.startRecording();
      const observed = await readTables(this.client, this.helper);
      this.tracker.replaceAll(observed.sessions);
      this.sessionsKnown = true;
    }).catch((err: Error) => this.deps.log(`reading the switch failed: ${err.message}`));
  }

  /** Serialises applies (see ApplyMode). */
  private scheduleApply(mode: ApplyMode, saved?: Promise<void>): void {
    this.applying = this.applying.then(() => this.apply(mode, saved)).catch((err: Error) => {
      this.tables = undefined;
      this.deps.log(`reconcile failed (switch keeps its tables; will retry): ${err.message}`);
      if (!this.stopping.signal.aborted) setTimeout(() => { if (this.connected) this.scheduleApply('full'); }, 1000 + 1000 * this.deps.random());
    });
  }

  private async apply(mode: ApplyMode, saved?: Promise<void>): Promise<void> {
    const fresh = mode === 'fresh';
    const client = this.client;
    const slow = this.slow;
    const target = this.desired;
    if (!client || !slow || !target || !this.connected) return;
    const state = target.state;
    traceAgent(this.deps.options.switchName, 'apply-start', { plan: state.planVersion, mode });
    // Make before break: the slow path knows rules this switch is about to own before the offload entry
    // points here, and forgets the ones it loses only after the reconcile.
    const before = this.applied && !fresh ? this.applied.state.fullRuleTable : [];
    const name = this.deps.options.switchName;
    const t0 = Date.now();
    slow.setRules(union(before, state.fullRuleTable), state.sessionBudget.idleTimeoutMs);
    // Copied sessions go in before the reconcile can make this switch the rule's local owner (they join the tracker).
    await this.migrations.beforeApply(state);
    let outcome;
    // A tracker that may miss sessions (a write of unknown outcome) must not stand in for the table: an old
    // owner's export sends the tracker's sessions, and one left out could change backend on the move.
    if (mode === 'quick' && this.sessionsKnown && this.tracker.complete && this.deps.options.readBack !== 'always') {
      // The tracker follows every pin, import, aging and delete, so it stands in for reading back every session
      // (the bulk of a read-back), and the two small tables are as the last reconcile left them: a new plan is
      // written without a read. Drift behind the agent's back is repaired by the next full read-back.
      outcome = await reconcileSwitch(client, this.helper, state, { sessions: this.tracker.all(), tables: this.tables, beforeWrites: saved });
      for (const s of outcome.removedSessions) this.tracker.remove(s);
    } else {
      this.tracker.startRecording();
      outcome = await reconcileSwitch(client, this.helper, state, { beforeWrites: saved });
      this.tracker.replaceAll(outcome.sessions);
      this.sessionsKnown = true;
    }
    this.tables = tablesAfter(state);
    slow.setRules(state.fullRuleTable, state.sessionBudget.idleTimeoutMs);
    const t1 = Date.now();
    // `applied` moves on only after the imports above: the control plane reads "applied the copy plan" as
    // "holds the copied sessions".
    this.migrations.afterApply(state);
    traceAgent(name, 'applied', { plan: state.planVersion, mode, reconcileMs: t1 - t0, afterApplyMs: Date.now() - t1, ...outcome.timings, written: outcome.written, sessions: outcome.sessions.length });
    const changed = this.applied?.hash !== stripQuotes(target.etag);
    this.applied = { planVersion: state.planVersion, hash: stripQuotes(target.etag), state };
    if (changed || outcome.written > 0) {
      this.deps.log(`applied plan ${state.planVersion}: ${outcome.written} writes, ${outcome.plan.keptSessions} sessions kept, ${outcome.plan.staleSessions} stale removed`);
    }
    if (changed) void this.reporter?.send('interval');
  }

  /** Long-polls the desired state; on change saves it and reconciles. Fail-static on errors. */
  private async desiredStateLoop(): Promise<void> {
    const o = this.deps.options;
    const backoff = new Backoff({ baseMs: 250, maxMs: 15_000, random: this.deps.random });
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const result = await this.controlPlane.pollDesiredState(this.desired?.etag, o.waitSeconds, signal);
      if (signal.aborted) return;
      if (result.kind === 'error') {
        if (backoff.failures === 0) this.deps.log(`control plane unreachable, keeping the switch as it is (fail-static): ${result.message}`);
        await sleep(backoff.next(), signal);
        continue;
      }
      if (backoff.failures > 0) this.deps.log('control plane reachable again');
      backoff.reset();
      if (result.kind === 'unchanged') {
        if (o.waitSeconds === 0) await sleep(1000, signal);
        continue;
      }
      this.desired = { etag: result.etag, state: result.state };
      traceAgent(o.switchName, 'poll-changed', { plan: result.state.planVersion });
      // Saved while the apply reads the switch; it writes only once the file holds this state.
      const file = o.stateFile, toSave = this.desired, log = this.deps.log;
      if (file) this.saving = this.saving.then(() => saveState(file, toSave)).catch((err: Error) => log(`could not save state: ${err.message}`));
      this.scheduleApply('quick', file ? this.saving : undefined);
    }
  }

  /** Periodic full read-back to repair drift (entries changed behind the agent's back). */
  private async resyncLoop(): Promise<void> {
    const every = this.deps.options.resyncIntervalMs;
    if (every <= 0) return;
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      await sleep(every, signal);
      if (!signal.aborted && this.connected && this.desired) this.scheduleApply('full');
    }
  }
}

/** gRPC codes after which the stream (or primary role) is gone: CANCELLED, UNKNOWN, DEADLINE_EXCEEDED, PERMISSION_DENIED, INTERNAL, UNAVAILABLE. */
const SESSION_ENDING_CODES = new Set([1, 2, 4, 7, 13, 14]);

function union(a: readonly FullRuleEntry[], b: readonly FullRuleEntry[]): FullRuleEntry[] {
  const byVni = new Map<number, FullRuleEntry>();
  for (const r of a) byVni.set(r.vni, r);
  for (const r of b) byVni.set(r.vni, r);
  return [...byVni.values()];
}

function stripQuotes(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}
