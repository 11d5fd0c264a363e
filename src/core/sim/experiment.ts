import type { FabricGraph } from '../fabric/fabric-graph';
import type { FabricDocument } from '../fabric/types';
import type { Architecture } from './constants';
import { LogHistogram } from './histogram';
import type { NetworkParams } from './network-types';
import { simulate } from './simulate';
import type { PlacementFn, SimProgress, SimulationResult } from './simulation-types';
import type { SimInputError, SimResultOr, Workload } from './workload-types';

/** The numbers of one run without its large arrays (what the report and JSON carry). */
export type RunSummary = Omit<SimulationResult, 'latenciesMs' | 'portOfferedBits' | 'series'>;

/** A sweep over architectures and offered loads (paper Figs. 7–10). */
export interface SweepInput {
  fabric: FabricDocument;
  graph: FabricGraph;
  architectures: readonly Architecture[];
  rpsList: readonly number[];
  durationSeconds: number;
  seed: number;
  /** The workload at a given load (x_r and y_r scale with it; pods and rules do not). */
  workloadAt: (rps: number) => SimResultOr<Workload>;
  /** PiggyCar's owner switches (the planner); required when `architectures` has 'piggycar'. */
  placement?: PlacementFn;
  network?: Partial<NetworkParams>;
  onProgress?: (p: SimProgress) => void;
}

/** Results of a sweep: one summary per (architecture, load) and the pooled FCT distribution per architecture. */
export interface SweepResult {
  runs: RunSummary[];
  fct: Map<Architecture, LogHistogram>;
}

/**
 * Runs every architecture at every load with the same seed; PiggyCar's owners come from `placement` on the
 * workload of that load (the planner sizes against x_r, y_r). Errors come back as values.
 *
 * @example
 * const out = runSweep({ fabric, graph, architectures: ['piggycar', 'canal'], rpsList: [10_000, 60_000],
 *   durationSeconds: 1, seed: 1, workloadAt, placement });
 */
export function runSweep(input: SweepInput): SimResultOr<SweepResult> {
  const runs: RunSummary[] = [];
  const fct = new Map<Architecture, LogHistogram>();
  for (const a of input.architectures) fct.set(a, new LogHistogram());
  for (const rps of input.rpsList) {
    const workload = input.workloadAt(rps);
    if (!workload.ok) return workload;
    let owners: Map<string, string> | undefined;
    if (input.architectures.includes('piggycar')) {
      if (!input.placement) return fail('placement', 'PiggyCar needs a placement (the planner)');
      owners = input.placement(workload.value.rules);
    }
    for (const architecture of input.architectures) {
      const out = simulate({
        fabric: input.fabric, graph: input.graph, workload: workload.value, architecture, rps,
        durationSeconds: input.durationSeconds, seed: input.seed, owners, network: input.network, onProgress: input.onProgress,
      });
      if (!out.ok) return out;
      const { latenciesMs, portOfferedBits: _bits, series: _series, ...summary } = out.value;
      fct.get(architecture)!.addAll(latenciesMs);
      runs.push(summary);
    }
  }
  return { ok: true, value: { runs, fct } };
}

function fail<T>(field: string, reason: string): SimResultOr<T> {
  const errors: SimInputError[] = [{ field, reason }];
  return { ok: false, errors };
}
