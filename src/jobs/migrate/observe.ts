import type { FabricDocument } from '../../core/fabric/types';
import type { Rule } from '../../core/rules/types';
import type { RuleObservation, SwitchFigures } from '../../core/scheduler/types';
import type { FabricGraph } from '../../core/fabric/fabric-graph';
import type { SwitchStatusRow } from '../../db/telemetry-store';

/** A switch whose last report is older than this is not waited for (its agent is gone; the switch is fail-static). */
export const LIVE_WITHIN_MS = 10_000;

/**
 * m_n and δx(n) = Σ_{r owned by n} (x_r^ob − x_r) for every switch, from the latest telemetry of each switch
 * and the plan's owners (a switch that never reported counts m_n = 0 and x_r^ob = 0 for its rules).
 *
 * @example
 * const figures = switchFigures(graph, rules, owners, statuses);
 */
export function switchFigures(
  graph: FabricGraph, rules: readonly Rule[], owners: ReadonlyMap<string, string>, statuses: readonly SwitchStatusRow[],
): SwitchFigures {
  const S = graph.switchCount;
  const occupancy = new Float64Array(S);
  const deltaX = new Float64Array(S);
  const ownerOfVni = new Map<number, number>();
  for (const rule of rules) {
    const n = graph.indexOf(owners.get(rule.id) ?? '');
    if (n === undefined || n >= S) continue;
    deltaX[n] -= rule.expectedSessions;
    ownerOfVni.set(rule.vni, n);
  }
  for (const s of statuses) {
    const n = graph.indexOf(s.switchName);
    if (n === undefined || n >= S) continue;
    occupancy[n] = s.lastReport.occupancy;
    for (const sample of s.lastReport.rules) if (ownerOfVni.get(sample.vni) === n) deltaX[n] += sample.sessions;
  }
  return { occupancy, deltaX };
}

/**
 * x_r^ob and y_r^ob per rule from one switch's latest report (VNI → rule id through the rules).
 *
 * @example
 * const observations = ruleObservations(rules, status.lastReport);
 */
export function ruleObservations(rules: readonly Rule[], report: SwitchStatusRow['lastReport']): RuleObservation[] {
  const idOfVni = new Map(rules.map((r) => [r.vni, r.id] as const));
  const out: RuleObservation[] = [];
  for (const s of report.rules) {
    const ruleId = idOfVni.get(s.vni);
    if (ruleId !== undefined) out.push({ ruleId, sessions: s.sessions, gbps: s.gbps });
  }
  return out;
}

/** The fabric's switch T_SRAM by name. */
export function thresholdOf(doc: FabricDocument, name: string): number | undefined {
  return doc.switches.find((s) => s.name === name)?.sramThreshold;
}
