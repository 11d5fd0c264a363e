/**
 * The client side of P4Runtime's StreamChannel as a plain gRPC-over-HTTP/2 call on node:http2 (the gRPC wire
 * protocol: POST /p4.v1.P4Runtime/StreamChannel, content-type application/grpc, length-prefixed messages, status in
 * the trailers). Why not grpc-js here: the slow path sends one PacketOut and receives one PacketIn per new session,
 * and grpc-js' per-message machinery (interceptors, object-mode streams) cost more than the rest of the slow path.
 * Messages written in one event-loop turn go out in one HTTP/2 write; incoming DATA is split into messages in one
 * loop. Same messages, same codecs (./grpc-service), so any gRPC server (BMv2, Stratum, grpc-js) sees a normal call.
 */
import http2 from 'node:http2';
import { EventEmitter } from 'node:events';

/** gRPC status codes used here. */
const CANCELLED = 1;
const UNKNOWN = 2;
const INTERNAL = 13;
const UNAVAILABLE = 14;
const RESOURCE_EXHAUSTED = 8;

/** The error a failed call ends with (the fields grpc-js' ServiceError has and the client reads). */
export interface RawStreamError extends Error {
  code: number;
  details: string;
}

/** Codec of the call: request objects → bytes, response bytes → objects. */
export interface RawStreamCodec<Req, Res> {
  serialize(value: Req): Buffer;
  deserialize(bytes: Buffer): Res;
}

/**
 * gRPC length-prefixed messages (flag 0 = uncompressed, 4-byte big-endian length, bytes) in one buffer; `total`
 * = Σ (5 + length). Shared with the server side (./raw-call-writer).
 * @example
 * stream.write(frameMessages([a, b], 10 + a.length + b.length));
 */
export function frameMessages(messages: Uint8Array[], total: number): Buffer {
  const out = Buffer.allocUnsafe(total);
  let pos = 0;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    const n = m.length;
    out[pos] = 0;
    out[pos + 1] = n >>> 24;
    out[pos + 2] = (n >>> 16) & 255;
    out[pos + 3] = (n >>> 8) & 255;
    out[pos + 4] = n & 255;
    out.set(m, pos + 5);
    pos += 5 + n;
  }
  return out;
}

function requestHeaders(path: string): http2.OutgoingHttpHeaders {
  return {
    ':method': 'POST',
    ':path': path,
    ':scheme': 'http',
    'content-type': 'application/grpc',
    te: 'trailers',
    'grpc-accept-encoding': 'identity',
    'user-agent': 'piggycar-agent',
  };
}

/** The outcome of a unary call: its status, the trailers (metadata such as grpc-status-details-bin) and the response. */
export interface RawUnaryResult {
  code: number;
  details: string;
  trailers: http2.IncomingHttpHeaders;
  response: Buffer | undefined;
}

/**
 * One HTTP/2 connection to a gRPC server for the calls on the slow path: the StreamChannel and unary Writes share
 * it (grpc-js' unary machinery cost the agent more per Write than encoding the whole batch).
 * @example
 * const ch = new RawChannel('127.0.0.1:50051'); const r = await ch.unary('/p4.v1.P4Runtime/Write', bytes);
 */
export class RawChannel {
  readonly session: http2.ClientHttp2Session;

  constructor(target: string) {
    this.session = http2.connect(`http://${target}`);
    // Failures reach each call through its own stream; an unhandled session 'error' would end the process.
    this.session.on('error', () => undefined);
  }

