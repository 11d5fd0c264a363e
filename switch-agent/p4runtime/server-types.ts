/**
 * Contracts of the P4Runtime server that fronts a software switch: what it needs from the dataplane and what
 * it offers to the process shell.
 */
import type { P4Info } from '../p4info/p4info-types';
import type { SwitchState } from '../software-switch/switch-state';
import type { ProgramIds } from './program-ids';

/** The dataplane side the server drives. */
export interface DataplaneHost {
  /** The switch's tables and counters (read and written by P4Runtime). */
  readonly state: SwitchState;
  /**
   * A PacketOut from the primary: egressPort 0 = submit `frame` to the ingress pipeline (ingress port = CPU
   * port), otherwise transmit it unchanged on that port.
   */
  packetOut(frame: Uint8Array, egressPort: number): void;
}

/** Options of createP4RuntimeServer. */
export interface P4RuntimeServerOptions {
  deviceId: bigint | number;
  /** The P4Info of the program this switch implements (p4/piggycar.p4info.txtpb); offered pipelines must match. */
  reference: P4Info;
  host: DataplaneHost;
  /** Clock in ms since the epoch (default Date.now); drives idle timeouts and notification timestamps. */
  now?: () => number;
  /** Idle-timeout sweep period in ms (default 100). */
  agingIntervalMs?: number;
  /**
   * The gRPC server: 'http2' (default: ./raw-grpc-server on node:http2, which batches each call's messages per
   * event-loop turn) or 'grpc-js' (grpc-js' Server). The same P4Runtime service on the wire either way.
   */
  transport?: 'http2' | 'grpc-js';
}

/** A running P4Runtime server. */
export interface P4RuntimeServer {
  /** Binds `host:port` (port 0 = any free port); resolves with the bound port. */
  listen(address: string): Promise<number>;
  /** Sends a PacketIn (packet_in header: reason, vni, ingress_port) to the primary, if any; false if none. */
  sendPacketIn(frame: Uint8Array, reason: number, vni: number, ingressPort: number): boolean;
  /** Runs one idle-timeout sweep now; returns how many entries were reported. */
  sweepIdle(): number;
  /** IDs of the committed pipeline (undefined before SetForwardingPipelineConfig). */
  programIds(): ProgramIds | undefined;
  /** Stops the server (streams are cancelled) and the aging timer. */
  close(): Promise<void>;
}
