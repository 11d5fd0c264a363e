/**
 * The p4.v1.P4Runtime gRPC service definition for @grpc/grpc-js, with protobufjs codecs from our .proto files
 * (switch-agent/proto). Shared by the server (software switch) and the client. Requests/responses travel as
 * protobufjs message instances: 64-bit integers as Long, bytes as Uint8Array, enums as numbers.
 */
import type * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { p4Type } from '../proto/p4runtime-schema';
import { decodeWriteRequestFast } from './fast-write-decode';
import { encodeWriteRequestFast } from './fast-write-encode';
import { decodePacketStreamMessage, encodePacketStreamMessage } from './fast-stream-codec';

/** A protobufjs-decoded message: fields by lowerCamelCase name (values per the schema). */
// Why `any`: protobufjs' generated reflection types expose fields dynamically; each use site narrows them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Decoded = protobuf.Message & Record<string, any>;

/** Optional fast paths for one message type: undefined from either means "use protobufjs". */
interface FastCodec {
  encode(value: object): Uint8Array | undefined;
  decode(bytes: Uint8Array): object | undefined;
}

function packetEncode(value: object): Uint8Array | undefined {
  return encodePacketStreamMessage(value as Parameters<typeof encodePacketStreamMessage>[0]);
}

const FAST: Record<string, FastCodec> = {
  'p4.v1.WriteRequest': {
    encode: (value) => encodeWriteRequestFast(value as Parameters<typeof encodeWriteRequestFast>[0]),
    decode: (bytes) => decodeWriteRequestFast(bytes),
  },
  // PacketOut (client → switch) and PacketIn (switch → client): one of each per new session.
  'p4.v1.StreamMessageRequest': { encode: packetEncode, decode: decodePacketStreamMessage },
  'p4.v1.StreamMessageResponse': { encode: packetEncode, decode: decodePacketStreamMessage },
};

function codec(typeName: string): {
  serialize: (value: object) => Buffer;
  deserialize: (bytes: Buffer) => Decoded;
} {
  const type = p4Type(typeName);
  const fast = FAST[typeName];
  return {
    serialize: function serialize(value: object): Buffer {
      // Already-encoded bytes (e.g. ReadResponse chunks from ./fast-read-encode) go out as they are.
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      const quick = fast && !(value instanceof type.ctor) ? fast.encode(value) : undefined;
      if (quick) return Buffer.from(quick.buffer, quick.byteOffset, quick.byteLength);
      const message = value instanceof type.ctor ? (value as protobuf.Message) : type.fromObject(value);
      const bytes = type.encode(message).finish();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    deserialize: function deserialize(bytes: Buffer): Decoded {
      const quick = fast?.decode(bytes);
      if (quick) return quick as Decoded;
      return type.decode(bytes) as Decoded;
    },
  };
}

function method(
  name: string,
  requestType: string,
  responseType: string,
  requestStream: boolean,
  responseStream: boolean,
): grpc.MethodDefinition<object, object> {
  const req = codec(requestType);
  const res = codec(responseType);
  return {
    path: `/p4.v1.P4Runtime/${name}`,
    requestStream,
    responseStream,
    requestSerialize: req.serialize,
    requestDeserialize: req.deserialize,
    responseSerialize: res.serialize,
    responseDeserialize: res.deserialize,
    originalName: name,
  };
}

let cached: grpc.ServiceDefinition | undefined;

/**
 * The service definition (paths /p4.v1.P4Runtime/<Method>), built once.
 * @example
 * server.addService(p4RuntimeServiceDefinition(), handlers);
 */
export function p4RuntimeServiceDefinition(): grpc.ServiceDefinition {
  cached ??= {
    Write: method('Write', 'p4.v1.WriteRequest', 'p4.v1.WriteResponse', false, false),
    Read: method('Read', 'p4.v1.ReadRequest', 'p4.v1.ReadResponse', false, true),
    SetForwardingPipelineConfig: method(
      'SetForwardingPipelineConfig',
      'p4.v1.SetForwardingPipelineConfigRequest',
      'p4.v1.SetForwardingPipelineConfigResponse',
      false,
      false,
    ),
    GetForwardingPipelineConfig: method(
      'GetForwardingPipelineConfig',
      'p4.v1.GetForwardingPipelineConfigRequest',
      'p4.v1.GetForwardingPipelineConfigResponse',
      false,
      false,
    ),
    StreamChannel: method('StreamChannel', 'p4.v1.StreamMessageRequest', 'p4.v1.StreamMessageResponse', true, true),
    Capabilities: method('Capabilities', 'p4.v1.CapabilitiesRequest', 'p4.v1.CapabilitiesResponse', false, false),
  };
  return cached;
}

/** Trailer key carrying a binary google.rpc.Status with one p4.v1.Error per update (P4Runtime §12.3). */
export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';
/** type_url of p4.v1.Error inside google.protobuf.Any. */
export const P4_ERROR_TYPE_URL = 'type.googleapis.com/p4.v1.Error';
