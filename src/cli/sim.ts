/**
 * `npm run sim -- --fabric testbed --rps 10000,…,110000 --arch piggycar,istio,canal --duration 60 --seed 1 --out DIR`
 *
 * Runs the evaluation simulator (src/core/sim) for every architecture and load, the Fig. 2 run and (when the
 * online scheduler exists) the Fig. 11 run, and writes report.md, report.html, results.json and one SVG per
 * figure into DIR. Progress goes to stderr.
 *
 * @example
 * // npm run sim -- --rps 10000,60000,100000 --duration 2 --out /tmp/sim
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFabricGraph } from '../core/fabric/graph';
import { runSweep } from '../core/sim/experiment';
import type { Fig11Outcome } from '../core/sim/fig11-types';
import { runFig2 } from '../core/sim/fig2';
import { figureCharts } from '../core/sim/report/charts';
import { buildSimReport } from '../core/sim/report/build-report';
import { headline } from '../core/sim/report/compare';
import { toHtml, toMarkdown } from '../core/sim/report/report-document';
import type { SimProgress } from '../core/sim/simulation-types';
import { buildCarParkingWorkload } from '../core/sim/workload';
import { workloadFromFile } from '../core/sim/workload-file';
import type { SimResultOr, Workload } from '../core/sim/workload-types';
import { parseSimArgs, type SimArgs, SIM_USAGE } from './sim-args';
import { loadSimFabric } from './sim-fabric';
import { runFig11IfPossible } from './sim-fig11';
import { plannerPlacement } from './sim-placement';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) { process.stdout.write(`${SIM_USAGE}\n`); return 0; }
  const parsed = parseSimArgs(argv);
  if ('error' in parsed) { process.stderr.write(`${parsed.error}\n${SIM_USAGE}\n`); return 2; }
  const args: SimArgs = parsed;
  const loaded = loadSimFabric(args.fabric);
  if (!loaded.ok) { process.stderr.write(`${loaded.error}\n`); return 2; }
  const fabric = loaded.fabric;
  const graph = buildFabricGraph(fabric);
  let workloadJson: unknown;
  if (args.workload) {
    try { workloadJson = JSON.parse(readFileSync(args.workload, 'utf8')); } catch (e) {
      process.stderr.write(`--workload: cannot read '${args.workload}': ${(e as Error).message}\n`);
      return 2;
    }
  }
  function workloadAt(rps: number): SimResultOr<Workload> {
    return workloadJson === undefined ? buildCarParkingWorkload(fabric, graph, { seed: args.seed, rps })
      : workloadFromFile(workloadJson, fabric, graph, rps);
  }
  const placements: Array<Map<string, string>> = [];
  const placeWithPlanner = plannerPlacement(graph, { seed: args.seed, iterations: args.plannerIterations });
  const started = Date.now();
  let lastPrint = 0;
  function onProgress(p: SimProgress): void {
    const now = Date.now();
    if (now - lastPrint < 1000 && p.simSeconds < p.endSeconds) return;
    lastPrint = now;
    process.stderr.write(`[${((now - started) / 1000).toFixed(0)} s] ${p.architecture} @ ${p.rps / 1000} kRPS: `
      + `${p.simSeconds.toFixed(2)}/${p.endSeconds.toFixed(2)} s simulated, ${p.requests} requests, ${p.events} events\n`);
  }
  let sweep;
  try {
    sweep = runSweep({
      fabric, graph, architectures: args.architectures, rpsList: args.rps, durationSeconds: args.durationSeconds,
      seed: args.seed, workloadAt, onProgress,
      placement(rules) { const owners = placeWithPlanner(rules); placements.push(owners); return owners; },
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
  if (!sweep.ok) { for (const e of sweep.errors) process.stderr.write(`${e.field}: ${e.reason}\n`); return 2; }

  const baseWorkload = workloadAt(args.rps[0]);
  let fig2;
  if (baseWorkload.ok && fabric.servers.some((s) => s.kind === 'gateway')) {
    process.stderr.write(`Fig. 2 run (Canal, ${args.fig2DurationSeconds} s)…\n`);
    const out = runFig2(fabric, graph, baseWorkload.value, { seed: args.seed, durationSeconds: args.fig2DurationSeconds });
    if (out.ok) fig2 = out.value;
  }
  process.stderr.write('Fig. 11 run (surges on a 2-spine leaf-spine fabric, with and without the online scheduler)…\n');
  const fig11: Fig11Outcome = await runFig11IfPossible({
    seed: args.seed, onProgress,
    placementFor: (g) => plannerPlacement(g, { seed: args.seed, iterations: args.plannerIterations }),
  });

  const h = headline(sweep.value);
  const headlineIndex = args.rps.indexOf(h.rps);
  const placementNote = describePlacement(placements[headlineIndex] ?? placements[0], workloadAt(h.rps), h.rps);
  const charts = figureCharts(sweep.value, fig2, fig11);
  const doc = buildSimReport({
    fabricName: fabric.name, command: `npm run sim -- ${argv.join(' ')}`, seed: args.seed, durationSeconds: args.durationSeconds,
    sweep: sweep.value, fig2, fig11, placementNote, figureFiles: [...charts.keys()],
  });
  mkdirSync(args.out, { recursive: true });
  for (const [file, svg] of charts) writeFileSync(join(args.out, file), svg);
  writeFileSync(join(args.out, 'report.md'), toMarkdown(doc));
  writeFileSync(join(args.out, 'report.html'), toHtml(doc, charts));
  writeFileSync(join(args.out, 'results.json'), `${JSON.stringify({ headline: h, runs: sweep.value.runs, fig11: fig11.status }, null, 2)}\n`);
  process.stderr.write(`wrote ${args.out}/report.md, report.html, results.json and ${charts.size} SVGs in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

/** "PiggyCar owners at 100 kRPS (by share of requests): core1 60%, access3 29%, …". */
function describePlacement(owners: Map<string, string> | undefined, workload: SimResultOr<Workload>, rps: number): string {
  if (!owners || !workload.ok) return 'not used (PiggyCar not simulated).';
  const share = new Map<string, number>();
  workload.value.rules.forEach((r, i) => {
    const o = owners.get(r.id) ?? '?';
    share.set(o, (share.get(o) ?? 0) + workload.value.share[i]);
  });
  const parts = [...share].sort((a, b) => b[1] - a[1]).map(([s, x]) => `${s} ${(100 * x).toFixed(0)}%`);
  return `our offline planner (src/core/planner \`plan\`, seed as above) per load; owners at ${rps / 1000} kRPS by share of requests: ${parts.join(', ')}.`;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
