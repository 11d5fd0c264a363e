/**
 * One run of the k = 90 fat-tree on the Worker shell: `wrangler dev` (workerd + local D1 with
 * migrations/ applied by `wrangler d1 migrations apply DB --local`), driven over HTTP. Prints one
 * JSON line; peak memory is the VmHWM of the workerd process that runs the Worker.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { K90_SPEC } from './spec';

const WRANGLER = join(process.cwd(), 'node_modules', '.bin', 'wrangler');
const TOKEN = 'pc_bench_workers_admin';
const PORT = 18000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${PORT}`;
const auth = { authorization: `Bearer ${TOKEN}` };

function children(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry), ...children(Number(entry)));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

function workerdPeaks(root: number): { pid: number; hwmMB: number; rssMB: number }[] {
  return children(root)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('workerd');
      } catch {
        return false;
      }
    })
    .map((pid) => {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
      return { pid, hwmMB: kb('VmHWM'), rssMB: kb('VmRSS') };
    });
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await fn();
  return [v, performance.now() - t];
}

const dir = mkdtempSync(join(tmpdir(), 'piggycar-bench-wrangler-'));
let dev: ChildProcess | undefined;
try {
  const apply = spawnSync(WRANGLER, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', join(dir, 'state')], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  if (apply.status !== 0) throw new Error(`migrations apply failed:\n${apply.stdout}\n${apply.stderr}`);
  dev = spawn(
    WRANGLER,
    ['dev', '--port', String(PORT), '--ip', '127.0.0.1', '--persist-to', join(dir, 'state'), '--var', `PIGGYCAR_ADMIN_TOKEN:${TOKEN}`],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let log = '';
  dev.stdout?.on('data', (d) => (log += String(d)));
  dev.stderr?.on('data', (d) => (log += String(d)));
  for (let i = 0; ; i++) {
    if (i > 180) throw new Error(`wrangler dev did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 1000));
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
  }
  const before = workerdPeaks(dev.pid!);
  const [gen, generateStoreMs] = await timed(() =>
    fetch(`${base}/v1/fabrics/ft90/generate`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(K90_SPEC) }),
  );
  if (gen.status !== 201) throw new Error(`generate: ${gen.status} ${await gen.text()}`);
  const summary = (await gen.json()) as { switchCount: number; serverCount: number; linkCount: number };
  const [bytes, getMs] = await timed(async () => (await (await fetch(`${base}/v1/fabrics/ft90`, { headers: auth })).arrayBuffer()).byteLength);
  const [servers, listMs] = await timed(async () => (await (await fetch(`${base}/v1/fabrics/ft90/servers?limit=10000`, { headers: auth })).json()) as { total: number });
  const [pathRes, pathColdMs] = await timed(() => fetch(`${base}/v1/fabrics/ft90/paths?from=server-1-1-1&to=server-90-45-22`, { headers: auth }));
  const path = (await pathRes.json()) as { hops: number };
  const [, pathWarmMs] = await timed(async () => (await fetch(`${base}/v1/fabrics/ft90/paths?from=server-2-1-1&to=server-89-45-22`, { headers: auth })).arrayBuffer());
  const after = workerdPeaks(dev.pid!);
  const worker = after.reduce((a, b) => (b.hwmMB > a.hwmMB ? b : a));
  const idle = before.find((p) => p.pid === worker.pid);
  console.log(
    JSON.stringify({
      case: 'workers (wrangler dev, local D1)',
      switches: summary.switchCount,
      servers: summary.serverCount,
      links: summary.linkCount,
      generateStoreMs: Math.round(generateStoreMs),
      getStreamMs: Math.round(getMs),
      getMB: +(bytes / 1e6).toFixed(1),
      listServersMs: Math.round(listMs),
      serversTotal: servers.total,
      pathColdMs: Math.round(pathColdMs),
      pathWarmMs: Math.round(pathWarmMs),
      pathHops: path.hops,
      workerdIdleRssMB: Math.round(idle?.rssMB ?? 0),
      workerdPeakRssMB: Math.round(worker.hwmMB),
    }),
  );
} finally {
  if (dev?.pid !== undefined) {
    try {
      process.kill(-dev.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await new Promise((r) => setTimeout(r, 1500));
  rmSync(dir, { recursive: true, force: true });
}
