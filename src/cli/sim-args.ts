import { ARCHITECTURES, type Architecture } from '../core/sim/constants';

/** Parsed `npm run sim` arguments. */
export interface SimArgs {
  fabric: string;
  rps: number[];
  architectures: Architecture[];
  durationSeconds: number;
  seed: number;
  out: string;
  workload?: string;
  fig2DurationSeconds: number;
  plannerIterations?: number;
}

export const SIM_USAGE = `usage: npm run sim -- [--fabric testbed|fat-tree:K:SERVERS_PER_EDGE|FILE.json|FILE.yaml]
  [--rps 10000,20000,...] [--arch piggycar,istio,canal] [--duration SECONDS] [--seed N] [--out DIR]
  [--workload FILE.json] [--fig2-duration SECONDS] [--planner-iterations N]`;

/**
 * Parses the sim CLI's flags; a bad flag comes back as a message naming it.
 *
 * @example
 * parseSimArgs(['--rps', '10000,20000', '--arch', 'piggycar']);
 */
export function parseSimArgs(argv: string[]): SimArgs | { error: string } {
  const args: SimArgs = {
    fabric: 'testbed', rps: Array.from({ length: 11 }, (_, i) => (i + 1) * 10_000), architectures: [...ARCHITECTURES],
    durationSeconds: 60, seed: 1, out: 'sim-out', fig2DurationSeconds: 0.02,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) return { error: `${flag}: missing value` };
    i++;
    switch (flag) {
      case '--fabric': args.fabric = value; break;
      case '--out': args.out = value; break;
      case '--workload': args.workload = value; break;
      case '--rps': {
        const list = value.split(',').map(Number);
        if (list.some((x) => !(Number.isFinite(x) && x > 0))) return { error: `--rps: '${value}' must be positive numbers separated by commas` };
        args.rps = list;
        break;
      }
      case '--arch': {
        const list = value.split(',');
        const bad = list.find((a) => !(ARCHITECTURES as readonly string[]).includes(a));
        if (bad) return { error: `--arch: '${bad}' is not one of ${ARCHITECTURES.join(', ')}` };
        args.architectures = list as Architecture[];
        break;
      }
      case '--duration': case '--fig2-duration': {
        const x = Number(value);
        if (!(Number.isFinite(x) && x > 0)) return { error: `${flag}: '${value}' must be a positive number of seconds` };
        if (flag === '--duration') args.durationSeconds = x; else args.fig2DurationSeconds = x;
        break;
      }
      case '--seed': case '--planner-iterations': {
        const x = Number(value);
        if (!(Number.isInteger(x) && x >= 0)) return { error: `${flag}: '${value}' must be a non-negative integer` };
        if (flag === '--seed') args.seed = x; else args.plannerIterations = x;
        break;
      }
      default: return { error: `unknown flag ${flag}` };
    }
  }
  return args;
}
