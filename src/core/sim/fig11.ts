import type { FabricGraph } from '../fabric/fabric-graph';
import type { FabricDocument } from '../fabric/types';
import { SIM_CONSTANTS } from './constants';
import type { Fig11Result, MigrateFn } from './fig11-types';
import { createRng } from './random';
import { simulate } from './simulate';
import type { SimControl, SimProgress } from './simulation-types';
import type { SimResultOr, Workload } from './workload-types';

/** A session surge on one switch: the rules it owns at `atSeconds` see their sessions multiplied. */
export interface Surge {
  switchName: string;
  atSeconds: number;
  forSeconds: number;
}

/** Knobs of the Fig. 11 run; defaults in {@link FIG11_DEFAULTS}. */
export interface Fig11Input {
  fabric: FabricDocument;
  graph: FabricGraph;
  workload: Workload;
  /** Initial owners (the offline plan), rule id → switch name. */
  owners: ReadonlyMap<string, string>;
  migrate: MigrateFn;
  seed: number;
  surges: Surge[];
  rps?: number;
  durationSeconds?: number;
  onProgress?: (p: SimProgress) => void;
}

/**
 * Defaults of the Fig. 11 run: the paper's 40 kRPS and the assumptions stated in `SIM_CONSTANTS.fig11`.
 *
 * @example
 * FIG11_DEFAULTS.telemetrySeconds; // 0.1
 */
export const FIG11_DEFAULTS = { rps: SIM_CONSTANTS.fig11Rps, ...SIM_CONSTANTS.fig11 } as const;

/**
 * Runs the surge scenario twice — with the online scheduler (`migrate`) and without (owners fixed) — and
 * returns per-switch session demand and the network p99 over time.
 *
 * @example
 * const f = runFig11({ fabric, graph, workload, owners, migrate, seed: 1, surges: [{ switchName: 'spine1', atSeconds: 0.5, forSeconds: 0.2 }] });
 */
export function runFig11(input: Fig11Input): SimResultOr<Fig11Result> {
  const rps = input.rps ?? FIG11_DEFAULTS.rps;
  const duration = input.durationSeconds ?? FIG11_DEFAULTS.durationSeconds;
  for (const s of input.surges) {
    if (input.graph.indexOf(s.switchName) === undefined) return { ok: false, errors: [{ field: 'surges.switchName', reason: `no switch '${s.switchName}'` }] };
  }
  const withScheduler = runOnce(input, rps, duration, input.migrate);
  if (!withScheduler.ok) return withScheduler;
  const without = runOnce(input, rps, duration, function noScheduler() { return new Map(); });
  if (!without.ok) return without;
  const w = withScheduler.value;
  return {
    ok: true,
    value: {
      rps, timeMs: w.timeMs, sessionsBySwitch: w.sessionsBySwitch, capacityBySwitch: w.capacityBySwitch,
      p99Ms: w.p99Ms, p99WithoutSchedulerMs: without.value.p99Ms, binTimeMs: w.binTimeMs, migrations: w.migrations,
      surges: input.surges.map((s) => ({ switchName: s.switchName, atMs: s.atSeconds * 1e3, forMs: s.forSeconds * 1e3 })),
    },
  };
}

