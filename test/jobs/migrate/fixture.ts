import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import type { Rule } from '../../../src/core/rules/types';
import type { TelemetryReport } from '../../../src/core/desired-state/telemetry-types';
import type { AppDatabase } from '../../../src/db/database';
import { saveFabric } from '../../../src/db/fabric-store';
import { openSqliteDatabase, type SqliteHandle } from '../../../src/db/open-sqlite';
import { createPendingPlan, markPlanRunning, storePlanResult } from '../../../src/db/plan-store-write';
import { istioRules } from '../../../src/db/schema/istio';
import { recordTelemetry } from '../../../src/db/telemetry-store';
import type { Job, JobDeps } from '../../../src/jobs/job';
import { DEFAULT_MIGRATIONS_DIR } from '../../../src/server/start';

/**
 * The plan tables as H4's schema (src/db/schema/plans.ts) declares them. Until that schema is registered in
 * src/db/schema/index.ts (and so in the generated migrations), the test creates them itself; afterwards
 * IF NOT EXISTS makes this a no-op.
 */
const PLAN_TABLES = `
CREATE TABLE IF NOT EXISTS plans (id text PRIMARY KEY NOT NULL, fabric text NOT NULL, version integer NOT NULL,
  status text NOT NULL, reason text NOT NULL, failure_reason text, superseded_by text, objective_us real,
  rule_count integer, switch_count integer, summary text, chunk_count integer DEFAULT 0 NOT NULL,
  created_at integer NOT NULL, started_at integer, finished_at integer);
CREATE UNIQUE INDEX IF NOT EXISTS plans_fabric_version ON plans (fabric, version);
CREATE TABLE IF NOT EXISTS plan_chunks (plan_id text NOT NULL, seq integer NOT NULL, data text NOT NULL, PRIMARY KEY(plan_id, seq));
`;

/** A rule of the testbed: requesters on `from` servers, backends on `to` servers. */
export function testRule(id: string, vni: number, requester: string, backend: string, x: number, y: number): Rule {
  return {
    id, fabric: 'testbed', kind: 'http', priority: vni, vni,
    source: { kind: 'VirtualService', namespace: 'default', name: id, routeIndex: 0 }, hosts: [`${id}.default.svc.cluster.local`], match: [],
    requesters: [{ pod: `${id}-client`, ip: '100.64.0.10', server: requester }],
    backends: [{ pod: `${id}-backend`, ip: '100.64.0.20', server: backend, nodeVtepIp: '10.1.0.2', weight: 100 }],
    lbPolicy: { kind: 'RANDOM' }, expectedSessions: x, expectedGbps: y, proxyActions: {}, warnings: [],
  };
}

/** A testbed database: fabric, two rules (r1 on access1, r2 on access2) and a ready plan v1. */
export interface MigrateWorld {
  dir: string;
  file: string;
  handle: SqliteHandle;
  clock: { t: number };
  sent: { job: Job; delaySeconds?: number }[];
  deps(): JobDeps;
  reopen(): void;
  report(switchName: string, report: Partial<TelemetryReport>): Promise<void>;
  close(): void;
}

export const RULES = [testRule('r1', 100, 'server1', 'server2', 100, 10), testRule('r2', 200, 'server3', 'server4', 100, 1)];

export async function makeMigrateWorld(): Promise<MigrateWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'piggycar-migrate-'));
  const file = join(dir, 'cp.db');
  const clock = { t: 1_000_000 };
  const sent: MigrateWorld['sent'] = [];
  const open = (): SqliteHandle => {
    const h = openSqliteDatabase(file, DEFAULT_MIGRATIONS_DIR);
    h.sqlite.exec(PLAN_TABLES);
    return h;
  };
  const world: MigrateWorld = {
    dir, file, handle: open(), clock, sent,
    deps(): JobDeps {
      return {
        db: world.handle.db,
        queue: { send: async (job, options) => { sent.push({ job, delaySeconds: options?.delaySeconds }); } },
        now: () => clock.t,
        randomBytes: (n) => new Uint8Array(n).map((_, i) => i),
      };
    },
    reopen(): void { world.handle.close(); world.handle = open(); },
    async report(switchName, report) {
      await recordTelemetry(world.handle.db, {
        fabric: 'testbed', switchName, receivedAt: clock.t, vniToRule: new Map(RULES.map((r) => [r.vni, r.id])),
        report: {
          appliedPlanVersion: null, intervalMs: 1000, reason: 'interval', occupancy: 0, capacity: 65536, misses: 0, drops: 0,
          overflows: 0, aged: 0, newSessions: 0, rules: [], links: [], ...report,
        },
      });
    },
    close(): void { world.handle.close(); rmSync(dir, { recursive: true, force: true }); },
  };
  const db: AppDatabase = world.handle.db;
  await saveFabric(db, testbedFabric({ name: 'testbed' }));
  for (const r of RULES) await db.insert(istioRules).values({ fabric: 'testbed', id: r.id, priority: r.priority, vni: r.vni, body: JSON.stringify(r) });
  const { planId } = await createPendingPlan(db, 'testbed', 'api', clock.t);
  await markPlanRunning(db, planId, clock.t);
  await storePlanResult(db, planId, {
    switches: ['core1', 'access1', 'access2', 'access3'], rules: [['r1', 1, 4.47], ['r2', 2, 4.04]], loads: [[1, 100], [2, 100]],
  }, { objectiveUs: 4.47, ruleCount: 2, switchCount: 4, summary: {} }, clock.t);
  return world;
}
