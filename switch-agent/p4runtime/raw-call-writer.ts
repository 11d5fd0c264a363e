/**
 * The response half of one gRPC call on a node:http2 server stream (see ./raw-grpc-server): response headers
 * before the first message, length-prefixed messages (all written in one event-loop turn leave in one write),
 * then grpc-status / grpc-message / metadata trailers — or a trailers-only response when nothing was sent.
 */
import type http2 from 'node:http2';
import { frameMessages } from './raw-stream-channel';

/** A gRPC status to end a call with (headers: extra trailer metadata, e.g. grpc-status-details-bin). */
export interface RawStatus {
  code: number;
  details: string;
  headers?: http2.OutgoingHttpHeaders;
}

function statusHeaders(status: RawStatus): http2.OutgoingHttpHeaders {
  return { ...status.headers, 'grpc-status': String(status.code), 'grpc-message': encodeURI(status.details) };
}

/**
 * Writes messages and the final status of one call.
 * @example
 * const out = new RawCallWriter(stream); out.serialize = def.responseSerialize; out.write(msg); out.finish({ code: 0, details: '' });
 */
export class RawCallWriter<T> {
  /** Set once the status is decided (or the peer went away); later writes are dropped. */
  finished = false;
  serialize: (value: T) => Buffer = () => Buffer.alloc(0);
  private headersSent = false;
  private chunks: Buffer[] = [];
  private bytes = 0;
  private flushQueued = false;
  private status: RawStatus = { code: 0, details: '' };

  constructor(private readonly stream: http2.ServerHttp2Stream) {}

  /** Queues one message (already-encoded bytes pass through serialize unchanged, per ./grpc-service). */
  write(message: T): void {
    if (this.finished) return;
    const body = this.serialize(message);
    this.chunks.push(body);
    this.bytes += 5 + body.length;
    if (!this.flushQueued) {
      this.flushQueued = true;
      process.nextTick(() => this.flush());
    }
  }

  private gone(): boolean {
    return this.stream.destroyed || this.stream.closed;
  }

  private sendHeaders(): void {
    if (this.headersSent) return;
    this.headersSent = true;
    this.stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-accept-encoding': 'identity' }, { waitForTrailers: true });
    this.stream.on('wantTrailers', () => this.stream.sendTrailers(statusHeaders(this.status)));
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.chunks.length === 0) return;
    const data = frameMessages(this.chunks, this.bytes);
    this.chunks = [];
    this.bytes = 0;
    if (this.gone()) return;
    this.sendHeaders();
    this.stream.write(data);
  }

  /** Ends the call with `status` after the queued messages (trailers-only when nothing was sent). */
  finish(status: RawStatus): void {
    if (this.finished) return;
    this.finished = true;
    if (this.gone()) return;
    if (!this.headersSent && this.chunks.length === 0) {
      this.stream.respond({ ':status': 200, 'content-type': 'application/grpc', ...statusHeaders(status) }, { endStream: true });
      return;
    }
    this.status = status;
    this.flush();
    this.stream.end();
  }
}
