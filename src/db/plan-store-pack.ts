import type { PlanChunkRow } from './plan-store-write';

/** A plan's result as columns (what the planner returns), packed without building a `PlanBody`. */
export interface PlanColumns {
  /** Switch name by node index (only owners' names are written). */
  switchName: (node: number) => string;
  switchCount: number;
  /** Rule ids in rule order. */
  ruleIds: ArrayLike<string>;
  /** Owner node per rule. */
  owners: Int32Array;
  /** T(r), µs, per rule (written rounded to 1e-6 µs). */
  latencyUs: Float64Array;
  /** x(n) per switch node (switches with x(n) > 0 are written). */
  switchLoad: Float64Array;
}

/**
 * Packs a plan straight from its columns into `plan_chunks` rows of at most `maxChars` characters each: the
 * same JSON text as `JSON.stringify(body)` of the equivalent `PlanBody` (switches indexed in order of first use
 * by a rule), so `loadPlanBody` reads it unchanged — but without one [id, owner, T] array per rule or the whole
 * text at once (100,000 rules: ~4.5 MB of text in ~512 KB pieces instead of ~9 MB of tuples plus two copies
 * of the text).
 *
 * @example
 * const rows = packPlanColumns('plan-1', { switchName: (n) => g.nameOf(n), switchCount: g.switchCount, ruleIds, owners, latencyUs, switchLoad });
 */
export function packPlanColumns(planId: string, plan: PlanColumns, maxChars: number): PlanChunkRow[] {
  const slot = new Int32Array(plan.switchCount).fill(-1);
  const used: number[] = [];
  for (let r = 0; r < plan.owners.length; r++) {
    const n = plan.owners[r];
    if (slot[n] < 0) { slot[n] = used.length; used.push(n); }
  }
  // A loaded switch always owns a rule; the check keeps the body well-formed if one ever does not.
  for (let n = 0; n < plan.switchLoad.length; n++) {
    if (plan.switchLoad[n] > 0 && slot[n] < 0) { slot[n] = used.length; used.push(n); }
  }
  const rows: PlanChunkRow[] = [];
  let parts: string[] = [];
  let size = 0;
  function put(text: string): void {
    if (size + text.length > maxChars && size > 0) {
      rows.push({ planId, seq: rows.length, data: parts.join('') });
      parts = [];
      size = 0;
    }
    parts.push(text);
    size += text.length;
  }
  put('{"switches":[');
  used.forEach(function name(n, i) { put((i > 0 ? ',' : '') + JSON.stringify(plan.switchName(n))); });
  put('],"rules":[');
  for (let r = 0; r < plan.owners.length; r++) {
    const t = Math.round(plan.latencyUs[r] * 1e6) / 1e6;
    put(`${r > 0 ? ',' : ''}[${JSON.stringify(plan.ruleIds[r])},${slot[plan.owners[r]]},${JSON.stringify(t)}]`);
  }
  put('],"loads":[');
  let first = true;
  for (let n = 0; n < plan.switchLoad.length; n++) {
    if (!(plan.switchLoad[n] > 0)) continue;
    put(`${first ? '' : ','}[${slot[n]},${JSON.stringify(plan.switchLoad[n])}]`);
    first = false;
  }
  put(']}');
  rows.push({ planId, seq: rows.length, data: parts.join('') });
  return rows;
}
