import type { Architecture } from './constants';
import { SIM_CONSTANTS } from './constants';

/** One stage a request goes through: a CPU proxy (by station index), a fixed delay, or a network flow. */
export type RequestStep =
  | { kind: 'cpu'; station: number }
  | { kind: 'delay'; seconds: number }
  | { kind: 'flow'; from: number; via: number; to: number };

/** Where things are, for routing one request: graph nodes and CPU station indices. */
export interface RouteContext {
  srcServer: number;
  dstServer: number;
  srcPod: number;
  dstPod: number;
  /** PiggyCar: the owner switch of the request's rule (graph node). */
  ownerSwitch: number;
  /** Canal: the gateway server (graph node) and its CPU station. */
  gatewayServer: number;
  gatewayStation: number;
}

/**
 * The stages of one request under each architecture (paper Fig. 1):
 * - Istio (distributed sidecars): source pod's sidecar → direct path → destination pod's sidecar
 *   (sidecar station index = pod index).
 * - Canal (centralized gateway): source → gateway server (a flow), the gateway's L7 proxy, gateway →
 *   destination (a second flow): the gateway terminates the connection, so each leg is its own TCP sender.
 * - PiggyCar: the on-node proxy's classification (94 µs), then one flow from source to destination through
 *   the owner switch of the rule, which rewrites the outer header in flight (no extra processing there).
 *
 * @example
 * routeRequest('piggycar', ctx); // [{ kind: 'delay', seconds: 94e-6 }, { kind: 'flow', from, via: owner, to }]
 */
export function routeRequest(architecture: Architecture, ctx: RouteContext): RequestStep[] {
  switch (architecture) {
    case 'istio':
      return [
        { kind: 'cpu', station: ctx.srcPod },
        { kind: 'flow', from: ctx.srcServer, via: -1, to: ctx.dstServer },
        { kind: 'cpu', station: ctx.dstPod },
      ];
    case 'canal':
      return [
        { kind: 'flow', from: ctx.srcServer, via: -1, to: ctx.gatewayServer },
        { kind: 'cpu', station: ctx.gatewayStation },
        { kind: 'flow', from: ctx.gatewayServer, via: -1, to: ctx.dstServer },
      ];
    case 'piggycar':
      return [
        { kind: 'delay', seconds: SIM_CONSTANTS.piggycarProxySeconds },
        { kind: 'flow', from: ctx.srcServer, via: ctx.ownerSwitch, to: ctx.dstServer },
      ];
  }
}
