/**
 * Fabric benchmark: generate + validate + build the graph for the paper's large scale (k = 90 fat-tree,
 * 22 servers per edge), then time path queries (bidirectional BFS) against a baseline one-sided full BFS
 * from the target (what a naive shortest path with the tie-break would cost).
 *
 * Run: `npm run bench:fabric` (table) or `npm run bench:fabric -- --json` (one JSON object per case).
 * Optional: `-- --k 48 --servers 22 --queries 2000`.
 */
import { cpus, loadavg } from 'node:os';
import { fatTreeFabric } from '../../src/core/fabric/generators/fat-tree-fabric';
import { buildFabricGraph } from '../../src/core/fabric/graph';
import { hopDistancesFrom } from '../../src/core/fabric/hop-distances';
import { FabricDocumentSchema } from '../../src/core/fabric/schema';
import { validateFabric } from '../../src/core/fabric/validate';
import { parseDocuments } from '../../src/core/yaml/parse-documents';

const args = process.argv.slice(2);
const json = args.includes('--json');
function arg(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}
const k = arg('k', 90);
const serversPerEdge = arg('servers', 22);
const queries = arg('queries', 2000);
const reps = arg('reps', 3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
let peakRss = 0;
function sample(): void { peakRss = Math.max(peakRss, process.memoryUsage().rss); }

const rows: Array<Record<string, string | number>> = [];
function report(row: Record<string, string | number>): void {
  rows.push(row);
  if (json) console.log(JSON.stringify(row));
}

/** CPU ms of this process (user + system): steadier than wall time on a shared machine. */
function cpuMs(): number { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }
const gen: number[] = [], val: number[] = [], build: number[] = [];
const genCpu: number[] = [], valCpu: number[] = [], buildCpu: number[] = [];
let doc = fatTreeFabric({ k, serversPerEdge });
let graph = buildFabricGraph(doc);
for (let r = 0; r < reps; r++) {
  let t = performance.now(), c = cpuMs();
  doc = fatTreeFabric({ k, serversPerEdge });
  gen.push(performance.now() - t); genCpu.push(cpuMs() - c); sample();
  t = performance.now(); c = cpuMs();
  const v = validateFabric(doc);
  val.push(performance.now() - t); valCpu.push(cpuMs() - c); sample();
  if (!v.ok) throw new Error(`generated fabric invalid: ${JSON.stringify(v.errors.slice(0, 3))}`);
  t = performance.now(); c = cpuMs();
  graph = buildFabricGraph(doc);
  build.push(performance.now() - t); buildCpu.push(cpuMs() - c); sample();
}
const scale = `k=${k} spe=${serversPerEdge} (${doc.switches.length} sw, ${doc.servers.length} srv, ${doc.links.length} links)`;
report({ case: 'generate', scale, medianMs: +median(gen).toFixed(1), medianCpuMs: +median(genCpu).toFixed(1), reps });
report({ case: 'validate', scale, medianMs: +median(val).toFixed(1), medianCpuMs: +median(valCpu).toFixed(1), reps });
report({ case: 'buildGraph', scale, medianMs: +median(build).toFixed(1), medianCpuMs: +median(buildCpu).toFixed(1), reps });

// Random server pairs from a seeded LCG (deterministic run to run).
let seed = 12345;
function rnd(n: number): number { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor((seed / 2147483648) * n); }
const pairs: Array<[number, number]> = [];
const servers = graph.nodeCount - graph.switchCount;
for (let i = 0; i < queries; i++) pairs.push([graph.switchCount + rnd(servers), graph.switchCount + rnd(servers)]);

let hops = 0;
const each: number[] = [];
let t = performance.now();
for (const [s, d] of pairs) {
  const q = performance.now();
  hops += graph.path(s, d).links.length;
  each.push((performance.now() - q) * 1000);
}
const pathUs = ((performance.now() - t) / queries) * 1000;
sample();
const sorted = [...each].sort((a, b) => a - b);
report({
  case: 'path (bidirectional BFS)', scale, meanUs: +pathUs.toFixed(1), medianUs: +median(each).toFixed(1),
  p99Us: +sorted[Math.floor(sorted.length * 0.99)].toFixed(1), queries, meanHops: +(hops / queries).toFixed(2),
});

const baseQueries = Math.min(queries, 200);
t = performance.now();
for (const [, d] of pairs.slice(0, baseQueries)) hopDistancesFrom(graph, d);
const baseUs = ((performance.now() - t) / baseQueries) * 1000;
sample();
report({ case: 'baseline: full BFS per query', scale, meanUs: +baseUs.toFixed(1), queries: baseQueries, speedup: +(baseUs / pathUs).toFixed(1) });
// Request-path parsing of the whole document: parseDocuments (depth scan + JSON.parse) and the zod schema,
// against plain JSON.parse as the baseline.
const text = JSON.stringify(doc);
const rawParse: number[] = [], safeParse: number[] = [], zodParse: number[] = [];
for (let r = 0; r < reps; r++) {
  let q = performance.now();
  JSON.parse(text);
  rawParse.push(performance.now() - q);
  q = performance.now();
  const parsed = parseDocuments(text);
  safeParse.push(performance.now() - q); sample();
  if (!parsed.ok) throw new Error(parsed.error.reason);
  q = performance.now();
  if (!FabricDocumentSchema.safeParse(parsed.documents[0]).success) throw new Error('schema rejected the generated fabric');
  zodParse.push(performance.now() - q); sample();
}
const mb = +(text.length / 1e6).toFixed(1);
report({ case: 'baseline: JSON.parse', scale, medianMs: +median(rawParse).toFixed(1), jsonMB: mb });
report({ case: 'parseDocuments (JSON)', scale, medianMs: +median(safeParse).toFixed(1), ratio: +(median(safeParse) / median(rawParse)).toFixed(2) });
report({ case: 'FabricDocumentSchema', scale, medianMs: +median(zodParse).toFixed(1) });
report({ case: 'peak RSS', scale, mb: Math.round(peakRss / 1e6) });
// The machine may be shared: the 1-minute load average says how much to trust the wall-clock columns.
report({ case: 'load average (1 min)', scale, value: +loadavg()[0].toFixed(2), cpus: cpus().length });

if (!json) {
  console.log(`fabric bench: ${scale}`);
  for (const row of rows) {
    const { case: name, scale: _s, ...rest } = row;
    console.log(`${String(name).padEnd(30)} ${Object.entries(rest).map(([key, v]) => `${key}=${v}`).join('  ')}`);
  }
}
