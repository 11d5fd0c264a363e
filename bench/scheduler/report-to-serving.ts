/**
 * `npm run bench:scheduler -- --case report-to-serving [--json] [--runs N] [--baseline]` (or `npm run bench:scheduler-e2e`):
 * issue 7's second target, measured on the real thing — the Node control plane, the testbed's 4 software
 * switches and 4 agents as processes on loopback with 1 s telemetry (the harness of test/e2e/migration.test.ts).
 * Each run starts a fresh fabric, lowers the reviews rule owner's T_SRAM, pushes sessions past it and keeps
 * opening one new probe session every PROBE_GAP_MS. The figure is the time from the arrival of the telemetry
 * report that crossed the threshold at the control plane (the migration's `timings.reportAt`) to the arrival at
 * a backend of the first probe session that the new owner served (pinned in the new owner's tc_session_table,
 * read back over P4Runtime; probes opened before the session copy are excluded, so an imported copy never
 * counts). Also: how many of the pushed sessions changed backend (must be 0), and each round's share
 * (`roundsMs`: decide = report → prepare plan, prepare → copy, copy → switch, switch → served).
 * `--baseline` interleaves as many runs with the agents reading every session back on every apply
 * (`--read-back always`, the behaviour before the tracker stood in for it), so both see the same load.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { FabricSwitch } from '../../src/core/fabric/types';
import type { Rule } from '../../src/core/rules/types';
import { apiClient } from '../../scripts/lib/control-plane-process';
import { startDemoFabric, type DemoFabric } from '../../scripts/lib/demo-fabric';
import { runRuleTraffic } from '../../scripts/lib/demo-traffic';
import { REPO_ROOT } from '../../scripts/lib/loopback-fabric';
import { ProcessGroup } from '../../scripts/lib/process-group';
import { ServerSockets, type TrafficSession } from '../../scripts/lib/vxlan-traffic';
import { loadP4InfoFile } from '../../switch-agent/p4info/load-p4info';
import { P4InfoHelper } from '../../switch-agent/p4info/p4info-helper';
import { createP4RuntimeClient } from '../../switch-agent/p4runtime/client';
import { readTables } from '../../switch-agent/agent/reconciler';

/** Sessions pushed onto the owner (past SMALL_THRESHOLD). */
const SESSIONS = 300;
/** The owner's lowered T_SRAM. */
const SMALL_THRESHOLD = 200;
/** One new probe session this often (ms): the resolution of the figure. */
const PROBE_GAP_MS = 10;
const PROBE_FIRST_PORT = 50_000;
const TELEMETRY_INTERVAL_MS = 1000;

interface MigrationJson {
  id: string;
  status: string;
  step: string | null;
  moves: { ruleId: string; from: string; to: string }[];
  timings: { createdAt: number; reportAt?: number; decisionMs?: number; steps?: Record<string, number> };
  plans: Record<string, { id: string; version: number }>;
}

/** One run's outcome. */
export interface RunOutcome {
  reportToServingMs: number;
  /** ms after the report: decided (prepare), copy, switch, settle began. */
  steps: Record<string, number>;
  decisionMs: number;
  /** ms after the report when each switch's telemetry first said it applied each phase plan (`copy@access3`). */
  appliedMs: Record<string, number>;
  brokenSessions: number;
  /** Probe sessions (one packet each, opened before, during and after the move) whose packet reached no backend. */
  probesLost: number;
  /** Per round (ms): decide, prepare, copy, switch (see the file comment). */
  roundsMs: Record<string, number>;
  from: string;
  to: string;
  rules: number;
}

