import type { FabricTopology } from '../fabric/fabric-graph';
import type { Rule } from '../rules/types';
import type { PlanInputError, PlannerRule } from './types';

/**
 * What {@link plannerRule} reads of a rule: its id, pod servers, x_r and y_r (a full `Rule` will do).
 *
 * @example
 * const src: RuleFootprintSource = { id: 'r1', requesters: [{ server: 'server1' }], backends: [{ server: 'server4' }], expectedSessions: 10, expectedGbps: 0.1 };
 */
export type RuleFootprintSource = Pick<Rule, 'id' | 'expectedSessions' | 'expectedGbps'> & {
  requesters: ReadonlyArray<{ server: string }>;
  backends: ReadonlyArray<{ server: string }>;
};

/**
 * Reduces rules to what the planner reads: Q(r) and K(r) as the servers their pods run on, x_r and y_r.
 * An unknown server is an input error naming the field.
 *
 * @example
 * const rules = plannerRules(g, await listRules(db, 'testbed'));
 * if (!Array.isArray(rules)) return rules; // { kind: 'invalid', field: 'rules[3].backends[0].server', ... }
 */
export function plannerRules(graph: FabricTopology, rules: ReadonlyArray<RuleFootprintSource>): PlannerRule[] | PlanInputError {
  const out: PlannerRule[] = new Array(rules.length);
  for (let i = 0; i < rules.length; i++) {
    const reduced = plannerRule(graph, rules[i], i);
    if ('kind' in reduced) return reduced;
    out[i] = reduced;
  }
  return out;
}

/**
 * One rule reduced for the planner (rule number `i` names the field of an error): what a caller streaming
 * rules page by page uses, so no page outlives its reduction.
 *
 * @example
 * const r = plannerRule(g, rule, 0); // { id, requesters: Int32Array [5], backends: Int32Array [8], ... }
 */
export function plannerRule(graph: FabricTopology, rule: RuleFootprintSource, i: number): PlannerRule | PlanInputError {
  const requesters = new Int32Array(rule.requesters.length);
  const backends = new Int32Array(rule.backends.length);
  for (const [side, members, into] of [
    ['requesters', rule.requesters, requesters], ['backends', rule.backends, backends],
  ] as const) {
    for (let j = 0; j < members.length; j++) {
      const node = graph.indexOf(members[j].server);
      if (node === undefined || graph.isSwitch(node)) {
        return {
          kind: 'invalid', field: `rules[${i}].${side}[${j}].server`,
          reason: `rule ${rule.id}: '${members[j].server}' is not a server of the fabric`,
        };
      }
      into[j] = node;
    }
  }
  return { id: rule.id, requesters, backends, expectedSessions: rule.expectedSessions, expectedGbps: rule.expectedGbps };
}
