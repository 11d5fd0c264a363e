/**
 * The PiggyCar ingress pipeline (p4/piggycar.p4) on real bytes, rewriting the frame in place:
 *   parse; if VXLAN and reserved2 == 0 (not yet serviced): function_offload_table (counted per VNI) —
 *     set_owner → outer dst := owner_ip; owner_is_local → tc_session_table — hit: set_backend → outer dst :=
 *     node_ip, reserved2 := PIGGYCAR_SERVICED; miss: send_to_cpu (packet_in: reason 1, vni, ingress_port);
 *   unless sent to the CPU: a packet with TTL ≤ 1 is dropped; ipv4_route on the (possibly rewritten) outer
 *   dst → ipv4_forward (egress port, dst MAC := next hop, src MAC := old dst, TTL − 1) or drop;
 *   outer IPv4 checksum recomputed; outer UDP checksum := 0 on VXLAN frames.
 * Time is an argument (session last-hit stamps for idle timeout); no I/O, no clock.
 */
import {
  PIGGYCAR_SERVICED,
  createParsedFrame,
  decrementTtl,
  parseFrameInto,
  recomputeOuterIpv4Checksum,
  setNextHopMac,
  setOuterDstAddr,
  setVxlanReserved2,
  zeroOuterUdpChecksum,
  type ParsedFrame,
} from '../../src/core/packet';
import { lookupRoute } from './forwarding-tables';
import { findSession } from './session-table';
import type { SwitchState } from './switch-state';

/** The CPU port of the software switch (packet_in / packet_out). */
export const CPU_PORT = 255;
/** packet_in reason: tc_session_table miss at the owner. */
export const PACKET_IN_REASON_SESSION_MISS = 1;

/** What the pipeline decided for one packet. */
export type Verdict = 'forward' | 'drop' | 'to-cpu';

/** Reusable per-packet result. */
export interface PipelineResult {
  verdict: Verdict;
  /** Egress port for 'forward' (1-based neighbour index); CPU_PORT for 'to-cpu'. */
  egressPort: number;
  /** Why, for 'drop'. */
  dropReason: string;
  /** packet_in controller header for 'to-cpu'. */
  packetInReason: number;
  packetInVni: number;
  packetInIngressPort: number;
  /** The parsed view (offsets into the frame) after rewrites. */
  view: ParsedFrame;
}

/**
 * A fresh reusable result (holds a reusable parsed view too).
 * @example
 * const result = createPipelineResult();
 */
export function createPipelineResult(): PipelineResult {
  return {
    verdict: 'drop',
    egressPort: 0,
    dropReason: '',
    packetInReason: 0,
    packetInVni: 0,
    packetInIngressPort: 0,
    view: createParsedFrame(),
  };
}

function drop(state: SwitchState, result: PipelineResult, reason: string): PipelineResult {
  result.verdict = 'drop';
  result.dropReason = reason;
  state.counters.dropped++;
  state.counters.dropReasons[reason] = (state.counters.dropReasons[reason] ?? 0) + 1;
  return result;
}

/**
 * Runs one frame through the pipeline, rewriting `frame` in place; fills and returns `result`.
 * Malformed or truncated frames are dropped ('malformed'); non-IPv4 frames are dropped ('not-ipv4');
 * non-VXLAN IPv4 is routed unchanged apart from the routing rewrites (MACs, TTL, checksum).
 * @example
 * const result = createPipelineResult();
 * processPacket(state, frame, 1, Date.now(), result);
 * if (result.verdict === 'forward') send(result.egressPort, frame);
 */
export function processPacket(
  state: SwitchState,
  frame: Uint8Array,
  ingressPort: number,
  nowMs: number,
  result: PipelineResult,
): PipelineResult {
  const counters = state.counters;
  counters.received++;
  const view = result.view;
  if (parseFrameInto(frame, view) !== null) return drop(state, result, 'malformed');
  if (view.kind === 'ethernet') return drop(state, result, 'not-ipv4');

  if (view.kind === 'vxlan' && view.vxlanReserved2 === 0) {
    const offload = state.offload.entries.get(view.vni);
    if (offload !== undefined) {
      offload.packets++;
      offload.bytes += frame.length;
      const action = offload.action;
      if (action.kind === 'set_owner') {
        setOuterDstAddr(frame, view, action.ownerIp);
      } else {
        const sessions = state.sessions;
        const slot = findSession(
          sessions,
          view.vni,
          view.innerSrcAddr,
          view.innerDstAddr,
          view.innerProtocol,
          view.l4SrcPort,
          view.l4DstPort,
        );
        if (slot < 0) {
          counters.sessionMisses++;
          counters.toCpu++;
          result.verdict = 'to-cpu';
          result.egressPort = CPU_PORT;
          result.packetInReason = PACKET_IN_REASON_SESSION_MISS;
          result.packetInVni = view.vni;
          result.packetInIngressPort = ingressPort;
          return result;
        }
        counters.sessionHits++;
        sessions.lastHitMs[slot] = nowMs;
        sessions.notified[slot] = 0;
        setOuterDstAddr(frame, view, sessions.nodeIp[slot]);
        setVxlanReserved2(frame, view, PIGGYCAR_SERVICED);
      }
    }
  }

  if (view.ttl <= 1) return drop(state, result, 'ttl-expired');
  const route = lookupRoute(state.routes, view.dstAddr);
  if (route.kind === 'drop') return drop(state, result, 'no-route');
  setNextHopMac(frame, route.dstMac);
  decrementTtl(frame, view);
  recomputeOuterIpv4Checksum(frame, view);
  if (view.kind === 'vxlan') zeroOuterUdpChecksum(frame, view);
  counters.forwarded++;
  result.verdict = 'forward';
  result.egressPort = route.port;
  return result;
}
