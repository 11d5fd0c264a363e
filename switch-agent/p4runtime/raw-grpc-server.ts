/**
 * A small gRPC server on node:http2 for the software switch's P4Runtime service: unary, server-streaming and
 * bidirectional calls per the gRPC-over-HTTP/2 protocol (POST, content-type application/grpc, 5-byte message
 * prefix, grpc-status / grpc-message / *-bin metadata in trailers, trailers-only responses for early errors).
 * Why not grpc-js' server: on the slow path every new session is a PacketIn and a PacketOut on the StreamChannel,
 * and grpc-js' per-message and per-call machinery cost the switch more than its dataplane work. Here the messages a
 * call writes in one event-loop turn leave in one HTTP/2 write. Handlers see the same call shapes as with grpc-js
 * (request, callback / write, end, destroy / 'data', 'end', 'cancelled'), and the codecs are ./grpc-service's.
 */
import http2 from 'node:http2';
import { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import { RawCallWriter, type RawStatus } from './raw-call-writer';

const UNIMPLEMENTED = 12;
const INTERNAL = 13;
const RESOURCE_EXHAUSTED = 8;
const INVALID_ARGUMENT = 3;

/** Most bytes one request message may have (P4Info + device config of SetForwardingPipelineConfig). */
const MAX_RECEIVE_BYTES = 64 * 1024 * 1024;

type Handler = (...args: never[]) => void;

/** An error with a gRPC status, as handlers pass to callback / destroy (grpc-js' ServiceError shape). */
interface StatusError {
  code?: number;
  details?: string;
  message?: string;
  metadata?: grpc.Metadata;
}

function toStatus(err: StatusError): RawStatus {
  return {
    code: typeof err.code === 'number' ? err.code : INTERNAL,
    details: err.details ?? err.message ?? '',
    headers: err.metadata ? (err.metadata.toHttp2Headers() as http2.OutgoingHttpHeaders) : undefined,
  };
}

/** Splits a call's DATA into messages (a message may span chunks). */
class MessageReader {
  private pending: Buffer | undefined;

  /** Calls `each` per complete message; returns a status when the input is not acceptable. */
  push(chunk: Buffer, each: (message: Buffer) => void): RawStatus | undefined {
    const whole = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    // Messages are cut as plain Uint8Array views (cheaper than Buffer views; the codecs take either).
    const buf = new Uint8Array(whole.buffer, whole.byteOffset, whole.byteLength);
    let pos = 0;
    while (buf.length - pos >= 5) {
      const length = ((buf[pos + 1] << 24) >>> 0) + (buf[pos + 2] << 16) + (buf[pos + 3] << 8) + buf[pos + 4];
      if (length > MAX_RECEIVE_BYTES) return { code: RESOURCE_EXHAUSTED, details: `message of ${length} bytes exceeds ${MAX_RECEIVE_BYTES}` };
      if (buf.length - pos - 5 < length) break;
      if (buf[pos] !== 0) return { code: UNIMPLEMENTED, details: 'compressed messages are not supported (grpc-encoding identity only)' };
      each(buf.subarray(pos + 5, pos + 5 + length) as Buffer);
      pos += 5 + length;
    }
    if (pos < buf.length) this.pending = Buffer.from(buf.subarray(pos));
    return undefined;
  }

  /** True when a message was cut short at the end of the request. */
  get partial(): boolean {
    return this.pending !== undefined;
  }
}

/** The bidi call object handed to a StreamChannel handler (grpc-js ServerDuplexStream's subset). */
class BidiCall extends EventEmitter {
  constructor(private readonly out: RawCallWriter<object>) {
    super();
  }
  write(message: object): boolean {
    this.out.write(message);
    return true;
  }
  end(): void {
    this.out.finish({ code: 0, details: '' });
  }
  destroy(err?: StatusError): void {
    this.out.finish(err ? toStatus(err) : { code: 1, details: 'cancelled' });
  }
}

/**
 * Serves `definition` with `handlers` (grpc-js' UntypedServiceImplementation shape) on node:http2.
 * @example
 * const server = new RawGrpcServer(p4RuntimeServiceDefinition(), handlers);
 * const port = await server.listen('127.0.0.1:0');
 */
export class RawGrpcServer {
  private readonly server: http2.Http2Server;
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  private readonly methods = new Map<string, { def: grpc.MethodDefinition<object, object>; handler: Handler }>();

  constructor(definition: grpc.ServiceDefinition, handlers: grpc.UntypedServiceImplementation) {
    for (const name of Object.keys(definition)) {
      const def = definition[name] as grpc.MethodDefinition<object, object>;
      const handler = handlers[name] as Handler | undefined;
      if (handler) this.methods.set(def.path, { def, handler });
    }
    this.server = http2.createServer({ settings: { maxConcurrentStreams: 1000 } });
    this.server.on('session', (session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
      session.on('error', () => session.destroy());
    });
    this.server.on('stream', (stream, headers) => this.onStream(stream, headers));
  }

  /** Listens on `host:port` (port 0 = any); resolves with the port. */
  listen(address: string): Promise<number> {
    const colon = address.lastIndexOf(':');
    const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
    const port = Number(address.slice(colon + 1));
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as { port: number }).port);
      });
    });
  }

  /** Stops accepting, lets calls finish, cuts what is still open after `graceMs`. */
  close(graceMs = 500): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        for (const s of this.sessions) s.destroy();
      }, graceMs);
      timer.unref();
      this.server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      for (const s of this.sessions) s.close();
    });
  }

  private onStream(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
    stream.on('error', () => undefined);
    const out = new RawCallWriter<object>(stream);
    const contentType = headers['content-type'] ?? '';
    if (headers[':method'] !== 'POST' || !contentType.startsWith('application/grpc')) {
      stream.respond({ ':status': 415 }, { endStream: true });
      return;
    }
    const method = this.methods.get(String(headers[':path']));
    if (!method) {
      out.finish({ code: UNIMPLEMENTED, details: `method ${String(headers[':path'])} is not implemented` });
      return;
    }
    const encoding = headers['grpc-encoding'];
    if (encoding !== undefined && encoding !== 'identity') {
      out.finish({ code: UNIMPLEMENTED, details: `grpc-encoding ${String(encoding)} is not supported` });
      return;
    }
    const { def, handler } = method;
    out.serialize = def.responseSerialize as (v: object) => Buffer;
    const reader = new MessageReader();
    if (def.requestStream) {
      this.bidi(stream, out, reader, def, handler);
      return;
    }
    let request: Buffer | undefined;
    let count = 0;
    stream.on('data', (chunk: Buffer) => {
      const bad = reader.push(chunk, (m) => {
        count++;
        request = m;
      });
      if (bad) out.finish(bad);
    });
    stream.on('end', () => {
      if (out.finished) return;
      if (count !== 1 || reader.partial || !request) {
        out.finish({ code: count > 1 ? UNIMPLEMENTED : INTERNAL, details: `expected one request message, got ${count}` });
        return;
      }
      let decoded: object;
      try {
        decoded = def.requestDeserialize(request);
      } catch (err) {
        out.finish({ code: INVALID_ARGUMENT, details: `cannot parse the request: ${(err as Error).message}` });
        return;
      }
      const call = { request: decoded, metadata: undefined, cancelled: false };
      if (def.responseStream) {
        const streaming = Object.assign(call, {
          write: (m: object) => out.write(m),
          end: () => out.finish({ code: 0, details: '' }),
          destroy: (err?: StatusError) => out.finish(err ? toStatus(err) : { code: 1, details: 'cancelled' }),
        });
        (handler as (c: typeof streaming) => void)(streaming);
        return;
      }
      (handler as (c: typeof call, cb: (err: StatusError | null, value?: object) => void) => void)(call, (err, value) => {
        if (err) out.finish(toStatus(err));
        else {
          out.write(value ?? {});
          out.finish({ code: 0, details: '' });
        }
      });
    });
  }

  private bidi(
    stream: http2.ServerHttp2Stream, out: RawCallWriter<object>, reader: MessageReader,
    def: grpc.MethodDefinition<object, object>, handler: Handler,
  ): void {
    const call = new BidiCall(out);
    (handler as (c: BidiCall) => void)(call);
    stream.on('data', (chunk: Buffer) => {
      const bad = reader.push(chunk, (m) => {
        if (out.finished) return;
        let decoded: object;
        try {
          decoded = def.requestDeserialize(m);
        } catch (err) {
          out.finish({ code: INVALID_ARGUMENT, details: `cannot parse a stream message: ${(err as Error).message}` });
          return;
        }
        call.emit('data', decoded);
      });
      if (bad) out.finish(bad);
    });
    stream.on('end', () => call.emit('end'));
    stream.on('close', () => {
      if (!out.finished) {
        out.finished = true;
        call.emit('cancelled');
      }
      call.emit('close');
    });
  }
}
