/**
 * `npm run bench:fabric-store [-- --runs N] [-- --json]`: the paper's k = 90 fat-tree (10,125
 * switches, 89,100 servers, 453,600 links) generated, stored and read back on both shells:
 * - node: better-sqlite3 + createApp in-process (fresh process per run)
 * - node-heap128: the same with V8's heap capped at 128 MB, the Workers isolate limit
 * - workers: `wrangler dev` (workerd, local D1) over HTTP
 * Baseline in the same run: JSON.stringify / JSON.parse of the whole document (the floor for
 * storing it as text). Prints medians over runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const json = args.includes('--json');
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 3;
const only = args.includes('--case') ? args[args.indexOf('--case') + 1] : undefined;
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

type Row = Record<string, number | string>;

function runCase(name: string, script: string, env: Record<string, string> = {}): Row {
  const dir = mkdtempSync(join(tmpdir(), 'piggycar-bench-'));
  const r = spawnSync(TSX, [script], {
    encoding: 'utf8',
    env: { ...process.env, PIGGYCAR_BENCH_CASE: name, PIGGYCAR_BENCH_DIR: dir, ...env },
    maxBuffer: 1 << 24,
  });
  rmSync(dir, { recursive: true, force: true });
  const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (r.status !== 0 || line === undefined) {
    return { case: name, error: `exit ${r.status}: ${(r.stderr || r.stdout).split('\n').slice(-8).join(' | ')}` };
  }
  return { ...JSON.parse(line), case: name };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const cases: Array<[string, string, Record<string, string>]> = [
  ['node', 'bench/fabric-store/node-case.ts', {}],
  ['node-heap128', 'bench/fabric-store/node-case.ts', { NODE_OPTIONS: '--max-old-space-size=128', PIGGYCAR_BENCH_SKIP_BASELINE: '1' }],
  ['workers', 'bench/fabric-store/workers-case.ts', {}],
];

const results: Row[] = [];
for (const [name, script, env] of cases) {
  if (only !== undefined && only !== name) continue;
  const rows: Row[] = [];
  for (let i = 0; i < runs; i++) rows.push(runCase(name, script, env));
  const failed = rows.find((r) => 'error' in r);
  if (failed) {
    results.push(failed);
    continue;
  }
  const merged: Row = { case: name, runs };
  for (const key of Object.keys(rows[0])) {
    if (typeof rows[0][key] === 'number') merged[key] = median(rows.map((r) => r[key] as number));
  }
  results.push(merged);
}

for (const r of results) {
  if (typeof r.generateStoreMs === 'number' && typeof r.baselineStringifyMs === 'number') {
    r.storeVsStringify = +((r.generateStoreMs as number) / (r.baselineStringifyMs as number)).toFixed(1);
    r.loadVsParse = +((r.loadMs as number) / (r.baselineParseMs as number)).toFixed(1);
  }
}

if (json) {
  for (const r of results) console.log(JSON.stringify(r));
} else {
  const cols = ['case', 'runs', 'generateStoreMs', 'getStreamMs', 'getMB', 'loadMs', 'pathColdMs', 'pathWarmMs', 'baselineStringifyMs', 'baselineParseMs', 'peakRssMB', 'workerdPeakRssMB', 'error'];
  const shown = cols.filter((c) => results.some((r) => r[c] !== undefined));
  console.log(`k = 90 fat-tree, medians over ${runs} run(s)`);
  console.log(shown.join('\t'));
  for (const r of results) console.log(shown.map((c) => String(r[c] ?? '-')).join('\t'));
}
