/**
 * Contract of the P4Runtime client (H6 → H7): what the switch agent uses to drive a software switch, BMv2's
 * simple_switch_grpc or Stratum over real gRPC. Implementation: ./client.ts (`createP4RuntimeClient`).
 */
import type { P4Info } from '../p4info/p4info-types';
import type {
  EntityMsg,
  IdleTimeoutNotificationMsg,
  PacketMsg,
  Uint128Msg,
  UpdateErrorMsg,
  UpdateMsg,
} from './p4runtime-messages';

/** Outcome of becomePrimary: whether this stream is primary, and the arbitration status the switch sent. */
export interface ArbitrationResult {
  primary: boolean;
  /** google.rpc.Code: 0 (OK) for the primary, 6 (ALREADY_EXISTS) for a backup. */
  code: number;
  message: string;
  /** The highest election id the switch has seen (the primary's). */
  electionId: { high: string; low: string };
}

/** One failed update of a Write batch: its index in the request, its p4.v1.Error. */
export interface UpdateError extends UpdateErrorMsg {
  index: number;
}

/**
 * Result of a Write: errors are values. `code` is the gRPC status of the RPC (0 = OK, 7 = PERMISSION_DENIED for a
 * backup, 2 = UNKNOWN when some updates failed, 14 = UNAVAILABLE when the switch is unreachable); `errors` lists
 * only the failed updates (canonicalCode 8 = RESOURCE_EXHAUSTED when a table is full, 6 = ALREADY_EXISTS on a
 * duplicate INSERT, 5 = NOT_FOUND on MODIFY/DELETE of a missing entry, 3 = INVALID_ARGUMENT on bad input).
 */
export type WriteResult =
  | { ok: true }
  | { ok: false; code: number; message: string; errors: UpdateError[] };

/** Options of setPipeline. */
export interface SetPipelineOptions {
  /** p4.v1.SetForwardingPipelineConfigRequest.Action; default VERIFY_AND_COMMIT. */
  action?: 'VERIFY' | 'VERIFY_AND_SAVE' | 'VERIFY_AND_COMMIT' | 'COMMIT' | 'RECONCILE_AND_COMMIT';
  /** Opaque cookie stored with the pipeline (uint64 as decimal string). */
  cookie?: string;
}

/** What getPipeline returns (the switch's stored ForwardingPipelineConfig). */
export interface PipelineConfig {
  p4info?: P4Info;
  deviceConfig?: Uint8Array;
  cookie?: string;
}

/**
 * A P4Runtime client bound to one device over one gRPC channel with one StreamChannel.
 * RPC-level failures of setPipeline / getPipeline / read reject with a `P4RuntimeRpcError` (gRPC code and
 * message); write never rejects: it resolves to a WriteResult.
 *
 * @example
 * const client = createP4RuntimeClient();
 * await client.connect('127.0.0.1:50051');
 * const arb = await client.becomePrimary(1, 10);
 * if (!arb.primary) throw new Error('another controller is primary');
 * await client.setPipeline(await loadP4InfoFile(), new Uint8Array());
 * const result = await client.write([{ type: 'INSERT', entity: { tableEntry } }]);
 * client.onIdleTimeout((n) => console.log('idle', n.tableEntry.length));
 * client.close();
 */
export interface P4RuntimeClient {
  /** Opens the gRPC channel to `host:port` and waits until it is ready. */
  connect(target: string): Promise<void>;
  /**
   * Opens the StreamChannel (once) and sends a MasterArbitrationUpdate; resolves with the switch's answer.
   * May be called again with a higher election id. Later arbitration changes arrive via onArbitration.
   */
  becomePrimary(deviceId: number | string, electionId: number | string | Uint128Msg): Promise<ArbitrationResult>;
  /** Listens to every arbitration update the switch sends on the stream (e.g. losing primary). */
  onArbitration(listener: (update: ArbitrationResult) => void): () => void;
  /** SetForwardingPipelineConfig (default VERIFY_AND_COMMIT) with this client's device and election ids. */
  setPipeline(p4info: P4Info, deviceConfig?: Uint8Array, options?: SetPipelineOptions): Promise<void>;
  /** GetForwardingPipelineConfig (response_type ALL). */
  getPipeline(): Promise<PipelineConfig>;
  /** Write one batch (CONTINUE_ON_ERROR); per-update errors come back in the result. */
  write(updates: UpdateMsg[]): Promise<WriteResult>;
  /**
   * Write one batch already encoded as the `updates` field bytes of a WriteRequest (e.g. by ./fast-session-write);
   * the client adds its device and election ids. Same result as write().
   */
  writeEncoded(updates: Uint8Array): Promise<WriteResult>;
  /** Read entities (wildcards allowed: tableEntry {} = every table, { tableId } = one table); all responses joined. */
  read(entities: EntityMsg[]): Promise<EntityMsg[]>;
  /** Listens to PacketIn messages (session misses; metadata per the P4Info `packet_in` header). */
  onPacketIn(listener: (packet: PacketMsg) => void): () => void;
  /** Sends a PacketOut on the stream (metadata per the P4Info `packet_out` header). */
  sendPacketOut(packet: PacketMsg): void;
  /** Listens to IdleTimeoutNotification messages (entries idle past their idle_timeout_ns). */
  onIdleTimeout(listener: (notification: IdleTimeoutNotificationMsg) => void): () => void;
  /** Listens to StreamError messages and to the stream ending (error = undefined when it ended cleanly). */
  onStreamError(listener: (error: { code: number; message: string } | undefined) => void): () => void;
  /** Ends the stream and closes the channel. */
  close(): void;
}

/**
 * A failed unary/streaming RPC (not Write): the gRPC status code and message.
 * @example
 * try { await client.setPipeline(p4info); } catch (e) { if (e instanceof P4RuntimeRpcError && e.code === 3) console.log(e.message); }
 */
export class P4RuntimeRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'P4RuntimeRpcError';
  }
}
