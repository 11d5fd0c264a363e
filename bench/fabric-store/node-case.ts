/**
 * One run of the k = 90 fat-tree on the Node shell's parts (better-sqlite3 temp file, createApp
 * in-process), printed as one JSON line. Run by ./run.ts in a fresh process per run so peak memory
 * (VmHWM) belongs to this run alone.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/api/app';
import { hashToken } from '../../src/api/token-hash';
import { generateFabric } from '../../src/core/fabric/generators/generate-fabric';
import { loadFabric } from '../../src/db/fabric-store';
import { openSqliteDatabase } from '../../src/db/open-sqlite';
import { SqliteJobQueue } from '../../src/jobs/queue-sqlite';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/server/start';
import { K90_SPEC } from './spec';

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t = performance.now();
  const v = await fn();
  return [v, performance.now() - t];
}

// run.ts passes the folder (and removes it) so even a run that dies of OOM leaves nothing behind.
const dir = process.env.PIGGYCAR_BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'piggycar-bench-'));
const handle = openSqliteDatabase(join(dir, 'bench.db'), DEFAULT_MIGRATIONS_DIR);
const token = 'pc_bench_admin';
const rb = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const app = createApp({
  db: handle.db,
  queue: new SqliteJobQueue(handle.db, { now: Date.now, randomBytes: rb }),
  now: Date.now,
  randomBytes: rb,
  bootstrapAdminTokenHash: await hashToken(token),
});
const auth = { authorization: `Bearer ${token}` };
const startRss = peakRssMb();

const [genRes, generateStoreMs] = await timed(() =>
  app.request('/v1/fabrics/ft90/generate', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(K90_SPEC) }),
);
if (genRes.status !== 201) throw new Error(`generate: ${genRes.status} ${await genRes.text()}`);
const summary = (await genRes.json()) as { switchCount: number; serverCount: number; linkCount: number };
const afterStoreRss = peakRssMb();

console.error(`stored in ${Math.round(generateStoreMs)} ms`);
const [bytes, getMs] = await timed(async () => {
  const res = await app.request('/v1/fabrics/ft90', { headers: auth });
  let n = 0;
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.byteLength;
  }
  return n;
});
console.error(`streamed in ${Math.round(getMs)} ms`);
const [links, loadMs] = await timed(async () => (await loadFabric(handle.db, 'ft90'))?.links.length);
console.error(`loaded in ${Math.round(loadMs)} ms`);
const [pathRes, pathColdMs] = await timed(() => app.request('/v1/fabrics/ft90/paths?from=server-1-1-1&to=server-90-45-22', { headers: auth }));
const [, pathWarmMs] = await timed(() => app.request('/v1/fabrics/ft90/paths?from=server-2-1-1&to=server-89-45-22', { headers: auth }));
const peakRss = peakRssMb();

// Baseline in the same run: the cheapest possible storage, one JSON text of the whole document
// (skipped under the 128 MB heap cap: holding text and objects at once is exactly what the store avoids).
let stringifyMs = Number.NaN;
let parseMs = Number.NaN;
if (process.env.PIGGYCAR_BENCH_SKIP_BASELINE !== '1') {
  const generated = generateFabric(K90_SPEC);
  if (!generated.ok) throw new Error('generate failed');
  const [text, s] = await timed(() => JSON.stringify(generated.fabric));
  [, parseMs] = await timed(() => JSON.parse(text));
  stringifyMs = s;
}
const dbBytes = (handle.sqlite.prepare("select sum(length(body)) as n, count(*) as c from fabric_chunks where fabric = 'ft90'").get() as { n: number; c: number });

console.log(
  JSON.stringify({
    case: process.env.PIGGYCAR_BENCH_CASE ?? 'node',
    switches: summary.switchCount,
    servers: summary.serverCount,
    links: summary.linkCount,
    chunks: dbBytes.c,
    storedMB: +(dbBytes.n / 1e6).toFixed(1),
    generateStoreMs: Math.round(generateStoreMs),
    getStreamMs: Math.round(getMs),
    getMB: +(bytes / 1e6).toFixed(1),
    loadMs: Math.round(loadMs),
    loadedLinks: links,
    pathColdMs: Math.round(pathColdMs),
    pathWarmMs: Math.round(pathWarmMs),
    pathStatus: pathRes.status,
    ...(Number.isNaN(stringifyMs) ? {} : { baselineStringifyMs: Math.round(stringifyMs), baselineParseMs: Math.round(parseMs) }),
    startRssMB: Math.round(startRss),
    afterStoreRssMB: Math.round(afterStoreRss),
    peakRssMB: Math.round(peakRss),
  }),
);
handle.close();
rmSync(dir, { recursive: true, force: true });
