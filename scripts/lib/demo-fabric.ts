import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FabricDocument } from '../../src/core/fabric/types';
import { buildFabricGraph } from '../../src/core/fabric/graph';
import { apiClient, startControlPlane, type ControlPlaneProcess } from './control-plane-process';
import { loopbackLayout, startAgent, startSoftwareSwitch, switchPortsArg, type AgentRuntime, type Endpoint, type RunningSwitch } from './loopback-fabric';
import type { ManagedProcess, ProcessGroup } from './process-group';

/** Where the bookinfo sample lives: examples/bookinfo, copied unchanged from Istio (see its SOURCE.md). */
export const BOOKINFO_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../examples/bookinfo');
/** The bookinfo files the demo applies: services and deployments, subsets, reviews 80/20. */
export const BOOKINFO_FILES = ['bookinfo.yaml', 'destination-rule-all.yaml', 'virtual-service-reviews-80-20.yaml'];

/** A running demo fabric: control plane, one software switch and one agent per switch. */
export interface DemoFabric {
  controlPlane: ControlPlaneProcess;
  fabric: FabricDocument;
  layout: Map<string, Endpoint>;
  octet: number;
  switches: Map<string, RunningSwitch>;
  agents: Map<string, ManagedProcess>;
  agentTokens: Map<string, string>;
  planVersion: number;
  /** Restarts one switch's agent (e.g. after killing it). */
  restartAgent(name: string): ManagedProcess;
}

/** Options of {@link startDemoFabric}. */
export interface DemoOptions {
  dbFile: string;
  /** Control plane port (0 = any free port). */
  port: number;
  /** Second octet of the loopback addresses (127.<octet>.x.y). */
  octet: number;
  agentRuntime: AgentRuntime;
  /** Directory for agents' saved desired state. */
  stateDir: string;
  telemetryIntervalMs?: number;
  /** Seed for the agents' weighted random choice (reproducible demo and tests). */
  seed?: number;
  log: (line: string) => void;
  /** Bootstrap admin token; default: a fresh random one. */
  adminToken?: string;
}

/**
 * Brings up the whole demo: the control plane (Node shell) with the testbed fabric, bookinfo's services and
 * rules applied through the Istio API, a ready plan, then a software switch and an agent per switch on
 * loopback, and waits until every agent has applied the plan (rollout applied = total).
 *
 * @example
 * const demo = await startDemoFabric(group, { dbFile, port: 8787, octet: 77, agentRuntime: 'tsx', stateDir, log: console.log });
 */
export async function startDemoFabric(group: ProcessGroup, o: DemoOptions): Promise<DemoFabric> {
  o.log('starting the control plane');
  const controlPlane = await startControlPlane(group, { dbFile: o.dbFile, port: o.port, ...(o.adminToken ? { adminToken: o.adminToken } : {}) });
  const api = apiClient(controlPlane.url, controlPlane.adminToken);

  let fabricRes = await api('GET', '/v1/fabrics/testbed');
  if (fabricRes.status === 404) {
    const { testbedFabric } = await import('../../src/core/fabric/generators/testbed-fabric');
    const put = await api('PUT', '/v1/fabrics/testbed', { json: testbedFabric() });
    if (put.status >= 300) throw new Error(`loading the testbed fabric failed: ${put.status} ${put.text}`);
    fabricRes = await api('GET', '/v1/fabrics/testbed');
  }
  if (fabricRes.status !== 200) throw new Error(`reading the testbed fabric failed: ${fabricRes.status} ${fabricRes.text}`);
  const before = await rollout(api);

  let changed = false;
  for (const name of BOOKINFO_FILES) {
    const res = await api('POST', '/v1/fabrics/testbed/istio', { yaml: readFileSync(path.join(BOOKINFO_DIR, name), 'utf8') });
    if (res.status >= 300) throw new Error(`applying ${name} failed: ${res.status} ${res.text}`);
    if ((res.json as { changed?: boolean } | undefined)?.changed !== false) changed = true;
    o.log(`applied ${name}`);
  }
  // An unchanged database (a second start on the same file) already has its plan.
  const reuse = !changed && before.planVersion > 0;
  if (!reuse) o.log('waiting for the plan');
  const planVersion = reuse ? before.planVersion : await waitForPlan(api, before.planVersion, 60_000);
  // The fabric as stored (with the pods bookinfo's Deployments placed).
  const fabric = (await api('GET', '/v1/fabrics/testbed')).json as FabricDocument;
  o.log(`plan ${planVersion} is ready`);

  const graph = buildFabricGraph(fabric);
  const layout = loopbackLayout(fabric, o.octet);
  const switches = new Map<string, RunningSwitch>();
  const agents = new Map<string, ManagedProcess>();
  const agentTokens = new Map<string, string>();
  await Promise.all(fabric.switches.map(async function launch(s) {
    const sw = await startSoftwareSwitch(group, { name: s.name, listen: layout.get(s.name)!, ports: switchPortsArg(graph, s.name, layout) });
    switches.set(s.name, sw);
  }));
  for (const s of fabric.switches) {
    const res = await api('POST', '/v1/tokens', { json: { name: `agent-${s.name}`, role: 'agent', fabric: 'testbed', switch: s.name } });
    if (res.status !== 201) throw new Error(`creating the agent token of ${s.name} failed: ${res.status} ${res.text}`);
    agentTokens.set(s.name, (res.json as { token: string }).token);
  }
  function restartAgent(name: string): ManagedProcess {
    const agent = startAgent(group, {
      switchName: name, controlPlane: controlPlane.url, token: agentTokens.get(name)!, target: switches.get(name)!.grpcTarget,
      runtime: o.agentRuntime, stateFile: path.join(o.stateDir, `agent-${name}.json`),
      telemetryIntervalMs: o.telemetryIntervalMs ?? 1000, electionId: BigInt(Date.now()) * 1000n + BigInt(agents.size),
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
    });
    agents.set(name, agent);
    return agent;
  }
  for (const s of fabric.switches) restartAgent(s.name);
  o.log('waiting until every agent has applied the plan');
  await waitForRollout(api, planVersion, 180_000);
  return { controlPlane, fabric, layout, octet: o.octet, switches, agents, agentTokens, planVersion, restartAgent };
}

type Api = ReturnType<typeof apiClient>;

async function rollout(api: Api): Promise<{ planVersion: number; applied: number; total: number }> {
  const res = await api('GET', '/v1/fabrics/testbed/rollout');
  if (res.status !== 200) throw new Error(`reading the rollout failed: ${res.status} ${res.text}`);
  return res.json as { planVersion: number; applied: number; total: number };
}

/** Waits until the fabric's current ready plan is newer than `after`. */
export async function waitForPlan(api: Api, after: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await rollout(api);
    if (r.planVersion > after) return r.planVersion;
    if (Date.now() > deadline) throw new Error(`no ready plan newer than version ${after} within ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** Waits until every switch reports having applied `planVersion`. */
export async function waitForRollout(api: Api, planVersion: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await rollout(api);
    if (r.planVersion >= planVersion && r.applied === r.total) return;
    if (Date.now() > deadline) throw new Error(`rollout of plan ${planVersion} incomplete after ${timeoutMs} ms: ${r.applied}/${r.total}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}
