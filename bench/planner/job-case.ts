/**
 * The plan job's path at a benchmark case's scale, on the Node shell's parts (better-sqlite3 file):
 * `job-case.ts setup CASE DBFILE` stores the case's fabric (saveFabric), its seeded rules as Istio rule rows
 * (Rule JSON with pods on the workload's servers), a telemetry status row per switch (m_n = occupancy, 0–1,999
 * sessions) and a pending plan; `job-case.ts run CASE DBFILE PLANID` then runs `handlePlanJob` in a fresh process
 * (spawned by ./index.ts with --expose-gc and the heap cap) and prints one JSON line.
 *
 * Peak heap: heapUsed + arrayBuffers sampled (no forced GC) at every `deps.now()` call — which the job makes
 * after every fabric chunk page and rule page, at its phase boundaries, and through the planner's clock every
 * 64 annealing iterations — and once after the plan is stored. SQLite's own page cache is native memory
 * outside the JS heap (on Workers, D1 runs in another process altogether).
 */
import { buildFabricGraph } from '../../src/core/fabric/graph';
import { forEachSyntheticRule } from '../../src/core/planner/workload';
import { saveFabric } from '../../src/db/fabric-store';
import { openSqliteDatabase } from '../../src/db/open-sqlite';
import { getPlanById } from '../../src/db/plan-store';
import { createPendingPlan } from '../../src/db/plan-store-write';
import { handlePlanJob } from '../../src/jobs/plan/handle-plan';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/server/start';
import { CASES } from './cases';

const [mode, name, file, planIdArg] = process.argv.slice(2);
const spec = CASES.find((c) => c.name === name);
if (!spec || !file || (mode !== 'setup' && mode !== 'run')) {
  console.error('usage: job-case.ts setup|run CASE DBFILE [PLANID]');
  process.exit(2);
}
const fabricName = `bench-${spec.name}`;
const handle = openSqliteDatabase(file, DEFAULT_MIGRATIONS_DIR);
const now = Date.now();

if (mode === 'setup') {
  const doc = { ...spec.fabric(), name: fabricName };
  await saveFabric(handle.db, doc);
  const graph = buildFabricGraph(doc);
  const insertRule = handle.sqlite.prepare('INSERT INTO istio_rules (fabric, id, priority, vni, body) VALUES (?, ?, ?, ?, ?)');
  const insertAll = handle.sqlite.transaction(function insertRules() {
    forEachSyntheticRule(graph, spec.workload, function store(rule, r) {
      const member = (node: number, j: number, side: string) => ({
        pod: `${side}-${r}-${j}`, ip: `100.${64 + (r >> 16)}.${(r >> 8) & 255}.${r & 255}`, server: graph.nameOf(node),
      });
      const body = {
        id: `default/svc-${r}/http/0`, fabric: fabricName, kind: 'http', priority: r, vni: r + 1,
        source: { kind: 'VirtualService', namespace: 'default', name: `svc-${r}`, routeIndex: 0 },
        hosts: [`svc-${r}.default.svc.cluster.local`], match: [],
        requesters: Array.from(rule.requesters, (n, j) => member(n, j, 'q')),
        backends: Array.from(rule.backends, (n, j) => ({ ...member(n, j, 'k'), nodeVtepIp: '10.1.0.1', weight: 100 })),
        lbPolicy: { kind: 'RANDOM' }, expectedSessions: rule.expectedSessions, expectedGbps: rule.expectedGbps,
        proxyActions: {}, warnings: [],
      };
      insertRule.run(fabricName, body.id, r, r + 1, JSON.stringify(body));
    });
    handle.sqlite.prepare('INSERT INTO istio_state (fabric, version, released_vnis, updated_at) VALUES (?, 1, ?, ?)').run(fabricName, '[]', now);
    const insertStatus = handle.sqlite.prepare(
      'INSERT INTO telemetry_switch_status (fabric, switch_name, applied_plan_version, applied_hash, last_report_at, last_report) VALUES (?, ?, NULL, NULL, ?, ?)',
    );
    for (let n = 0; n < graph.switchCount; n++) {
      const report = {
        appliedPlanVersion: null, intervalMs: 1000, reason: 'interval', occupancy: (n * 7919) % 2000,
        capacity: doc.switches[n].sramCapacity, misses: 0, drops: 0, overflows: 0, aged: 0, newSessions: 0, rules: [], links: [],
      };
      insertStatus.run(fabricName, graph.nameOf(n), now, JSON.stringify(report));
    }
  });
  insertAll();
  const { planId } = await createPendingPlan(handle.db, fabricName, 'bench', now);
  handle.close();
  process.stdout.write(`${JSON.stringify({ planId })}\n`);
} else {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const heapNow = (): number => {
    const u = process.memoryUsage();
    return u.heapUsed + u.arrayBuffers;
  };
  gc();
  const runtimeHeap = heapNow();
  let peak = runtimeHeap;
  const wall0 = performance.now();
  await handlePlanJob({ type: 'plan', fabric: fabricName, planId: planIdArg }, {
    db: handle.db,
    queue: { send: async () => undefined } as never,
    now: function sampledClock() {
      const h = heapNow();
      if (h > peak) peak = h;
      return performance.now();
    },
    randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
  });
  const h = heapNow();
  if (h > peak) peak = h;
  const wallMs = performance.now() - wall0;
  const header = await getPlanById(handle.db, planIdArg);
  handle.close();
  const mb = (bytes: number): number => Math.round(bytes / 1e4) / 100;
  const summary = (header?.summary ?? {}) as { timings?: Record<string, number>; sramUsed?: Record<string, unknown>; annealIterations?: number };
  const row = {
    case: `${spec.name}-job`,
    description: `plan job path (handlePlanJob on better-sqlite3) for: ${spec.description}`,
    status: header?.status, failureReason: header?.failureReason ?? null,
    switches: header?.switchCount, rules: header?.ruleCount,
    wallMs: Math.round(wallMs), peakHeapMB: mb(peak), runtimeHeapMB: mb(runtimeHeap),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    objectiveUs: header?.objectiveUs == null ? null : Number(header.objectiveUs.toFixed(4)),
    timings: summary.timings, sramUsed: summary.sramUsed, annealIterations: summary.annealIterations,
  };
  process.stdout.write(`${JSON.stringify(row)}\n`);
}
