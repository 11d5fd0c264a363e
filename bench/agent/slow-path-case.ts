import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testbedFabric } from '../../src/core/fabric/generators/testbed-fabric';
import { buildFabricGraph } from '../../src/core/fabric/graph';
import type { Rule } from '../../src/core/rules/types';
import { loopbackLayout, REPO_ROOT, startAgent, startSoftwareSwitch, switchPortsArg } from '../../scripts/lib/loopback-fabric';
import { ProcessGroup } from '../../scripts/lib/process-group';
import type { TrafficSession } from '../../scripts/lib/vxlan-traffic';
import { StubControlPlane } from '../../test/switch-agent/agent/stub-control-plane';
import { FrameGenerator } from './frame-generator';
import { processCpuSeconds } from './process-cpu';

/** Result of the slow-path case. */
export interface SlowPathResult {
  case: 'slowPathNewSessions';
  sessions: number;
  window: number;
  /** Datagrams sent again after a loss (both phases). */
  retries: number;
  /** packet_in → agent chooses → tc_session_table INSERT → packet_out → forwarded, measured at the backend side. */
  newSessionsPerSec: number;
  /** Baseline in the same run: the same sessions' next packet (a table hit, no agent) through the same processes. */
  baselineSessionHitsPerSec: number;
  ratioToBaseline: number;
  /** CPU seconds the agent and the switch used during the new-session phase (Linux /proc; null elsewhere). */
  agentCpuSec: number | null;
  switchCpuSec: number | null;
  /** New sessions per CPU second of the agent alone, and of agent + switch (what one dedicated core pair would do). */
  newSessionsPerAgentCpuSec: number | null;
  newSessionsPerCpuSec: number | null;
  /** CPU seconds of this process (the traffic generator and backends' sockets) in the same phase. */
  generatorCpuSec: number;
  /** CPU µs per new session of each process: what a 2-core machine must fit (20,000/s ⇒ ≤ 100 µs in total). */
  cpuMicrosPerSession: { agent: number | null; switch: number | null; generator: number };
  /** The same for the baseline phase (a table hit: no agent involved). */
  cpuMicrosPerHit: { switch: number | null; generator: number };
  /** New sessions per backend node (outer destination) — the rule's 80/20 weights, as a sanity check. */
  landedOn: Record<string, number>;
}

const VNI = 0x5a3c1e;

/**
 * One software switch (core1 of the testbed) and one agent (the bundle) as processes; this process plays the
 * neighbours: a closed-loop generator (./frame-generator) keeps `window` new sessions in flight and counts arrivals
 * at the backend side.
 * The control plane here only hands the agent its desired state once (a stand-in; not in the measured path).
 */
