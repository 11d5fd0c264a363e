/**
 * The latency-aware offline planner (paper §III-D) and its yardsticks: baselines, lower bound, MILP model.
 *
 * @example
 * import { plan, plannerRules } from '../core/planner';
 * const out = plan({ graph, rules: plannerRules(graph, rules) as PlannerRule[] }, { seed: 1 });
 */
export { plan, planInstance } from './plan';
export { plannerRule, plannerRules } from './from-rules';
export { InstanceBuilder, serverKinds } from './instance-builder';
export { prepareInstance, type PlanInstance } from './instance';
export { linkDelayUs, linkUtilization, RHO_CAP } from './link-delay';
export type {
  LinkOverload, PlanInfeasible, PlanInputError, PlannerInput, PlannerOptions, PlannerRule, PlanOutcome, PlanResult,
} from './types';
export { gatewayBaseline, sidecarBaseline, ISTIO_SIDECAR_US } from './baseline-paths';
export { assignmentBaseline } from './baseline-assign';
export { lowerBound, type LowerBoundResult } from './lower-bound';
export { buildPlannerMilp, type PlannerMilp } from './milp';
export { evaluateOwners } from './evaluate-owners';
export { forEachSyntheticRule, syntheticWorkload, type WorkloadOptions } from './workload';
