import type { Rule } from '../rules/types';

/** A pod as the simulator sees it: where it runs (graph node of its server) and its chain stage. */
export interface SimPod {
  name: string;
  server: string;
  /** Graph node index of its server. */
  node: number;
  stage: number;
}

/**
 * A workload: the rules with their requester/backend pods (as indices into `pods`), how requests spread over
 * rules, and the request size. `rules` are the `Rule` objects handed to the planner.
 */
export interface Workload {
  requestBits: number;
  pods: SimPod[];
  rules: Rule[];
  /** Per rule: pod indices of Q(r). */
  requesters: Int32Array[];
  /** Per rule: pod indices of K(r) and their cumulative weights (last = 1). */
  backends: Int32Array[];
  backendCumulative: Float64Array[];
  /** Per rule: share of all requests (sums to 1). */
  share: Float64Array;
  /** Cumulative of `share`, for drawing a rule. */
  shareCumulative: Float64Array;
}

/** One request drawn from a workload. */
export interface RequestDraw {
  rule: number;
  srcPod: number;
  dstPod: number;
}

/** A bad input, named by field, with the reason (core errors are values). */
export interface SimInputError {
  field: string;
  reason: string;
}

/** Either a value or the list of input errors. */
export type SimResultOr<T> = { ok: true; value: T } | { ok: false; errors: SimInputError[] };
