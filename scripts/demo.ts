/**
 * `npm start`: the running demo fabric. Starts the control plane (the Node shell, data/demo/piggycar.db) with the
 * paper's testbed fabric, applies bookinfo (services, subsets, reviews 80/20) through the Istio API, waits for the
 * plan, starts a software switch and an agent for each of the 4 switches on 127.<octet>.0.x, and says where to
 * look. Ctrl-C stops everything. Environment: PORT (default 8787), PIGGYCAR_DB (default: a fresh data/demo/piggycar.db),
 * PIGGYCAR_ADMIN_TOKEN (default: a fresh one, printed), PIGGYCAR_DEMO_OCTET (default 77), PIGGYCAR_DEMO_VERBOSE=1.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startDemoFabric } from './lib/demo-fabric';
import { REPO_ROOT } from './lib/loopback-fabric';
import { ProcessGroup } from './lib/process-group';

const dataDir = path.join(REPO_ROOT, 'data/demo');
// PIGGYCAR_DB (as for the plain Node shell) keeps the control plane's database; otherwise a fresh one in data/demo.
const dbFile = process.env.PIGGYCAR_DB;
const port = Number(process.env.PORT ?? 8787);
const octet = Number(process.env.PIGGYCAR_DEMO_OCTET ?? 77);
const verbose = process.env.PIGGYCAR_DEMO_VERBOSE === '1';

function log(line: string): void {
  process.stdout.write(`piggycar demo: ${line}\n`);
}

async function main(): Promise<void> {
  // A fresh demo database each start (unless PIGGYCAR_DB names one), so the demo always tells the same story.
  if (!dbFile) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const group = new ProcessGroup({
    cwd: REPO_ROOT,
    echo: (name, line) => {
      if (verbose || name === 'control-plane' || /error|failed|unreachable|lost/i.test(line)) process.stdout.write(`[${name}] ${line}\n`);
    },
  });
  let stopping = false;
  async function stop(code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    log('stopping the agents, switches and control plane');
    await group.stopAll();
    process.exit(code);
  }
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    const demo = await startDemoFabric(group, {
      dbFile: dbFile ?? path.join(dataDir, 'piggycar.db'), port, octet, agentRuntime: 'tsx', stateDir: dataDir, log,
      ...(process.env.PIGGYCAR_ADMIN_TOKEN ? { adminToken: process.env.PIGGYCAR_ADMIN_TOKEN } : {}),
    });
    const info = { controlPlane: demo.controlPlane.url, adminToken: demo.controlPlane.adminToken, octet, fabric: 'testbed' };
    writeFileSync(path.join(dataDir, 'demo.json'), JSON.stringify(info, null, 2));
    const cp = demo.controlPlane.url;
    const sw = [...demo.switches.values()].map((s) => `    ${s.name.padEnd(8)} udp ${s.listen.host}:${s.listen.port}  P4Runtime ${s.grpcTarget}`).join('\n');
    process.stdout.write(`
PiggyCar demo is running (plan ${demo.planVersion} applied on all ${demo.switches.size} switches).

  Control plane   ${cp}   (OpenAPI: ${cp}/openapi.json)
  Admin token     ${info.adminToken}
  Software switches and their agents:
${sw}

Where to look (add -H "authorization: Bearer <admin token>"):
  curl ${cp}/v1/fabrics/testbed/rules                         the bookinfo rules (reviews 80/20) with their VNIs
  curl ${cp}/v1/fabrics/testbed/rollout                       which switches applied the plan
  curl ${cp}/v1/fabrics/testbed/telemetry/switches/core1      sessions, misses, occupancy reported by an agent
  curl "${cp}/v1/agents/core1/desired-state?fabric=testbed"   what an agent is told to program

Send traffic through it (in another terminal):  npm run traffic
Stop with Ctrl-C.
`);
  } catch (err) {
    process.stderr.write(`piggycar demo: ${(err as Error).message}\n`);
    await stop(1);
  }
}

void main();