  /** A unary call with an already-encoded request message; never rejects (transport failures are UNAVAILABLE). */
  unary(path: string, request: Uint8Array, maxReceiveBytes: number): Promise<RawUnaryResult> {
    return new Promise((resolve) => {
      let code: number | undefined;
      let details = '';
      let trailers: http2.IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      let settled = false;
      const done = (r: RawUnaryResult): void => {
        if (settled) return;
        settled = true;
        resolve(r);
      };
      const take = (h: http2.IncomingHttpHeaders): void => {
        if (h[':status'] !== undefined && Number(h[':status']) !== 200) {
          code ??= UNKNOWN;
          details = `HTTP status ${String(h[':status'])}`;
        }
        if (h['grpc-status'] === undefined) return;
        code = Number(h['grpc-status']);
        const raw = typeof h['grpc-message'] === 'string' ? h['grpc-message'] : '';
        try {
          details = decodeURIComponent(raw);
        } catch {
          details = raw;
        }
        trailers = h;
      };
      let stream: http2.ClientHttp2Stream;
      try {
        stream = this.session.request(requestHeaders(path));
      } catch (err) {
        done({ code: UNAVAILABLE, details: (err as Error).message, trailers, response: undefined });
        return;
      }
      stream.on('response', take);
      stream.on('trailers', take);
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (err: Error) => done({ code: UNAVAILABLE, details: err.message, trailers, response: undefined }));
      stream.on('close', () => {
        if (code === undefined) return done({ code: UNAVAILABLE, details: `stream closed (HTTP/2 code ${stream.rstCode})`, trailers, response: undefined });
        const body = Buffer.concat(chunks);
        let response: Buffer | undefined;
        if (body.length >= 5 && body[0] === 0) {
          const length = body.readUInt32BE(1);
          if (length <= maxReceiveBytes && body.length >= 5 + length) response = body.subarray(5, 5 + length);
        }
        if (code === 0 && !response) return done({ code: INTERNAL, details: 'no response message', trailers, response });
        done({ code, details, trailers, response });
      });
      const prefix = Buffer.allocUnsafe(5);
      prefix[0] = 0;
      prefix.writeUInt32BE(request.length, 1);
      stream.end(Buffer.concat([prefix, request]));
    });
  }

  close(): void {
    this.session.close();
  }
}

function streamError(code: number, details: string): RawStreamError {
  return Object.assign(new Error(`${code} ${details}`), { code, details });
}

/**
 * One bidirectional streaming call. Events: 'data' (a response message), 'error' (RawStreamError: non-OK status or
 * transport failure; CANCELLED after cancel()), 'end' (the server closed with status OK). Exactly one of 'error' /
 * 'end' is emitted.
 *
 * @example
 * const s = openRawStream('127.0.0.1:50051', '/p4.v1.P4Runtime/StreamChannel', codec, 64 << 20);
 * s.on('data', onMessage); s.write({ arbitration: { deviceId: '1', electionId: { low: '10' } } });
 */
export class RawStreamCall<Req, Res> extends EventEmitter {
  private readonly session: http2.ClientHttp2Session;
  /** The connection is this call's own (closed with it) rather than a RawChannel's. */
  private readonly ownsSession: boolean;
  private readonly stream: http2.ClientHttp2Stream;
  private outgoing: Buffer[] = [];
  private outgoingBytes = 0;
  private flushQueued = false;
  private pending: Buffer | undefined;
  private finished = false;
  private status: { code: number; details: string } | undefined;

  constructor(
    target: string | http2.ClientHttp2Session,
    path: string,
    private readonly codec: RawStreamCodec<Req, Res>,
    private readonly maxReceiveBytes: number,
  ) {
    super();
    this.ownsSession = typeof target === 'string';
    this.session = typeof target === 'string' ? http2.connect(`http://${target}`) : target;
    this.session.on('error', (err: Error) => this.finish(streamError(UNAVAILABLE, err.message)));
    this.session.on('close', () => this.closed('connection closed'));
    this.stream = this.session.request(requestHeaders(path));
    this.stream.on('response', (headers) => this.onHeaders(headers));
    this.stream.on('trailers', (headers) => this.onHeaders(headers));
    this.stream.on('data', (chunk: Buffer) => this.onData(chunk));
    // The server's half ended: with its status in hand the call is over, even though this side may still be open.
    this.stream.on('end', () => {
      if (this.status) this.closed('server ended the call');
    });
    this.stream.on('error', (err: Error) => this.finish(streamError(UNAVAILABLE, err.message)));
    this.stream.on('close', () => this.closed(`stream closed (HTTP/2 code ${this.stream.rstCode})`));
  }

