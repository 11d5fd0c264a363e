import { buildFabricGraph } from '../../../src/core/fabric/graph';
import type { FabricDocument } from '../../../src/core/fabric/types';
import { EventQueue } from '../../../src/core/sim/event-queue';
import { FlowNetwork } from '../../../src/core/sim/network';
import type { NetworkEvent, NetworkParams } from '../../../src/core/sim/network-types';
import { defaultNetworkParams } from '../../../src/core/sim/simulate';

/**
 * A star: switch `sw` with servers s1..sN, each on its own link (bandwidth and T_base per server).
 *
 * @example
 * star([{ gbps: 10, us: 5 }, { gbps: 10, us: 5 }]);
 */
export function star(links: { gbps: number; us: number }[]): FabricDocument {
  return {
    name: 'star',
    switches: [{ name: 'sw', role: 'access', vtepIp: '10.0.0.1', sramCapacity: 1000, sramThreshold: 900 }],
    servers: links.map((_, i) => ({ name: `s${i + 1}`, vtepIp: `10.1.0.${i + 1}`, accessSwitch: 'sw' })),
    links: links.map((l, i) => ({ a: `s${i + 1}`, b: 'sw', bandwidthGbps: l.gbps, baseLatencyUs: l.us })),
    pods: [],
  };
}

/** A network driven by its own event loop; `deliveries` maps request name → delivery time (s). */
export function drivenNetwork(doc: FabricDocument, params: Partial<NetworkParams>) {
  const graph = buildFabricGraph(doc);
  const queue = new EventQueue<NetworkEvent<string>>();
  const deliveries = new Map<string, number>();
  const net = new FlowNetwork<string>(graph, { ...defaultNetworkParams(), ...params }, {
    schedule(time, event) { queue.push(time, event); },
    delivered(time, request) { deliveries.set(request, time); },
  });
  function node(name: string): number {
    return graph.indexOf(name)!;
  }
  /** Runs events up to `until` (s), or until `stop` says so after an event. */
  function run(until: number, stop?: (e: NetworkEvent<string>) => boolean): void {
    while (queue.size > 0 && queue.peekTime() <= until) {
      const e = queue.pop()!;
      net.handle(queue.lastTime, e);
      if (stop?.(e)) return;
    }
  }
  return { graph, net, queue, deliveries, node, run };
}
