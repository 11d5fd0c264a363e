/**
 * Classifier benchmark: request heads per second per core for the streaming parse-and-match
 * classifier against a naive parse-whole-head-then-try-each-rule baseline, on the same heads.
 *
 *   npm run bench:classifier            # table
 *   npm run bench:classifier -- --json  # one JSON object per case per line
 *   options: --seconds=S of CPU time per measurement (default 0.5), --runs=N (default 5, median reported)
 *
 * headsPerSec is heads per CPU-second of the (single-threaded) loop, i.e. per core; wallHeadsPerSec
 * is per wall-clock second and drops when other processes share the cores (loadAverage1m says how busy).
 */
import { loadavg } from 'node:os';
import { ClassifierSession, classifyHead } from '../../src/core/classifier/classifier-session';
import { compileClassifier } from '../../src/core/classifier/compile-classifier';
import { compileNaiveClassifier } from '../../src/core/classifier/naive-classifier';
import type { Decision } from '../../src/core/classifier/compiled-classifier';
import { manyHostsCase, oneHostCase, type ClassifierCase } from './workload';

const args = process.argv.slice(2);
const json = args.includes('--json');
const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 0.5);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Runs `fn` over the heads repeatedly for ~`seconds` of this process's CPU time; returns heads per
 * CPU-second (= per core: the loop is single-threaded) and per wall-second (lower on a shared machine).
 */
function measure(heads: Uint8Array[], fn: (h: Uint8Array) => Decision): { cpu: number; wall: number } {
  let n = 0;
  let sink = 0;
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  let cpuUs = 0;
  while (cpuUs < seconds * 1e6) {
    for (let i = 0; i < heads.length; i++) sink += fn(heads[i]).kind.length;
    n += heads.length;
    const d = process.cpuUsage(cpu0);
    cpuUs = d.user + d.system;
  }
  const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
  if (sink === 0) console.error('unreachable');
  return { cpu: n / (cpuUs / 1e6), wall: n / wall };
}

function runCase(c: ClassifierCase): Record<string, unknown> {
  const compiled = compileClassifier(c.entries);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const naive = compileNaiveClassifier(c.entries);
  const session = new ClassifierSession(compiled.value);
  const streaming = (h: Uint8Array): Decision => {
    session.reset();
    return session.push(h) ?? session.finish();
  };
  // Calibration: only find the line ends of each head (a floor for any byte-by-byte parser in JS on this machine now).
  const scanOnly = (h: Uint8Array): Decision => {
    let n = 0;
    for (let i = 0; i < h.length; i++) if (h[i] === 10) n++;
    return n > 0 ? NO_MATCH : MALFORMED;
  };
  // Split case: every head arrives in two chunks cut mid-header (the streaming path with buffering).
  const split = (h: Uint8Array): Decision => {
    session.reset();
    const cut = h.length >> 1;
    return session.push(h.subarray(0, cut)) ?? session.push(h.subarray(cut)) ?? session.finish();
  };
  let mismatches = 0;
  for (const h of c.heads) {
    const a = classifyHead(compiled.value, h);
    const b = naive.classify(h);
    if (a.kind !== b.kind || (a.kind === 'match' && b.kind === 'match' && a.ruleId !== b.ruleId)) mismatches++;
  }
  measure(c.heads, streaming); // warm-up
  measure(c.heads, naive.classify);
  const s: number[] = [];
  const sw: number[] = [];
  const sp: number[] = [];
  const nv: number[] = [];
  const sc: number[] = [];
  for (let r = 0; r < runs; r++) {
    sc.push(measure(c.heads, scanOnly).cpu);
    const m = measure(c.heads, streaming);
    s.push(m.cpu);
    sw.push(m.wall);
    sp.push(measure(c.heads, split).cpu);
    nv.push(measure(c.heads, naive.classify).cpu);
  }
  const avgBytes = c.heads.reduce((t, h) => t + h.length, 0) / c.heads.length;
  const headsPerSec = Math.round(median(s));
  const baselineHeadsPerSec = Math.round(median(nv));
  return {
    case: c.name,
    rules: c.entries.length,
    heads: c.heads.length,
    avgHeadBytes: Math.round(avgBytes),
    headsPerSec,
    wallHeadsPerSec: Math.round(median(sw)),
    splitHeadsPerSec: Math.round(median(sp)),
    baselineHeadsPerSec,
    ratio: Math.round((headsPerSec / baselineHeadsPerSec) * 100) / 100,
    scanOnlyHeadsPerSec: Math.round(median(sc)),
    target: 1_000_000,
    meetsTarget: headsPerSec >= 1_000_000,
    decisionsAgreeWithBaseline: mismatches === 0,
    runs,
    cpuSecondsPerRun: seconds,
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
  };
}

const NO_MATCH: Decision = { kind: 'no-match' };
const MALFORMED: Decision = { kind: 'malformed', reason: 'no line' };

const cases = [manyHostsCase(), oneHostCase()];
const rows = cases.map(runCase);
if (json) {
  for (const r of rows) console.log(JSON.stringify(r));
} else {
  console.log(`classifier benchmark (heads per CPU-second of one core, in process; median of ${runs} runs; load average ${loadavg()[0].toFixed(2)})`);
  console.log('case                               rules  bytes   streaming/s  split(2)/s  baseline/s  ratio  scan-only/s  ≥1M  agree');
  for (const r of rows) {
    console.log(
      `${String(r.case).padEnd(34)} ${String(r.rules).padStart(5)} ${String(r.avgHeadBytes).padStart(6)} ${String(r.headsPerSec).padStart(12)} ${String(r.splitHeadsPerSec).padStart(11)} ${String(r.baselineHeadsPerSec).padStart(11)} ${String(r.ratio).padStart(6)} ${String(r.scanOnlyHeadsPerSec).padStart(12)}  ${r.meetsTarget ? 'yes' : 'no '}  ${r.decisionsAgreeWithBaseline ? 'yes' : 'NO'}`,
    );
  }
}
