import type { FabricGraph } from '../fabric/fabric-graph';
import type { Rule } from '../rules/types';
import type { PlanInputError, PlannerRule } from './types';

/**
 * Reduces rules to what the planner reads: Q(r) and K(r) as the servers their pods run on, x_r and y_r.
 * An unknown server is an input error naming the field.
 *
 * @example
 * const rules = plannerRules(g, await listRules(db, 'testbed'));
 * if (!Array.isArray(rules)) return rules; // { kind: 'invalid', field: 'rules[3].backends[0].server', ... }
 */
export function plannerRules(graph: FabricGraph, rules: ReadonlyArray<Rule>): PlannerRule[] | PlanInputError {
  const out: PlannerRule[] = new Array(rules.length);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
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
    out[i] = { id: rule.id, requesters, backends, expectedSessions: rule.expectedSessions, expectedGbps: rule.expectedGbps };
  }
  return out;
}