  /** The call is over: OK status → 'end', another status → 'error' with it, no status → UNAVAILABLE / CANCELLED. */
  private closed(why: string): void {
    const status = this.status;
    if (status && status.code === 0) this.finish(undefined);
    else if (status) this.finish(streamError(status.code, status.details));
    else this.finish(streamError(this.stream.rstCode === http2.constants.NGHTTP2_CANCEL ? CANCELLED : UNAVAILABLE, why));
  }

  /** Queues a message; every message queued in one event-loop turn leaves in a single write. */
  write(message: Req): void {
    if (this.finished) return;
    const bytes = this.codec.serialize(message);
    this.outgoing.push(bytes);
    this.outgoingBytes += 5 + bytes.length;
    if (!this.flushQueued) {
      this.flushQueued = true;
      process.nextTick(() => this.flush());
    }
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.finished || this.outgoing.length === 0) return;
    const data = frameMessages(this.outgoing, this.outgoingBytes);
    this.outgoing = [];
    this.outgoingBytes = 0;
    this.stream.write(data);
  }

  /** Half-closes the call (no more messages from this side). */
  end(): void {
    if (this.finished) return;
    this.flush();
    this.stream.end();
  }

  /** Cancels the call (RST_STREAM CANCEL) and closes the connection; emits 'error' with CANCELLED. */
  cancel(): void {
    if (this.finished) return;
    this.finish(streamError(CANCELLED, 'cancelled by the client'));
  }

  private onHeaders(headers: http2.IncomingHttpHeaders): void {
    const status = headers[':status'];
    if (status !== undefined && Number(status) !== 200) {
      this.status ??= { code: UNKNOWN, details: `HTTP status ${status}` };
      return;
    }
    const code = headers['grpc-status'];
    if (code === undefined) return;
    const raw = headers['grpc-message'];
    let details = typeof raw === 'string' ? raw : '';
    try {
      details = decodeURIComponent(details);
    } catch {
      // not percent-encoded: keep as is
    }
    this.status = { code: Number(code), details };
  }

  private onData(chunk: Buffer): void {
    const whole = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    // Messages are cut as plain Uint8Array views: cheaper than Buffer views, and the codecs take either.
    const buf = new Uint8Array(whole.buffer, whole.byteOffset, whole.byteLength);
    let pos = 0;
    while (!this.finished && buf.length - pos >= 5) {
      const compressed = buf[pos];
      const length = ((buf[pos + 1] << 24) >>> 0) + (buf[pos + 2] << 16) + (buf[pos + 3] << 8) + buf[pos + 4];
      if (length > this.maxReceiveBytes) {
        this.finish(streamError(RESOURCE_EXHAUSTED, `received message larger than max (${length} vs. ${this.maxReceiveBytes})`));
        return;
      }
      if (buf.length - pos - 5 < length) break;
      if (compressed !== 0) {
        this.finish(streamError(INTERNAL, 'compressed message received but no grpc-encoding was negotiated'));
        return;
      }
      const message = buf.subarray(pos + 5, pos + 5 + length);
      pos += 5 + length;
      let decoded: Res;
      try {
        decoded = this.codec.deserialize(message as Buffer);
      } catch (err) {
        this.finish(streamError(INTERNAL, `cannot parse response message: ${(err as Error).message}`));
        return;
      }
      this.emit('data', decoded);
    }
    if (pos < buf.length && !this.finished) {
      // Keep only the unparsed tail (a copy, so the big chunk it came from can be freed).
      this.pending = Buffer.from(buf.subarray(pos));
    }
  }

  private finish(error: RawStreamError | undefined): void {
    if (this.finished) return;
    this.finished = true;
    this.outgoing = [];
    if (!this.stream.closed) this.stream.close(error?.code === CANCELLED ? http2.constants.NGHTTP2_CANCEL : http2.constants.NGHTTP2_NO_ERROR);
    if (this.ownsSession) this.session.close();
    if (error) this.emit('error', error);
    else this.emit('end');
  }
}