function runOnce(input: Fig11Input, rps: number, duration: number, migrate: MigrateFn): SimResultOr<Fig11Result> {
  const { graph, workload } = input;
  const rules = workload.rules;
  const R = rules.length;
  const owner = new Int32Array(R);
  for (let r = 0; r < R; r++) owner[r] = graph.indexOf(input.owners.get(rules[r].id) ?? '') ?? -1;
  const base = Float64Array.from(rules, (r) => r.expectedSessions);
  const factor = new Float64Array(R).fill(1);
  const capacity = new Float64Array(graph.switchCount);
  input.fabric.switches.forEach((s, i) => { capacity[graph.indexOf(s.name) ?? i] = s.sramCapacity; });
  let occupancy: Float64Array = new Float64Array(graph.switchCount);
  let reported: Float64Array = occupancy;
  const surged: Array<{ rules: number[]; factor: number } | undefined> = input.surges.map(() => undefined);
  const rng = createRng(input.seed ^ 0x11f);
  const timeMs: number[] = [];
  const series = new Map<number, number[]>();
  const migrations: { timeMs: number; moved: number }[] = [];

  function measure(): Float64Array {
    const m = new Float64Array(graph.switchCount);
    for (let r = 0; r < R; r++) if (owner[r] >= 0) m[owner[r]] += base[r] * factor[r];
    return m;
  }

  function onTick(now: number): Array<{ rule: number; owner: number }> {
    const changes: Array<{ rule: number; owner: number }> = [];
    // Decide on the previous interval's telemetry (one interval of reporting lag).
    const owners = new Map<string, string>();
    const observed = new Map<string, number>();
    for (let r = 0; r < R; r++) {
      if (owner[r] >= 0) owners.set(rules[r].id, graph.nameOf(owner[r]));
      observed.set(rules[r].id, base[r] * factor[r]);
    }
    const sramUsed = new Map<string, number>();
    for (let n = 0; n < graph.switchCount; n++) sramUsed.set(graph.nameOf(n), reported[n]);
    const moves = migrate({ now, fabric: input.fabric, graph, rules, owners, observedSessions: observed, sramUsed });
    if (moves.size > 0) {
      const index = new Map(rules.map((r, i) => [r.id, i]));
      for (const [id, to] of moves) {
        const r = index.get(id), n = graph.indexOf(to);
        if (r === undefined || n === undefined) continue;
        owner[r] = n;
        changes.push({ rule: r, owner: n });
      }
      migrations.push({ timeMs: now * 1e3, moved: changes.length });
    }
    input.surges.forEach((s, k) => {
      const sw = graph.indexOf(s.switchName)!;
      if (Math.abs(now - s.atSeconds) < 1e-9) {
        const mine: number[] = [];
        let sessions = 0;
        for (let r = 0; r < R; r++) if (owner[r] === sw) { mine.push(r); sessions += base[r] * factor[r]; }
        const f = sessions > 0 ? Math.max(1, (FIG11_DEFAULTS.surgeOccupancy * capacity[sw]) / sessions) : 1;
        for (const r of mine) factor[r] *= f;
        surged[k] = { rules: mine, factor: f };
      } else if (Math.abs(now - (s.atSeconds + s.forSeconds)) < 1e-9 && surged[k] !== undefined) {
        for (const r of surged[k]!.rules) factor[r] /= surged[k]!.factor;
        surged[k] = undefined;
      }
    });
    occupancy = measure();
    reported = occupancy;
    timeMs.push(now * 1e3);
    for (let n = 0; n < graph.switchCount; n++) {
      let list = series.get(n);
      if (list === undefined) { list = new Array(timeMs.length - 1).fill(0); series.set(n, list); }
      list.push(occupancy[n]);
    }
    return changes;
  }

  const control: SimControl = {
    everySeconds: FIG11_DEFAULTS.telemetrySeconds,
    onTick,
    slowPath(_rule, n) {
      const m = occupancy[n];
      return m > capacity[n] && rng.next() < 1 - capacity[n] / m;
    },
    slowPathSeconds: workload.requestBits / FIG11_DEFAULTS.slowPathBitsPerSecond,
    binSeconds: FIG11_DEFAULTS.binSeconds,
  };
  occupancy = measure();
  reported = occupancy;
  const out = simulate({
    fabric: input.fabric, graph, workload, architecture: 'piggycar', rps, durationSeconds: duration,
    drainSeconds: 0.05, seed: input.seed, owners: input.owners, control, onProgress: input.onProgress,
  });
  if (!out.ok) return out;
  const sessionsBySwitch: Record<string, number[]> = {};
  const capacityBySwitch: Record<string, number> = {};
  const busiest = [...series].sort((a, b) => Math.max(...b[1]) - Math.max(...a[1])).slice(0, 5);
  for (const [n, values] of busiest) {
    sessionsBySwitch[graph.nameOf(n)] = values;
    capacityBySwitch[graph.nameOf(n)] = capacity[n];
  }
  const bins = out.value.p99ByBinMs ?? [];
  return {
    ok: true,
    value: {
      rps, timeMs, sessionsBySwitch, capacityBySwitch, p99Ms: bins, p99WithoutSchedulerMs: [],
      binTimeMs: bins.map((_, i) => (i + 0.5) * FIG11_DEFAULTS.binSeconds * 1e3), migrations, surges: [],
    },
  };
}
