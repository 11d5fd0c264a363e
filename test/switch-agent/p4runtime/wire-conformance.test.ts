import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

// Raw bytes over real gRPC: the switch's answers must be the official vectors byte for byte, as BMv2's would be.

const VECTORS = '/work/shared/p4runtime-vectors/';
const vector = (name: string): Buffer => readFileSync(`${VECTORS}${name}.bin`);
const identity = (b: Buffer): Buffer => b;

describe('P4Runtime wire conformance of the software switch', () => {
  let h: Harness;
  let raw: grpc.Client;
  beforeEach(async () => {
    h = await startHarness();
    raw = new grpc.Client(h.target, grpc.credentials.createInsecure());
  });
  afterEach(async () => {
    raw.close();
    await h.close();
  });

  function openStream(): { call: grpc.ClientDuplexStream<Buffer, Buffer>; next: () => Promise<Buffer> } {
    const call = raw.makeBidiStreamRequest('/p4.v1.P4Runtime/StreamChannel', identity, identity);
    const queue: Buffer[] = [];
    const waiters: ((b: Buffer) => void)[] = [];
    call.on('data', (b: Buffer) => (waiters.length ? waiters.shift()!(b) : queue.push(b)));
    call.on('error', () => undefined);
    return { call, next: () => new Promise((resolve) => (queue.length ? resolve(queue.shift()!) : waiters.push(resolve))) };
  }

  it('answers the arbitration-request vector with the arbitration-response-primary vector, and a backup with the backup vector', async () => {
    const a = openStream();
    a.call.write(vector('arbitration-request'));
    expect((await a.next()).toString('hex')).toBe(vector('arbitration-response-primary').toString('hex'));
    const b = openStream();
    b.call.write(Buffer.from('0a0808011a040800100' + '5', 'hex')); // same request with election_id low = 5
    expect((await b.next()).toString('hex')).toBe(vector('arbitration-response-backup').toString('hex'));
    a.call.cancel();
    b.call.cancel();
  });

  it('answers Capabilities with the get-capabilities-response vector', async () => {
    const res = await new Promise<Buffer>((resolve, reject) =>
      raw.makeUnaryRequest('/p4.v1.P4Runtime/Capabilities', identity, identity, Buffer.alloc(0), (err, r) => (err ? reject(err) : resolve(r!))),
    );
    expect(res.toString('hex')).toBe(vector('get-capabilities-response').toString('hex'));
  });

  it('refuses the set-pipeline vector (a different program) with INVALID_ARGUMENT once primary, PERMISSION_DENIED before', async () => {
    const call = (): Promise<grpc.ServiceError | undefined> =>
      new Promise((resolve) =>
        raw.makeUnaryRequest('/p4.v1.P4Runtime/SetForwardingPipelineConfig', identity, identity, vector('set-pipeline'), (err) => resolve(err ?? undefined)),
      );
    expect((await call())?.code).toBe(grpc.status.PERMISSION_DENIED);
    const a = openStream();
    a.call.write(vector('arbitration-request'));
    await a.next();
    const err = await call();
    expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err?.details).toContain('PiggyCarIngress');
    a.call.cancel();
  });

  it('refuses writes before a pipeline is committed with FAILED_PRECONDITION', async () => {
    const a = openStream();
    a.call.write(vector('arbitration-request'));
    await a.next();
    const err = await new Promise<grpc.ServiceError | undefined>((resolve) =>
      raw.makeUnaryRequest('/p4.v1.P4Runtime/Write', identity, identity, vector('write-insert-session'), (e) => resolve(e ?? undefined)),
    );
    expect(err?.code).toBe(grpc.status.FAILED_PRECONDITION);
    a.call.cancel();
  });
});
