import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { portsOf } from '../../src/core/desired-state/compile';
import type { FabricGraph } from '../../src/core/fabric/fabric-graph';
import type { FabricDocument } from '../../src/core/fabric/types';
import { VXLAN_UDP_PORT } from '../../src/core/packet/constants';
import type { ManagedProcess, ProcessGroup } from './process-group';

/** The repository root (for spawning the switch and agent entry points). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A UDP endpoint. */
export interface Endpoint {
  host: string;
  port: number;
}

/**
 * Where each fabric node (switch or server) lives on loopback: node i of the document (switches first, then
 * servers) at 127.<octet>.<i div 250>.<i mod 250 + 1>, UDP port 4789. A distinct second octet per run keeps
 * parallel runs (tests, the demo) apart.
 *
 * @example
 * loopbackLayout(testbedFabric(), 77).get('core1'); // { host: '127.77.0.1', port: 4789 }
 */
export function loopbackLayout(doc: FabricDocument, octet: number): Map<string, Endpoint> {
  const names = [...doc.switches.map((s) => s.name), ...doc.servers.map((s) => s.name)];
  const out = new Map<string, Endpoint>();
  names.forEach(function place(name, i) {
    out.set(name, { host: `127.${octet}.${Math.floor(i / 250)}.${(i % 250) + 1}`, port: VXLAN_UDP_PORT });
  });
  return out;
}

/**
 * The `--ports` argument of a software switch: port p → the UDP endpoint of its p-th neighbour (the same
 * numbering the desired-state compiler uses for routes).
 *
 * @example
 * switchPortsArg(graph, 'access1', layout); // '1=127.77.0.1:4789,2=127.77.0.5:4789,3=127.77.0.6:4789'
 */
export function switchPortsArg(graph: FabricGraph, switchName: string, layout: Map<string, Endpoint>): string {
  const node = graph.indexOf(switchName);
  if (node === undefined) throw new Error(`no switch ${switchName}`);
  return portsOf(graph, node)
    .map(function port(p) {
      const ep = layout.get(p.neighbour)!;
      return `${p.port}=${ep.host}:${ep.port}`;
    })
    .join(',');
}

/** A running software switch. */
export interface RunningSwitch {
  name: string;
  process: ManagedProcess;
  listen: Endpoint;
  /** host:port of its P4Runtime server. */
  grpcTarget: string;
}

/**
 * Starts one software switch process (H6's switch-agent/software-switch/main.ts) and waits for its ready line.
 *
 * @example
 * const sw = await startSoftwareSwitch(group, { name: 'core1', listen, ports: switchPortsArg(g, 'core1', layout) });
 */
export async function startSoftwareSwitch(
  group: ProcessGroup,
  o: { name: string; listen: Endpoint; ports: string; deviceId?: number; sessionCapacity?: number; agingIntervalMs?: number; statsFile?: string },
): Promise<RunningSwitch> {
  // PIGGYCAR_SWITCH_NODE_ARGS: extra node flags for the software switches (e.g. --cpu-prof when profiling a benchmark).
  const nodeArgs = process.env.PIGGYCAR_SWITCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const args = [
    ...nodeArgs,
    '--import', 'tsx', path.join(REPO_ROOT, 'switch-agent/software-switch/main.ts'),
    '--name', o.name,
    '--listen', `${o.listen.host}:${o.listen.port}`,
    '--ports', o.ports,
    '--grpc', '127.0.0.1:0',
    '--device-id', String(o.deviceId ?? 1),
  ];
  if (o.sessionCapacity !== undefined) args.push('--capacity', `tc_session_table=${o.sessionCapacity}`);
  if (o.agingIntervalMs !== undefined) args.push('--aging-interval-ms', String(o.agingIntervalMs));
  if (o.statsFile !== undefined) args.push('--stats-file', o.statsFile);
  const proc = group.spawn(`switch ${o.name}`, process.execPath, args);
  const line = await proc.waitForLine((l) => l.includes('"event":"ready"'), 30_000);
  const ready = JSON.parse(line) as { grpcPort: number };
  return { name: o.name, process: proc, listen: o.listen, grpcTarget: `127.0.0.1:${ready.grpcPort}` };
}

/** How to run the agent: the bundle (dist/piggycar-agent.mjs) or the TypeScript entry through tsx. */
export type AgentRuntime = 'bundle' | 'tsx';

/**
 * Starts one agent process for a switch.
 *
 * @example
 * const agent = startAgent(group, { switchName: 'core1', controlPlane: url, token, target: sw.grpcTarget });
 */
export function startAgent(
  group: ProcessGroup,
  o: {
    switchName: string; controlPlane: string; token: string; target: string; runtime?: AgentRuntime;
    stateFile?: string; telemetryIntervalMs?: number; seed?: number; electionId?: number | bigint; extraArgs?: string[];
  },
): ManagedProcess {
  const entry = o.runtime === 'bundle'
    ? [path.join(REPO_ROOT, 'dist/piggycar-agent.mjs')]
    : ['--import', 'tsx', path.join(REPO_ROOT, 'switch-agent/agent/main.ts')];
  // PIGGYCAR_AGENT_NODE_ARGS: extra node flags for the agents (e.g. --cpu-prof when profiling a benchmark).
  const nodeArgs = process.env.PIGGYCAR_AGENT_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const args = [
    ...nodeArgs,
    ...entry,
    '--control-plane', o.controlPlane,
    '--switch', o.switchName,
    '--target', o.target,
    '--telemetry-interval', String(o.telemetryIntervalMs ?? 1000),
  ];
  if (o.stateFile) args.push('--state-file', o.stateFile);
  if (o.seed !== undefined) args.push('--seed', String(o.seed));
  if (o.electionId !== undefined) args.push('--election-id', String(o.electionId));
  args.push(...(o.extraArgs ?? []));
  // The token goes through the environment, not argv, so it does not show in process listings.
  return group.spawn(`agent ${o.switchName}`, process.execPath, args, { PIGGYCAR_AGENT_TOKEN: o.token });
}
