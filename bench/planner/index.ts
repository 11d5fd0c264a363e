/**
 * `npm run bench:planner [-- --json] [-- --case NAME] [-- --job] [-- --exact]`: the offline planner on the testbed, mid
 * sizes, the paper's large scenario (fat-tree k = 90, 100,000 rules) and ten small instances solved exactly by
 * HiGHS. Each case runs in its own Node process (node --expose-gc --max-old-space-size=<cap> --import tsx), so
 * wall time and peak heap are per case. Prints a table, or with --json one JSON object per case per line.
 * With --job, each selected case instead runs the plan job's path (handlePlanJob on a better-sqlite3 file that
 * a setup process fills with the case's fabric, rules and telemetry; see ./job-case.ts) and reports its peak heap.
 * With --exact, the small cases' `optimumUs` comes from the MILP over every switch as owner (the true optimum;
 * minutes per instance) instead of the one over the planner's candidate owners.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES } from './cases';

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.includes('--case') ? args[args.indexOf('--case') + 1] : undefined;
const cases = only ? CASES.filter((c) => c.name === only || (only === 'small' && c.name.startsWith('small-'))) : CASES;
if (cases.length === 0) {
  console.error(`unknown case ${only}; known: ${CASES.map((c) => c.name).join(', ')}, small`);
  process.exit(2);
}
// The Worker isolate limit is 128 MB: every case runs with V8's old space capped at that (typed arrays come on
// top, outside the old space; peakHeapMB counts them).
const HEAP_CAP_MB = Number(process.env.PLANNER_BENCH_HEAP_CAP_MB ?? 128);
const runner = fileURLToPath(new URL('./run-case.ts', import.meta.url));
const jobRunner = fileURLToPath(new URL('./job-case.ts', import.meta.url));

if (args.includes('--job')) {
  for (const c of cases) {
    const dir = mkdtempSync(join(tmpdir(), 'piggycar-plan-job-'));
    try {
      const file = join(dir, 'bench.db');
      const setup = execFileSync(process.execPath, ['--import', 'tsx', jobRunner, 'setup', c.name, file], {
        encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
      });
      const { planId } = JSON.parse(setup.trim().split('\n').pop()!) as { planId: string };
      const out = execFileSync(process.execPath, [
        '--expose-gc', `--max-old-space-size=${HEAP_CAP_MB}`, '--import', 'tsx', jobRunner, 'run', c.name, file, planId,
      ], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      const row = JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
      if (json) process.stdout.write(`${JSON.stringify(row)}\n`);
      else console.log(`${row.case}: ${row.status}, ${row.rules} rules, wall ${row.wallMs} ms, peak heap ${row.peakHeapMB} MB, T = ${row.objectiveUs} µs`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.exit(0);
}

type Row = Record<string, unknown> & { case: string; baselineObjectiveUs: Record<string, number | null> };
const rows: Row[] = [];
for (const c of cases) {
  const out = execFileSync(process.execPath, ['--expose-gc', `--max-old-space-size=${HEAP_CAP_MB}`, '--import', 'tsx', runner, c.name], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24,
    env: { ...process.env, PLANNER_BENCH_EXACT: args.includes('--exact') ? '1' : '0' },
  });
  const row = JSON.parse(out.trim().split('\n').pop()!) as Row;
  rows.push(row);
  if (json) process.stdout.write(`${JSON.stringify(row)}\n`);
  else printRow(row, rows.length === 1);
}
if (!json) summary(rows);

function printRow(r: Row, header: boolean): void {
  const cols: [string, number][] = [
    ['case', 16], ['switches', 9], ['servers', 8], ['rules', 8], ['wallMs', 7], ['planMs', 7], ['peakHeapMB', 10], ['objectiveUs', 11],
    ['lowerBoundUs', 12], ['gap%', 7], ['optimumUs', 10], ['gw×', 9], ['sidecar×', 9], ['random×', 8], ['firstFit×', 9],
  ];
  if (header) console.log(cols.map(([k, w]) => k.padStart(w)).join(' '));
  const obj = r.objectiveUs as number;
  const ratio = (v: number | null): string => (v == null ? '-' : (v / obj).toFixed(2));
  const cell: Record<string, string> = {
    case: r.case, switches: String(r.switches), servers: String(r.servers), rules: String(r.rules),
    wallMs: String(r.wallMs), planMs: String(r.planMs), peakHeapMB: String(r.peakHeapMB), objectiveUs: obj.toFixed(3),
    lowerBoundUs: (r.lowerBoundUs as number).toFixed(3), 'gap%': (100 * (r.gapToLowerBound as number)).toFixed(2),
    optimumUs: r.optimumUs == null ? '-' : (r.optimumUs as number).toFixed(3),
    'gw×': ratio(r.baselineObjectiveUs.gateway), 'sidecar×': ratio(r.baselineObjectiveUs.sidecar),
    'random×': ratio(r.baselineObjectiveUs.random), 'firstFit×': ratio(r.baselineObjectiveUs.firstFit),
  };
  console.log(cols.map(([k, w]) => cell[k].padStart(w)).join(' '));
}

function summary(all: Row[]): void {
  const small = all.filter((r) => r.case.startsWith('small-'));
  if (small.length > 0) {
    const equal = small.filter((r) => r.optimumUs != null && (r.objectiveUs as number) <= (r.optimumUs as number) * (1 + 1e-6)).length;
    console.log(`\nsmall instances: objective equals the HiGHS optimum on ${equal} of ${small.length}`);
  }
  const gaps = all.map((r) => r.gapToLowerBound as number).sort((p, q) => p - q);
  console.log(`gap to lower bound: median ${(100 * gaps[Math.floor(gaps.length / 2)]).toFixed(2)} %, max ${(100 * gaps[gaps.length - 1]).toFixed(2)} %`);
}
