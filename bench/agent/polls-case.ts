import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { leafSpineFabric } from '../../src/core/fabric/generators/leaf-spine-fabric';
import { apiClient, startControlPlane } from '../../scripts/lib/control-plane-process';
import { REPO_ROOT } from '../../scripts/lib/loopback-fabric';
import { ProcessGroup } from '../../scripts/lib/process-group';

/** Result of the desired-state poll case. */
export interface PollsResult {
  case: 'desiredStatePolls304';
  agents: number;
  concurrency: number;
  durationMs: number;
  pollsPerSec: number;
  /** Baseline in the same run: GET /healthz (no auth, one trivial query) on the same server and client. */
  baselineHealthzPerSec: number;
  ratioToBaseline: number;
}

/**
 * 1,000 agents' If-None-Match polls (no wait) against the Node control plane as its own process: each request is
 * authenticated (token hash lookup), checks the fabric and plan fingerprint, and answers 304.
 */
export async function runPollsCase(o: { agents: number; concurrency: number; durationMs: number; log: (l: string) => void }): Promise<PollsResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'piggycar-bench-polls-'));
  const group = new ProcessGroup({ cwd: REPO_ROOT });
  try {
    const cp = await startControlPlane(group, { dbFile: path.join(dir, 'bench.db'), port: 0 });
    const api = apiClient(cp.url, cp.adminToken);
    const spines = 8;
    const fabric = leafSpineFabric({ name: 'bench', spines, leaves: o.agents - spines, serversPerLeaf: 1 });
    const put = await api('PUT', '/v1/fabrics/bench', { json: fabric });
    if (put.status >= 300) throw new Error(`PUT fabric: ${put.status} ${put.text}`);
    o.log(`fabric with ${fabric.switches.length} switches stored; creating ${o.agents} agent tokens and first ETags`);
    const agents: { path: string; token: string; etag: string }[] = [];
    for (const s of fabric.switches.slice(0, o.agents)) {
      const t = await api('POST', '/v1/tokens', { json: { name: `agent-${s.name}`, role: 'agent', fabric: 'bench', switch: s.name } });
      const token = (t.json as { token: string }).token;
      const route = `/v1/agents/${s.name}/desired-state`;
      const res = await fetch(`${cp.url}${route}`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`first GET for ${s.name}: ${res.status}`);
      agents.push({ path: route, token, etag: res.headers.get('etag')! });
    }
    const port = Number(new URL(cp.url).port);
    const baseline = await load(port, o.concurrency, o.durationMs, () => ({ path: '/healthz', headers: {} }), 200);
    let i = 0;
    const polls = await load(port, o.concurrency, o.durationMs, () => {
      const a = agents[i++ % agents.length];
      return { path: a.path, headers: { authorization: `Bearer ${a.token}`, 'if-none-match': a.etag } };
    }, 304);
    return {
      case: 'desiredStatePolls304', agents: agents.length, concurrency: o.concurrency, durationMs: o.durationMs,
      pollsPerSec: polls, baselineHealthzPerSec: baseline, ratioToBaseline: polls / baseline,
    };
  } finally {
    await group.stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Closed-loop load: `concurrency` keep-alive connections, each sending the next request when the last answers. */
async function load(
  port: number, concurrency: number, durationMs: number,
  next: () => { path: string; headers: Record<string, string> }, expectStatus: number,
): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let done = 0;
  let wrong = 0;
  const warmupEnd = Date.now() + 500;
  const end = warmupEnd + durationMs;
  let counted = 0;
  async function worker(): Promise<void> {
    while (Date.now() < end) {
      const req = next();
      const status = await new Promise<number>((resolve, reject) => {
        const r = http.request({ host: '127.0.0.1', port, path: req.path, headers: req.headers, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        r.on('error', reject);
        r.end();
      });
      if (status !== expectStatus) wrong++;
      done++;
      if (Date.now() >= warmupEnd) counted++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  if (wrong > 0) throw new Error(`${wrong} of ${done} answers were not ${expectStatus}`);
  return counted / (durationMs / 1000);
}
