import { count, eq } from 'drizzle-orm';
import { InstanceBuilder, plannerRule, type PlanInputError, type PlanInstance } from '../../core/planner';
import type { AppDatabase } from '../../db/database';
import { istioRules } from '../../db/schema/istio';
import { loadFabricTopology } from './load-topology';
import { readRulePages } from './read-rule-pages';
import { loadSramUsed, type SramUsed } from './sram-used';

/** Attempts when an Istio apply rewrites the rule set while it is being read. */
const ATTEMPTS = 3;

/**
 * What {@link loadPlanInstance} read, with its timings (in the units of `now`).
 *
 * @example
 * if (loaded.kind === 'loaded') console.log(loaded.inst.fp.count, loaded.sram.switches, loaded.timings.rulesMs);
 */
export interface LoadedPlanInstance {
  kind: 'loaded';
  inst: PlanInstance;
  /** m_n from telemetry, as used in the instance's capacities M_n − m_n. */
  sram: SramUsed;
  timings: { fabricMs: number; telemetryMs: number; rulesMs: number; pages: number; slowestPageMs: number };
}

/**
 * Everything the plan job needs, loaded with bounded memory: the fabric as a document-free topology (chunk
 * by chunk, pods skipped), m_n from the switches' latest telemetry, and the rules page by page — each rule
 * reduced to its access-switch footprint as soon as its page arrives (an `InstanceBuilder`), so at no time
 * are all rule objects or the fabric document in memory. `{ kind: 'missing' }` when the fabric does not
 * exist; a rule naming an unknown server is a PlanInputError naming the field.
 *
 * @example
 * const loaded = await loadPlanInstance(db, 'testbed', Date.now);
 * if (loaded.kind === 'loaded') planInstance(loaded.inst, { seed: 1 });
 */
export async function loadPlanInstance(
  db: AppDatabase,
  fabric: string,
  now: () => number,
): Promise<LoadedPlanInstance | { kind: 'missing' } | PlanInputError> {
  const t0 = now();
  let pages = 0, slowestPageMs = 0, last = t0;
  function page(): void {
    const t = now();
    pages++;
    if (t - last > slowestPageMs) slowestPageMs = t - last;
    last = t;
  }
  const loaded = await loadFabricTopology(db, fabric, page);
  if (!loaded) return { kind: 'missing' };
  const { topology } = loaded;
  const tFabric = now();
  const sram = await loadSramUsed(db, fabric, topology);
  const tTelemetry = now();
  last = tTelemetry;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const [total] = await db.select({ n: count() }).from(istioRules).where(eq(istioRules.fabric, fabric));
    const builder = new InstanceBuilder(topology, { expectedRules: total?.n ?? 0, sramUsed: sram.used });
    let bad: PlanInputError | undefined;
    const complete = await readRulePages(db, fabric, function reduce(rules) {
      page();
      for (const rule of rules) {
        if (bad) return;
        const reduced = plannerRule(topology, rule, builder.size);
        bad = 'kind' in reduced ? reduced : builder.addRule(reduced);
      }
    });
    if (!complete) continue;
    if (bad) return bad;
    const inst = builder.finish();
    if (inst.kind === 'invalid') return inst;
    return {
      kind: 'loaded', inst, sram,
      timings: { fabricMs: tFabric - t0, telemetryMs: tTelemetry - tFabric, rulesMs: now() - tTelemetry, pages, slowestPageMs },
    };
  }
  throw new Error(`the rules of fabric ${fabric} kept changing while being read`);
}