export async function runSlowPathCase(o: { sessions: number; window: number; log: (l: string) => void }): Promise<SlowPathResult> {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build-agent.mjs')], { cwd: REPO_ROOT });
  const fabric = testbedFabric();
  const graph = buildFabricGraph(fabric);
  const layout = loopbackLayout(fabric, 230);
  const rule: Rule = {
    id: 'bench/reviews/http/0', fabric: 'testbed', kind: 'http', priority: 0, vni: VNI,
    source: { kind: 'VirtualService', namespace: 'bench', name: 'reviews', routeIndex: 0 }, hosts: [], match: [],
    requesters: [{ pod: 'p', ip: '100.64.0.1', server: 'server1' }],
    backends: [
      { pod: 'v1', ip: '100.64.0.3', server: 'server3', nodeVtepIp: '10.1.0.3', weight: 80 },
      { pod: 'v2', ip: '100.64.0.4', server: 'server4', nodeVtepIp: '10.1.0.4', weight: 20 },
    ],
    lbPolicy: { kind: 'RANDOM' }, expectedSessions: o.sessions, expectedGbps: 1, proxyActions: {}, warnings: [],
  };
  const cp = new StubControlPlane({ fabric, rules: [rule], owners: new Map([[rule.id, 'core1']]), planVersion: 1, sessionIdleTimeoutMs: 600_000 }, 'bench');
  const group = new ProcessGroup({ cwd: REPO_ROOT, echo: process.env.BENCH_VERBOSE === '1' });
  const dir = mkdtempSync(path.join(tmpdir(), 'piggycar-bench-agent-'));
  const generator = await FrameGenerator.open(['access1', 'access2', 'access3'].map((n) => layout.get(n)!));
  try {
    await cp.start();
    const sw = await startSoftwareSwitch(group, { name: 'core1', listen: layout.get('core1')!, ports: switchPortsArg(graph, 'core1', layout) });
    const agent = startAgent(group, { switchName: 'core1', controlPlane: cp.url, token: 'bench', target: sw.grpcTarget, runtime: 'bundle', seed: 1, extraArgs: process.env.BENCH_VERBOSE === '1' ? [] : ['--quiet'] });
    await cp.waitForReport((r) => r.report.appliedPlanVersion === 1, 30_000);
    const via = { vtepIp: '10.0.0.11', accessIp: '10.0.0.1', access: layout.get('core1')! };
    const sessions: TrafficSession[] = Array.from({ length: o.sessions }, (_, i) => ({
      vni: VNI, srcIp: `100.64.${(i >> 16) & 255}.${((i >> 8) & 255)}`, dstIp: '10.96.0.20', srcPort: 1024 + (i & 255) * 200 + ((i >> 8) % 200), dstPort: 9080,
    }));
    // Warm-up (JIT, gRPC channel): 2,000 sessions not counted.
    const warm = sessions.splice(0, Math.min(2000, Math.floor(o.sessions / 10)));
    await generator.closedLoop(via, warm, 0, o.window);
    const pids = [agent.child.pid!, sw.process.child.pid!];
    const newRun = generator.prepare(via, sessions, 0);
    const hitRun = generator.prepare(via, sessions, 1);
    const cpuBefore = pids.map(processCpuSeconds);
    const generatorBefore = process.cpuUsage();
    const slow = await generator.run(newRun, o.window);
    const landedOn = Object.fromEntries(generator.landedOn);
    const generatorUsage = process.cpuUsage(generatorBefore);
    const generatorCpuSec = (generatorUsage.user + generatorUsage.system) / 1e6;
    const cpu = pids.map((pid, i) => {
      const after = processCpuSeconds(pid);
      return after === undefined || cpuBefore[i] === undefined ? null : after - cpuBefore[i]!;
    });
    const hitCpuBefore = processCpuSeconds(pids[1]);
    const hitGeneratorBefore = process.cpuUsage();
    const hit = await generator.run(hitRun, o.window);
    const hitGenerator = process.cpuUsage(hitGeneratorBefore);
    const hitCpuAfter = processCpuSeconds(pids[1]);
    const newSessionsPerSec = sessions.length / (slow.ms / 1000);
    const baseline = sessions.length / (hit.ms / 1000);
    return {
      case: 'slowPathNewSessions', sessions: sessions.length, window: o.window, retries: slow.retries + hit.retries,
      newSessionsPerSec, baselineSessionHitsPerSec: baseline, ratioToBaseline: newSessionsPerSec / baseline,
      agentCpuSec: cpu[0], switchCpuSec: cpu[1],
      newSessionsPerAgentCpuSec: cpu[0] ? sessions.length / cpu[0] : null,
      newSessionsPerCpuSec: cpu[0] !== null && cpu[1] !== null ? sessions.length / (cpu[0] + cpu[1]) : null,
      generatorCpuSec,
      cpuMicrosPerSession: {
        agent: cpu[0] === null ? null : Math.round((cpu[0] / sessions.length) * 1e6),
        switch: cpu[1] === null ? null : Math.round((cpu[1] / sessions.length) * 1e6),
        generator: Math.round((generatorCpuSec / sessions.length) * 1e6),
      },
      cpuMicrosPerHit: {
        switch: hitCpuBefore === undefined || hitCpuAfter === undefined ? null : Math.round(((hitCpuAfter - hitCpuBefore) / sessions.length) * 1e6),
        generator: Math.round(((hitGenerator.user + hitGenerator.system) / 1e6 / sessions.length) * 1e6),
      },
      landedOn,
    };
  } finally {
    if (process.env.BENCH_VERBOSE === '1') {
      let m = 0, n = 0, d = 0, ov = 0;
      for (const r of cp.reports) { m += r.report.misses; n += r.report.newSessions; d += r.report.drops; ov += r.report.overflows; }
      process.stderr.write(`agent: misses ${m} newSessions ${n} drops ${d} overflows ${ov}\n`);
    }
    generator.close();
    await group.stopAll(Number(process.env.BENCH_STOP_GRACE_MS ?? 3000));
    await cp.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
