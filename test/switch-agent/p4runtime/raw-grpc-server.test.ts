import http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { p4Type } from '../../../switch-agent/proto/p4runtime-schema';
import { RawStreamCall } from '../../../switch-agent/p4runtime/raw-stream-channel';
import { p4RuntimeServiceDefinition, type Decoded } from '../../../switch-agent/p4runtime/grpc-service';
import { startHarness, type Harness } from './harness';

// The node:http2 gRPC server (raw-grpc-server) at the protocol level: real sockets, hand-made HTTP/2 requests.

const CAPS_REQ = p4Type('p4.v1.CapabilitiesRequest');
const CAPS_RES = p4Type('p4.v1.CapabilitiesResponse');

interface RawAnswer { status: string | undefined; message: string | undefined; body: Buffer; httpStatus: number | undefined }

/** One call made by hand: `writes` are sent as separate DATA writes with a turn between them. */
async function rawCall(target: string, path: string, writes: Buffer[], headers: http2.OutgoingHttpHeaders = {}): Promise<RawAnswer> {
  const session = http2.connect(`http://${target}`);
  try {
    const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers', ...headers });
    const chunks: Buffer[] = [];
    let status: string | undefined;
    let message: string | undefined;
    let httpStatus: number | undefined;
    const take = (h: http2.IncomingHttpHeaders): void => {
      if (h[':status'] !== undefined) httpStatus = Number(h[':status']);
      if (h['grpc-status'] !== undefined) status = String(h['grpc-status']);
      if (h['grpc-message'] !== undefined) message = decodeURIComponent(String(h['grpc-message']));
    };
    const closed = new Promise<void>((resolve) => stream.on('close', () => resolve()));
    stream.on('response', take);
    stream.on('trailers', take);
    stream.on('data', (c: Buffer) => chunks.push(c));
    for (const w of writes) {
      if (stream.closed) break;
      stream.write(w);
      await new Promise((r) => setTimeout(r, 5));
    }
    if (!stream.closed) stream.end();
    await closed;
    return { status, message, body: Buffer.concat(chunks), httpStatus };
  } finally {
    session.close();
  }
}

function framed(bytes: Uint8Array, compressed = 0): Buffer {
  const prefix = Buffer.alloc(5);
  prefix[0] = compressed;
  prefix.writeUInt32BE(bytes.length, 1);
  return Buffer.concat([prefix, Buffer.from(bytes)]);
}

describe('raw gRPC server (node:http2)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({}, 20, { server: 'http2' });
  });
  afterEach(async () => {
    await h.close();
  });

  it('answers a unary call whose message arrives split over several DATA writes', async () => {
    const msg = framed(CAPS_REQ.encode(CAPS_REQ.fromObject({})).finish());
    const extra = framed(new Uint8Array(0));
    const answer = await rawCall(h.target, '/p4.v1.P4Runtime/Capabilities', [msg.subarray(0, 3), msg.subarray(3)]);
    expect(answer.status).toBe('0');
    expect(answer.body.readUInt32BE(1)).toBe(answer.body.length - 5);
    expect(CAPS_RES.toObject(CAPS_RES.decode(answer.body.subarray(5)))).toEqual({ p4runtimeApiVersion: '1.4.1' });
    // Two request messages on a unary call is a protocol error, not a silent pick of one.
    const two = await rawCall(h.target, '/p4.v1.P4Runtime/Capabilities', [Buffer.concat([extra, extra])]);
    expect(two.status).toBe(String(grpc.status.UNIMPLEMENTED));
  });

  it('refuses unknown methods, compressed messages and non-gRPC requests with the right status', async () => {
    const unknown = await rawCall(h.target, '/p4.v1.P4Runtime/Nope', [framed(new Uint8Array(0))]);
    expect(unknown.status).toBe(String(grpc.status.UNIMPLEMENTED));
    expect(unknown.message).toContain('/p4.v1.P4Runtime/Nope');
    const compressed = await rawCall(h.target, '/p4.v1.P4Runtime/Capabilities', [framed(new Uint8Array(0), 1)], { 'grpc-encoding': 'gzip' });
    expect(compressed.status).toBe(String(grpc.status.UNIMPLEMENTED));
    const notGrpc = await rawCall(h.target, '/p4.v1.P4Runtime/Capabilities', [], { 'content-type': 'text/plain' });
    expect(notGrpc.httpStatus).toBe(415);
  });

  it('grpc-js clients see its errors with code and message (unary and stream)', async () => {
    const client = new grpc.Client(h.target, grpc.credentials.createInsecure());
    try {
      const def = p4RuntimeServiceDefinition().GetForwardingPipelineConfig;
      const err = await new Promise<grpc.ServiceError | null>((resolve) => {
        client.makeUnaryRequest(def.path, def.requestSerialize, def.responseDeserialize, { deviceId: '7' }, (e) => resolve(e));
      });
      expect(err?.code).toBe(grpc.status.NOT_FOUND);
      expect(err?.details).toContain('device_id 7');
    } finally {
      client.close();
    }
  });

  it('ends a StreamChannel with the arbitration error status, which the raw client stream reports', async () => {
    const def = p4RuntimeServiceDefinition().StreamChannel;
    const call = new RawStreamCall<object, Decoded>(h.target, def.path, { serialize: def.requestSerialize, deserialize: def.responseDeserialize as (b: Buffer) => Decoded }, 1 << 20);
    const outcome = new Promise<{ code: number; details: string } | 'end'>((resolve) => {
      call.on('error', (e: { code: number; details: string }) => resolve(e));
      call.on('end', () => resolve('end'));
    });
    call.write({ arbitration: { deviceId: '9', electionId: { high: '0', low: '1' } } });
    const result = await outcome;
    expect(result).not.toBe('end');
    expect(result).toMatchObject({ code: grpc.status.NOT_FOUND });
    expect((result as { details: string }).details).toContain('device_id 9');
  });
});
