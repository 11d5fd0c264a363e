/**
 * P4RuntimeClient over real gRPC (@grpc/grpc-js) with our P4Runtime .proto files: arbitration on the
 * StreamChannel, pipeline config, batched writes with per-update errors as values, wildcard reads, PacketIn /
 * PacketOut and idle-timeout notifications. Speaks to the software switch, BMv2 simple_switch_grpc or Stratum.
 * Messages use the shapes of ./p4runtime-messages (build them by name with ./encode).
 */
import * as grpc from '@grpc/grpc-js';
import { p4Type } from '../proto/p4runtime-schema';
import type { P4Info } from '../p4info/p4info-types';
import { P4_ERROR_TYPE_URL, STATUS_DETAILS_KEY, p4RuntimeServiceDefinition, type Decoded } from './grpc-service';
import {
  P4RuntimeRpcError,
  type ArbitrationResult,
  type P4RuntimeClient,
  type PipelineConfig,
  type SetPipelineOptions,
  type UpdateError,
  type WriteResult,
} from './client-types';
import type { EntityMsg, IdleTimeoutNotificationMsg, PacketMsg, Uint128Msg, UpdateMsg } from './p4runtime-messages';
import { RawChannel, RawStreamCall } from './raw-stream-channel';

const OUTPUT = { longs: String, enums: String, defaults: false } as const;
const PACKET_IN = p4Type('p4.v1.PacketIn');
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** How the client is built. */
export interface P4RuntimeClientOptions {
  /**
   * The StreamChannel transport: 'http2' (default: a plain gRPC call on node:http2 that batches the messages of one
   * event-loop turn, ./raw-stream-channel) or 'grpc-js' (grpc-js' own bidi call; same messages on the wire).
   */
  stream?: 'http2' | 'grpc-js';
}

