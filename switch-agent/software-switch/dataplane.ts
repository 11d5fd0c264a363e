/**
 * The dataplane of one software switch: runs frames through the pipeline and hands the results to a
 * transmit function (UDP in the process) and to the CPU port (PacketIn via P4Runtime). No sockets here.
 */
import { CPU_PORT, createPipelineResult, processPacket } from './pipeline';
import { PORT_COUNT, type SwitchState } from './switch-state';

/** Where the dataplane sends its output. */
export interface DataplaneIo {
  /** Transmit a frame on a port (1-based neighbour index); false if the port does not exist. */
  transmit(port: number, frame: Uint8Array): boolean;
  /** Deliver a frame to the CPU port with its packet_in header fields. */
  toCpu(frame: Uint8Array, reason: number, vni: number, ingressPort: number): void;
  /** Clock, ms. */
  now(): number;
}

/** A dataplane bound to a switch state and its I/O. */
export interface Dataplane {
  readonly state: SwitchState;
  /** A frame arrived on `ingressPort`: run the pipeline (rewrites `frame` in place) and act on the verdict. */
  receive(frame: Uint8Array, ingressPort: number): void;
  /** P4Runtime PacketOut: egressPort 0 → ingress pipeline with ingress port CPU_PORT; else straight out. */
  packetOut(frame: Uint8Array, egressPort: number): void;
}

/**
 * Creates the dataplane of a switch.
 * @example
 * const dp = createDataplane(state, { transmit, toCpu: (f, r, v, p) => server.sendPacketIn(f, r, v, p), now: Date.now });
 * socket.on('message', (msg, rinfo) => dp.receive(msg, portOf(rinfo)));
 */
export function createDataplane(state: SwitchState, io: DataplaneIo): Dataplane {
  const result = createPipelineResult();

  function countNoSuchPort(): void {
    state.counters.dropped++;
    state.counters.dropReasons['no-such-port'] = (state.counters.dropReasons['no-such-port'] ?? 0) + 1;
  }

  /** port_tx_counter (the egress control counts every packet by its egress port). */
  function countTx(port: number, frame: Uint8Array): void {
    if (port < 0 || port >= PORT_COUNT) return;
    state.portTx.packets[port]++;
    state.portTx.bytes[port] += frame.length;
  }

  function receive(frame: Uint8Array, ingressPort: number): void {
    processPacket(state, frame, ingressPort, io.now(), result);
    if (result.verdict === 'forward') {
      if (io.transmit(result.egressPort, frame)) countTx(result.egressPort, frame);
      else {
        // The route names a port this switch does not have: count it as a drop, not a forward.
        state.counters.forwarded--;
        countNoSuchPort();
      }
    } else if (result.verdict === 'to-cpu') {
      countTx(CPU_PORT, frame);
      io.toCpu(frame, result.packetInReason, result.packetInVni, result.packetInIngressPort);
    }
  }

  return {
    state,
    receive,
    packetOut: function packetOut(frame: Uint8Array, egressPort: number): void {
      if (egressPort === 0) receive(frame, CPU_PORT);
      else if (io.transmit(egressPort, frame)) countTx(egressPort, frame);
      else countNoSuchPort();
    },
  };
}