function percentile(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One fresh fabric, one migration, one figure. */
async function oneRun(run: number, log: (line: string) => void, readBack?: 'always'): Promise<RunOutcome> {
  // PIGGYCAR_BENCH_ECHO=1: every process's log lines on stderr, stamped (to see where the time goes).
  const group = new ProcessGroup({ cwd: REPO_ROOT, ...(process.env.PIGGYCAR_BENCH_ECHO === '1' ? { echo: (name: string, line: string) => process.stderr.write(`${Date.now()} [${name}] ${line}\n`) } : {}) });
  const dir = mkdtempSync(path.join(tmpdir(), 'piggycar-bench-mig-'));
  let sockets: ServerSockets | undefined;
  let probing = false;
  // The agents inherit the environment (ProcessGroup); the variable is read by their argument parser.
  if (readBack) process.env.PIGGYCAR_AGENT_READ_BACK = readBack;
  else delete process.env.PIGGYCAR_AGENT_READ_BACK;
  try {
    const demo: DemoFabric = await startDemoFabric(group, {
      dbFile: path.join(dir, 'piggycar.db'), port: 0, octet: 150 + ((process.pid + run) % 50), agentRuntime: 'bundle',
      stateDir: dir, telemetryIntervalMs: TELEMETRY_INTERVAL_MS, seed: 7 + run, log: () => undefined,
    });
    const api = apiClient(demo.controlPlane.url, demo.controlPlane.adminToken);
    const rules = ((await api('GET', '/v1/fabrics/testbed/rules')).json as { rules: Rule[] }).rules;
    const reviews = rules.find((r) => r.source.name === 'reviews')!;
    const plans = (await api('GET', '/v1/fabrics/testbed/plans')).json as { plans: { id: string; status: string }[] };
    const ready = plans.plans.find((p) => p.status === 'ready')!;
    const planJson = (await api('GET', `/v1/fabrics/testbed/plans/${ready.id}?limit=1000`)).json as { assignments: { rule: string; owner: string }[] };
    const owner = planJson.assignments.find((a) => a.rule === reviews.id)!.owner;
    const sw = (await api('GET', `/v1/fabrics/testbed/switches/${owner}`)).json as FabricSwitch;
    const put = await api('PUT', `/v1/fabrics/testbed/switches/${owner}`, { json: { ...sw, sramThreshold: SMALL_THRESHOLD } });
    if (put.status !== 200) throw new Error(`lowering T_SRAM failed: ${put.status} ${put.text}`);
    await sleep(1500); // the owner's agent applies the new budget (so it reports the crossing at once)
    sockets = await ServerSockets.open(demo.layout, demo.fabric.servers.map((s) => s.name));
    const s = sockets;

    // Probes: one new single-packet session every PROBE_GAP_MS from the rule's first requester.
    const requester = reviews.requesters.find((q) => demo.fabric.servers.some((x) => x.name === q.server))!;
    const server = demo.fabric.servers.find((x) => x.name === requester.server)!;
    const access = demo.fabric.switches.find((x) => x.name === server.accessSwitch)!;
    const via = { vtepIp: server.vtepIp, accessIp: access.vtepIp, access: demo.layout.get(access.name)! };
    const sentAt = new Map<number, number>();
    const arrivedAt = new Map<number, number>();
    const probeIp = requester.ip;
    s.onPacket = function arrival() {
      const key = s.lastKey;
      if (!key) return;
      const [ip, port] = key.split('|');
      const p = Number(port);
      if (ip === probeIp && p >= PROBE_FIRST_PORT && !arrivedAt.has(p)) arrivedAt.set(p, Date.now());
    };
    probing = true;
    const probeLoop = (async function probe() {
      for (let port = PROBE_FIRST_PORT; probing && port < 65_000; port++) {
        const session: TrafficSession = { vni: reviews.vni, srcIp: probeIp, dstIp: `10.96.${(reviews.vni >> 8) & 255}.${reviews.vni & 255}`, srcPort: port, dstPort: 9080 };
        sentAt.set(port, Date.now());
        s.send(server.name, via, session, 0);
        await sleep(PROBE_GAP_MS);
      }
    })();

    const traffic = (firstPort: number) => runRuleTraffic({ rules: [reviews], fabric: demo.fabric, layout: demo.layout, sessions: SESSIONS, packetsPerSession: 1, sockets: s, firstPort }).then((r) => r[0]);
    await traffic(20_000);
    // Wait until the switch step is over (every live switch points at the new owner), keeping the sessions alive.
    let mig: MigrationJson | undefined;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const list = ((await api('GET', '/v1/fabrics/testbed/migrations')).json as { migrations: MigrationJson[] }).migrations;
      mig = list.find((m) => m.moves.some((mv) => mv.ruleId === reviews.id) && (m.status === 'done' || m.step === 'settle' || m.step === 'drain'));
      const failed = list.find((m) => m.status === 'failed');
      if (failed) throw new Error(`migration failed: ${JSON.stringify(failed)}`);
      if (mig) break;
      if (Date.now() > deadline) throw new Error(`no migration reached settle within 60 s: ${JSON.stringify(list)}`);
      await sleep(100);
    }
    await sleep(300);
    probing = false;
    await probeLoop;
    const after = await traffic(20_000);
    await sleep(200);

    const move = mig.moves.find((mv) => mv.ruleId === reviews.id)!;
    const client = createP4RuntimeClient();
    let onNewOwner: Set<number>;
    try {
      await client.connect(demo.switches.get(move.to)!.grpcTarget);
      await client.becomePrimary(1, 1); // a backup (the agent's election id is higher): enough to read
      const observed = await readTables(client, new P4InfoHelper(await loadP4InfoFile()));
      onNewOwner = new Set(observed.sessions.filter((x) => x.vni === reviews.vni && x.srcIp === probeIp && x.srcPort >= PROBE_FIRST_PORT).map((x) => x.srcPort));
    } finally {
      client.close();
    }
    const reportAt = mig.timings.reportAt ?? mig.timings.createdAt;
    const copyAt = mig.timings.steps?.copy ?? reportAt;
    let servedAt = Number.POSITIVE_INFINITY;
    for (const port of onNewOwner) {
      const sent = sentAt.get(port), arrived = arrivedAt.get(port);
      if (sent !== undefined && arrived !== undefined && sent >= copyAt && arrived < servedAt) servedAt = arrived;
    }
    if (!Number.isFinite(servedAt)) throw new Error(`no probe served by ${move.to} (${onNewOwner.size} probe sessions there)`);
    if (process.env.PIGGYCAR_TRACE === '1') {
      // Which probes around the first one served by the new owner went where (ms after the report).
      const firstServed = [...onNewOwner].filter((p) => (sentAt.get(p) ?? -1) >= copyAt).sort((a, b) => a - b)[0];
      const around = [...sentAt.keys()].filter((p) => p >= firstServed - 5 && p <= firstServed + 2).map((p) => ({
        port: p, sent: sentAt.get(p)! - reportAt, arrived: arrivedAt.has(p) ? arrivedAt.get(p)! - reportAt : null, newOwner: onNewOwner.has(p),
      }));
      log(`probes around the first served by ${move.to}: ${JSON.stringify(around)}`);
    }
    const appliedMs: Record<string, number> = {};
    for (const name of demo.switches.keys()) {
      const t = (await api('GET', `/v1/fabrics/testbed/telemetry/switches/${name}?sinceMs=120000&limit=1000`)).json as {
        samples: { receivedAt: number; appliedPlanVersion: number | null }[];
      };
      for (const [phase, plan] of Object.entries(mig.plans ?? {})) {
        const first = t.samples.filter((x) => (x.appliedPlanVersion ?? -1) >= plan.version).reduce((m, x) => Math.min(m, x.receivedAt), Number.POSITIVE_INFINITY);
        if (Number.isFinite(first)) appliedMs[`${phase}@${name}`] = first - reportAt;
      }
    }
    const steps: Record<string, number> = {};
    for (const [k, v] of Object.entries(mig.timings.steps ?? {})) steps[k] = v - reportAt;
    const roundsMs = {
      decide: steps.prepare ?? 0, prepare: (steps.copy ?? 0) - (steps.prepare ?? 0), copy: (steps.switch ?? 0) - (steps.copy ?? 0),
      switch: servedAt - reportAt - (steps.switch ?? 0),
    };
    const outcome = {
      reportToServingMs: servedAt - reportAt, steps, appliedMs, decisionMs: mig.timings.decisionMs ?? 0, roundsMs,
      brokenSessions: SESSIONS - after.consistent, from: move.from, to: move.to, rules: rules.length,
      probesLost: [...sentAt.keys()].filter((p) => !arrivedAt.has(p)).length,
    };
    log(`run ${run + 1}${readBack ? ' (read-back always)' : ''}: ${move.from} → ${move.to}: report → serving ${outcome.reportToServingMs} ms; rounds ${JSON.stringify(roundsMs)}; steps ${JSON.stringify(steps)}; applied ${JSON.stringify(appliedMs)}; broken ${outcome.brokenSessions}; probes lost ${outcome.probesLost} of ${sentAt.size}`);
    return outcome;
  } finally {
    delete process.env.PIGGYCAR_AGENT_READ_BACK;
    probing = false;
    sockets?.close();
    await group.stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  return percentile(xs, 0.5);
}

/** Median of each round over the runs. */
function roundMedians(outcomes: RunOutcome[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ['decide', 'prepare', 'copy', 'switch']) out[k] = median(outcomes.map((x) => x.roundsMs[k]));
  return out;
}

/**
 * Runs the case `runs` times (with `baseline`, interleaved with as many runs whose agents read every session
 * back on every apply) and returns its JSON row.
 *
 * @example
 * const row = await reportToServingCase({ runs: 5, log: console.error });
 */
export async function reportToServingCase(o: { runs: number; log: (line: string) => void; baseline?: boolean }): Promise<Record<string, unknown>> {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build-agent.mjs')], { cwd: REPO_ROOT });
  const load = loadavg()[0];
  const outcomes: RunOutcome[] = [];
  const baselines: RunOutcome[] = [];
  for (let run = 0; run < o.runs; run++) {
    outcomes.push(await oneRun(run, o.log));
    if (o.baseline) baselines.push(await oneRun(run, o.log, 'always'));
  }
  const ms = outcomes.map((x) => x.reportToServingMs);
  const decisions = outcomes.map((x) => x.decisionMs);
  const base = baselines.map((x) => x.reportToServingMs);
  return {
    case: 'report-to-serving', rules: outcomes[0]?.rules ?? 0, switches: 4, runs: outcomes.length, telemetryIntervalMs: TELEMETRY_INTERVAL_MS,
    reportToServingMsP50: percentile(ms, 0.5), reportToServingMsP99: percentile(ms, 0.99), reportToServingMs: ms,
    decisionMsP50: percentile(decisions, 0.5), decisionMsP99: percentile(decisions, 0.99),
    roundsMsP50: roundMedians(outcomes),
    ...(o.baseline ? {
      readBackAlways: {
        reportToServingMsP50: percentile(base, 0.5), reportToServingMsP99: percentile(base, 0.99), reportToServingMs: base,
        roundsMsP50: roundMedians(baselines), brokenSessions: baselines.reduce((t, x) => t + x.brokenSessions, 0),
        probesLost: baselines.reduce((t, x) => t + x.probesLost, 0),
      },
      speedupP50: Number((percentile(base, 0.5) / Math.max(1, percentile(ms, 0.5))).toFixed(2)),
    } : {}),
    stepsMsAfterReport: outcomes.map((x) => x.steps),
    appliedMsAfterReport: outcomes.map((x) => x.appliedMs),
    brokenSessions: outcomes.reduce((t, x) => t + x.brokenSessions, 0),
    probesLost: outcomes.reduce((t, x) => t + x.probesLost, 0),
    loadAverage1m: { start: load, end: loadavg()[0] }, cores: cpus().length,
  };
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
  const row = await reportToServingCase({ runs, baseline: args.includes('--baseline'), log: (line) => process.stderr.write(`${line}\n`) });
  if (json) console.log(JSON.stringify(row));
  else {
    console.log('case               runs  report→serving p50 ms  p99 ms  decision p50 ms  broken sessions  load 1m');
    console.log(`${String(row.case).padEnd(18)} ${String(row.runs).padStart(4)}  ${String(row.reportToServingMsP50).padStart(21)}  ${String(row.reportToServingMsP99).padStart(6)}  ${Number(row.decisionMsP50).toFixed(2).padStart(15)}  ${String(row.brokenSessions).padStart(15)}  ${JSON.stringify(row.loadAverage1m)}`);
  }
}
