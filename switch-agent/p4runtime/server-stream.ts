/**
 * The StreamChannel side of the software switch's P4Runtime server: arbitration (./arbitration), PacketOut
 * from the primary into the dataplane, PacketIn and IdleTimeoutNotification to the primary, StreamError for
 * stream messages that cannot be served.
 */
import type * as grpc from '@grpc/grpc-js';
import { collectIdleSessions } from '../software-switch/session-table';
import { GRPC_CODE, arbitrate, leave, toBigInt, uint128ToBigInt, type Arbitration, type ArbitrationNotice } from './arbitration';
import { copyBytes } from './byte-pool';
import type { Decoded } from './grpc-service';
import type { ProgramIds } from './program-ids';
import type { DataplaneHost } from './server-types';
import { sessionNotificationEntry } from './table-reads';
import { encodePacketWithMetadata } from './fast-stream-codec';

type Stream = grpc.ServerDuplexStream<Decoded, object>;

/** State shared by the unary handlers and the stream handler. */
export interface ServerContext {
  deviceId: bigint;
  arbitration: Arbitration<Stream>;
  host: DataplaneHost;
  now: () => number;
  ids: ProgramIds | undefined;
  /** The committed ForwardingPipelineConfig message. */
  committed: Decoded | undefined;
}

const NOTIFICATION_CHUNK = 1000;

function uint128(value: bigint): { high: string; low: string } {
  return { high: String(value >> 64n), low: String(value & 0xffffffffffffffffn) };
}

function bytesToNumber(bytes: Uint8Array | undefined): number {
  let v = 0;
  for (const b of bytes ?? []) v = v * 256 + b;
  return v;
}

/**
 * Builds the StreamChannel handler plus the switch-initiated messages (PacketIn, idle sweeps).
 * @example
 * const stream = createStreamHandler(ctx);
 * grpcServer.addService(def, { StreamChannel: stream, ... });
 */
export function createStreamHandler(ctx: ServerContext) {
  const open = new Set<Stream>();

  function send(notices: ArbitrationNotice<Stream>[]): void {
    for (const n of notices) {
      n.stream.write({
        arbitration: {
          deviceId: String(ctx.deviceId),
          electionId: uint128(n.electionId),
          status: { code: n.code, message: n.message },
        },
      });
    }
  }

  function onMessage(call: Stream, msg: Decoded): void {
    if (msg.arbitration) {
      const a = msg.arbitration as Decoded;
      const outcome = arbitrate(ctx.arbitration, call, toBigInt(a.deviceId), uint128ToBigInt(a.electionId));
      if (outcome.ok) send(outcome.notices);
      else call.destroy(Object.assign(new Error(outcome.message), { code: outcome.code, details: outcome.message }));
      return;
    }
    if (msg.packet) {
      const packet = msg.packet as Decoded;
      const streamError = (code: number, message: string): void => {
        call.write({ error: { canonicalCode: code, message, packetOut: { packetOut: packet } } });
      };
      if (ctx.arbitration.primary !== call) return streamError(GRPC_CODE.PERMISSION_DENIED, 'PacketOut from a client that is not primary');
      if (!ctx.ids) return streamError(GRPC_CODE.FAILED_PRECONDITION, 'no forwarding pipeline config has been committed');
      let egressPort = -1;
      for (const m of (packet.metadata ?? []) as Decoded[]) {
        if (m.metadataId === ctx.ids.packetOut.egressPort) egressPort = bytesToNumber(m.value);
      }
      if (egressPort < 0) return streamError(GRPC_CODE.INVALID_ARGUMENT, 'PacketOut lacks packet_out.egress_port');
      if (egressPort > 0xffff) return streamError(GRPC_CODE.INVALID_ARGUMENT, 'packet_out.egress_port does not fit 16 bits');
      ctx.host.packetOut(copyBytes(packet.payload as Uint8Array), egressPort);
      return;
    }
    call.write({ error: { canonicalCode: GRPC_CODE.UNIMPLEMENTED, message: 'only arbitration and packet stream messages are supported', other: {} } });
  }

  function onGone(call: Stream): void {
    if (!open.delete(call)) return;
    const notices = leave(ctx.arbitration, call);
    send(notices.filter((n) => open.has(n.stream)));
  }

  function handler(call: Stream): void {
    open.add(call);
    call.on('data', (msg: Decoded) => onMessage(call, msg));
    call.on('end', () => {
      onGone(call);
      call.end();
    });
    call.on('cancelled', () => onGone(call));
    call.on('error', () => onGone(call));
    call.on('close', () => onGone(call));
  }

  return Object.assign(handler, {
    /** Sends a PacketIn to the primary; false when there is no primary or no committed pipeline. */
    sendPacketIn: function sendPacketIn(frame: Uint8Array, reason: number, vni: number, ingressPort: number): boolean {
      const primary = ctx.arbitration.primary;
      if (!primary || !ctx.ids) return false;
      const h = ctx.ids.packetIn;
      // Already-encoded bytes pass through the codec (./grpc-service): one allocation per PacketIn.
      primary.write(encodePacketWithMetadata(frame, [h.reason, h.vni, h.ingressPort], [reason, vni, ingressPort]));
      return true;
    },
    /** Reports sessions idle past their timeout to the primary (only while there is one to tell). */
    sweepIdle: function sweepIdle(): number {
      const primary = ctx.arbitration.primary;
      const ids = ctx.ids;
      if (!primary || !ids) return 0;
      const nowMs = ctx.now();
      const idle = collectIdleSessions(ctx.host.state.sessions, nowMs);
      for (let i = 0; i < idle.length; i += NOTIFICATION_CHUNK) {
        primary.write({
          idleTimeoutNotification: {
            tableEntry: idle.slice(i, i + NOTIFICATION_CHUNK).map((s) => sessionNotificationEntry(ids, s)),
            timestamp: String(BigInt(Math.round(nowMs)) * 1_000_000n),
          },
        });
      }
      return idle.length;
    },
    /** Ends every open stream (server shutdown). */
    closeAll: function closeAll(): void {
      for (const call of open) call.end();
      open.clear();
    },
  });
}
