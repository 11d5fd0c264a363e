import type { FabricGraph } from '../fabric/fabric-graph';
import type { FabricDocument } from '../fabric/types';
import { SIM_CONSTANTS } from './constants';
import { PathPorts } from './path-ports';
import { simulate } from './simulate';
import type { SimSeries } from './simulation-types';
import type { SimResultOr, Workload } from './workload-types';

/** The Fig. 2 run: Canal at 25 kRPS per mesh server, the core's port toward the gateway and one server's window. */
export interface Fig2Result {
  rps: number;
  /** The watched port, as "core1→access3". */
  portName: string;
  serverName: string;
  series: SimSeries;
  ecnThresholdPackets: number;
  throughputRps: number;
}

/**
 * Paper Fig. 2: the many-to-one pattern of a centralized gateway. Runs Canal at 25 kRPS per mesh server and
 * records the queue of the core switch's port toward the gateway (Fig. 2a) and the first mesh server's window
 * toward the gateway (Fig. 2b).
 *
 * @example
 * const f = runFig2(fabric, graph, workload, { seed: 1, durationSeconds: 0.02 });
 */
export function runFig2(fabric: FabricDocument, graph: FabricGraph, workload: Workload,
  options: { seed: number; durationSeconds: number; samples?: number }): SimResultOr<Fig2Result> {
  const gateway = fabric.servers.find((s) => s.kind === 'gateway');
  const server = fabric.servers.find((s) => (s.kind ?? 'mesh') === 'mesh');
  if (!gateway || !server) return { ok: false, errors: [{ field: 'fabric.servers', reason: 'Fig. 2 needs a gateway server and a mesh server' }] };
  const from = graph.indexOf(server.name)!, to = graph.indexOf(gateway.name)!;
  const ports = new PathPorts(graph).ports(from, -1, to);
  let port = -1;
  for (const p of ports) {
    const link = graph.link(p >> 1);
    const tail = p & 1 ? link.b : link.a;
    if (graph.roleOf(tail) === 'core') { port = p; break; }
  }
  if (port < 0) port = ports[Math.max(0, ports.length - 2)];
  const link = graph.link(port >> 1);
  const portName = port & 1 ? `${graph.nameOf(link.b)}→${graph.nameOf(link.a)}` : `${graph.nameOf(link.a)}→${graph.nameOf(link.b)}`;
  const meshServers = fabric.servers.filter((s) => (s.kind ?? 'mesh') === 'mesh').length;
  const rps = SIM_CONSTANTS.fig2RpsPerServer * meshServers;
  const out = simulate({
    fabric, graph, workload, architecture: 'canal', rps, durationSeconds: options.durationSeconds, drainSeconds: 0,
    seed: options.seed,
    watch: { port, connection: { from, via: -1, to }, sampleEverySeconds: options.durationSeconds / (options.samples ?? 1000) },
  });
  if (!out.ok) return out;
  return {
    ok: true,
    value: {
      rps, portName, serverName: server.name, series: out.value.series!,
      ecnThresholdPackets: SIM_CONSTANTS.ecnThresholdPackets, throughputRps: out.value.throughputRps,
    },
  };
}