/** What the client needs of its StreamChannel call (grpc-js' ClientDuplexStream and RawStreamCall both have it). */
interface StreamCall {
  on(event: 'data', listener: (message: Decoded) => void): unknown;
  on(event: 'error', listener: (err: grpc.ServiceError) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  write(message: object): unknown;
  end(): void;
  cancel(): void;
}
const SET_PIPELINE_ACTIONS = { VERIFY: 1, VERIFY_AND_SAVE: 2, VERIFY_AND_COMMIT: 3, COMMIT: 4, RECONCILE_AND_COMMIT: 5 };

function toUint128(value: number | string | Uint128Msg): { high: string; low: string } {
  if (typeof value === 'object') return { high: String(value.high ?? 0), low: String(value.low ?? 0) };
  const v = BigInt(value);
  return { high: String(v >> 64n), low: String(v & 0xffffffffffffffffn) };
}

function rpcError(err: grpc.ServiceError): P4RuntimeRpcError {
  return new P4RuntimeRpcError(err.code, err.details || err.message);
}

/** Decodes the per-update p4.v1.Error list of a failed Write from its trailers. */
function updateErrors(raw: Buffer | string | undefined): UpdateError[] {
  if (!raw || typeof raw === 'string') return [];
  const status = p4Type('google.rpc.Status').decode(raw) as Decoded;
  const errorType = p4Type('p4.v1.Error');
  const out: UpdateError[] = [];
  ((status.details ?? []) as Decoded[]).forEach((any, index) => {
    // protobufjs names the Any fields type_url / value (its bundled well-known type keeps proto field names).
    if (any.type_url !== P4_ERROR_TYPE_URL) return;
    const e = errorType.toObject(errorType.decode(any.value as Uint8Array), OUTPUT) as UpdateError;
    if (e.canonicalCode) out.push({ ...e, index });
  });
  return out;
}

/**
 * Creates a P4Runtime client (call connect first).
 * @example
 * const client = createP4RuntimeClient();
 * await client.connect('127.0.0.1:50051');
 * await client.becomePrimary(1, 10);
 */
export function createP4RuntimeClient(options: P4RuntimeClientOptions = {}): P4RuntimeClient {
  const def = p4RuntimeServiceDefinition();
  let client: grpc.Client | undefined;
  let stream: StreamCall | undefined;
  let target: string | undefined;

  function connectedTarget(): string {
    need();
    return target!;
  }
  let deviceId = '0';
  let electionId = { high: '0', low: '0' };
  const arbitrationWaiters: { resolve: (r: ArbitrationResult) => void; reject: (e: Error) => void }[] = [];
  const arbitrationListeners = new Set<(u: ArbitrationResult) => void>();
  const packetListeners = new Set<(p: PacketMsg) => void>();
  const idleListeners = new Set<(n: IdleTimeoutNotificationMsg) => void>();
  const errorListeners = new Set<(e: { code: number; message: string } | undefined) => void>();

  function need(): grpc.Client {
    if (!client) throw new P4RuntimeRpcError(grpc.status.FAILED_PRECONDITION, 'P4RuntimeClient is not connected');
    return client;
  }

  function unary(name: string, request: object): Promise<Decoded> {
    const m = def[name];
    return new Promise((resolve, reject) => {
      need().makeUnaryRequest(m.path, m.requestSerialize, m.responseDeserialize as (b: Buffer) => Decoded, request, (err, res) =>
        err ? reject(err) : resolve(res as Decoded),
      );
    });
  }

  async function writeRequest(request: object): Promise<WriteResult> {
    if (options.stream !== 'grpc-js') {
      need();
      const bytes = request instanceof Uint8Array ? request : def.Write.requestSerialize(request);
      const r = await rawChannel().unary(def.Write.path, bytes, MAX_MESSAGE_BYTES);
      if (r.code === 0) return { ok: true };
      const details = r.trailers[STATUS_DETAILS_KEY];
      return { ok: false, code: r.code, message: r.details, errors: updateErrors(typeof details === 'string' ? Buffer.from(details, 'base64') : undefined) };
    }
    try {
      await unary('Write', request);
      return { ok: true };
    } catch (err) {
      const e = err as grpc.ServiceError;
      if (typeof e.code !== 'number') throw err;
      return { ok: false, code: e.code, message: e.details || e.message, errors: updateErrors(e.metadata?.get(STATUS_DETAILS_KEY)[0]) };
    }
  }

  /** The node:http2 connection shared by the StreamChannel and Writes (opened on first use). */
  let channel: RawChannel | undefined;
  function rawChannel(): RawChannel {
    // A connection that went away (switch restarted) is replaced; the agent also reconnects with a new client.
    if (!channel || channel.session.closed || channel.session.destroyed) channel = new RawChannel(connectedTarget());
    return channel;
  }

  /** device_id and election_id of a WriteRequest as bytes (fields 1 and 3 come before updates = 4 on the wire). */
  let header: { key: string; bytes: Uint8Array } | undefined;
  function writeHeader(): Uint8Array {
    const key = `${deviceId}/${electionId.high}/${electionId.low}`;
    if (header?.key !== key) {
      const type = p4Type('p4.v1.WriteRequest');
      header = { key, bytes: type.encode(type.fromObject({ deviceId, electionId })).finish() };
    }
    return header.bytes;
  }

  function onStreamMessage(msg: Decoded): void {
    if (msg.arbitration) {
      const a = msg.arbitration as Decoded;
      const result: ArbitrationResult = {
        primary: (a.status?.code ?? 0) === 0,
        code: a.status?.code ?? 0,
        message: a.status?.message ?? '',
        electionId: { high: String(a.electionId?.high ?? 0), low: String(a.electionId?.low ?? 0) },
      };
      arbitrationWaiters.shift()?.resolve(result);
      for (const l of arbitrationListeners) l(result);
    } else if (msg.packet) {
      // The fast codec (./fast-stream-codec) already yields the PacketMsg shape; protobufjs messages are converted.
      const packet = msg.packet instanceof PACKET_IN.ctor ? PACKET_IN.toObject(msg.packet as Decoded, OUTPUT) as PacketMsg : msg.packet as PacketMsg;
      for (const l of packetListeners) l(packet);
    } else if (msg.idleTimeoutNotification) {
      const n = p4Type('p4.v1.IdleTimeoutNotification').toObject(msg.idleTimeoutNotification, OUTPUT) as IdleTimeoutNotificationMsg;
      n.tableEntry ??= [];
      for (const l of idleListeners) l(n);
    } else if (msg.error) {
      const e = { code: (msg.error.canonicalCode as number) ?? 0, message: (msg.error.message as string) ?? '' };
      for (const l of errorListeners) l(e);
    }
  }

  function openStream(): StreamCall {
    if (stream) return stream;
    const m = def.StreamChannel;
    const s: StreamCall = options.stream === 'grpc-js'
      ? need().makeBidiStreamRequest(m.path, m.requestSerialize, m.responseDeserialize as (b: Buffer) => Decoded)
      : new RawStreamCall(rawChannel().session, m.path, { serialize: m.requestSerialize, deserialize: m.responseDeserialize as (b: Buffer) => Decoded }, MAX_MESSAGE_BYTES);
    s.on('data', onStreamMessage);
    s.on('error', (err: grpc.ServiceError) => {
      const e = rpcError(err);
      while (arbitrationWaiters.length) arbitrationWaiters.shift()?.reject(e);
      if (err.code !== grpc.status.CANCELLED) for (const l of errorListeners) l({ code: e.code, message: e.message });
      stream = undefined;
    });
    s.on('end', () => {
      for (const l of errorListeners) l(undefined);
      stream = undefined;
    });
    stream = s;
    return s;
  }

  function listen<T>(set: Set<T>, listener: T): () => void {
    set.add(listener);
    return () => set.delete(listener);
  }

  return {
    connect: function connect(to: string): Promise<void> {
      target = to;
      client = new grpc.Client(to, grpc.credentials.createInsecure(), {
        'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
        'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      });
      const c = client;
      return new Promise((resolve, reject) => {
        c.waitForReady(Date.now() + 10_000, (err) => (err ? reject(new P4RuntimeRpcError(grpc.status.UNAVAILABLE, `cannot reach ${to}: ${err.message}`)) : resolve()));
      });
    },

    becomePrimary: function becomePrimary(device: number | string, election: number | string | Uint128Msg): Promise<ArbitrationResult> {
      deviceId = String(device);
      electionId = toUint128(election);
      const s = openStream();
      return new Promise((resolve, reject) => {
        arbitrationWaiters.push({ resolve, reject });
        s.write({ arbitration: { deviceId, electionId } });
      });
    },

    onArbitration: (listener) => listen(arbitrationListeners, listener),

    setPipeline: async function setPipeline(p4info: P4Info, deviceConfig?: Uint8Array, options: SetPipelineOptions = {}): Promise<void> {
      const config: Record<string, unknown> = { p4info, p4DeviceConfig: deviceConfig ?? new Uint8Array(0) };
      if (options.cookie !== undefined) config.cookie = { cookie: options.cookie };
      const request = {
        deviceId,
        electionId,
        action: SET_PIPELINE_ACTIONS[options.action ?? 'VERIFY_AND_COMMIT'],
        ...(options.action === 'COMMIT' ? {} : { config }),
      };
      try {
        await unary('SetForwardingPipelineConfig', request);
      } catch (err) {
        throw rpcError(err as grpc.ServiceError);
      }
    },

    getPipeline: async function getPipeline(): Promise<PipelineConfig> {
      let res: Decoded;
      try {
        res = await unary('GetForwardingPipelineConfig', { deviceId, responseType: 0 });
      } catch (err) {
        throw rpcError(err as grpc.ServiceError);
      }
      const config = res.config as Decoded | undefined;
      const out: PipelineConfig = {};
      if (config?.p4info) out.p4info = p4Type('p4.config.v1.P4Info').toObject(config.p4info, OUTPUT) as P4Info;
      if (config?.p4DeviceConfig?.length) out.deviceConfig = new Uint8Array(config.p4DeviceConfig as Uint8Array);
      if (config?.cookie) out.cookie = String(config.cookie.cookie ?? 0);
      return out;
    },

    write: function write(updates: UpdateMsg[]): Promise<WriteResult> {
      return writeRequest({ deviceId, electionId, updates });
    },

    writeEncoded: function writeEncoded(updates: Uint8Array): Promise<WriteResult> {
      const header = writeHeader();
      const request = new Uint8Array(header.length + updates.length);
      request.set(header, 0);
      request.set(updates, header.length);
      return writeRequest(request);
    },

    read: function read(entities: EntityMsg[]): Promise<EntityMsg[]> {
      const m = def.Read;
      return new Promise((resolve, reject) => {
        const out: EntityMsg[] = [];
        const call = need().makeServerStreamRequest(m.path, m.requestSerialize, m.responseDeserialize as (b: Buffer) => Decoded, { deviceId, entities });
        const responseType = p4Type('p4.v1.ReadResponse');
        call.on('data', (res: Decoded) => {
          const obj = responseType.toObject(res, OUTPUT) as { entities?: EntityMsg[] };
          for (const e of obj.entities ?? []) out.push(e);
        });
        call.on('error', (err: grpc.ServiceError) => reject(rpcError(err)));
        call.on('end', () => resolve(out));
      });
    },

    onPacketIn: (listener) => listen(packetListeners, listener),

    sendPacketOut: function sendPacketOut(packet: PacketMsg): void {
      openStream().write({ packet });
    },

    onIdleTimeout: (listener) => listen(idleListeners, listener),

    onStreamError: (listener) => listen(errorListeners, listener),

    close: function close(): void {
      stream?.end();
      stream?.cancel();
      stream = undefined;
      channel?.close();
      channel = undefined;
      client?.close();
      client = undefined;
    },
  };
}
