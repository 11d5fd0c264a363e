/**
 * P4Runtime gRPC server of the software switch (@grpc/grpc-js): Write (batched, per-update errors in the
 * google.rpc.Status details, one p4.v1.Error per update), Read (wildcards), Set/GetForwardingPipelineConfig
 * (the offered P4Info must be the program this switch implements), Capabilities, and the StreamChannel
 * (arbitration, PacketIn/PacketOut, IdleTimeoutNotification) in ./server-stream.
 */
import * as grpc from '@grpc/grpc-js';
import { p4Type, PROTO3_JSON_OPTIONS } from '../proto/p4runtime-schema';
import type { P4Info } from '../p4info/p4info-types';
import { resetTables } from '../software-switch/switch-state';
import { GRPC_CODE, createArbitration, isPrimaryRequest, toBigInt, uint128ToBigInt } from './arbitration';
import { P4_ERROR_TYPE_URL, STATUS_DETAILS_KEY, p4RuntimeServiceDefinition, type Decoded } from './grpc-service';
import { resolveProgramIds, verifyP4Info, type ProgramIds } from './program-ids';
import { RawGrpcServer } from './raw-grpc-server';
import { createStreamHandler, type ServerContext } from './server-stream';
import type { P4RuntimeServer, P4RuntimeServerOptions } from './server-types';
import { encodeSessionReadResponses } from './fast-read-encode';
import { isSessionWildcard, readEntity } from './table-reads';
import { applyUpdate, type UpdateFailure } from './table-writes';

/** P4Runtime API version this server implements. */
export const P4RUNTIME_API_VERSION = '1.4.1';
const READ_CHUNK = 512;

function fail(code: number, details: string, metadata?: grpc.Metadata): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: metadata ?? new grpc.Metadata() });
}

/**
 * Ends a Read with an error status. grpc-js' server stream sends a status only for an emitted 'error' (its
 * destroy(err) leaves the client waiting); the node:http2 server's call object ends with the status on destroy.
 */
function failRead(call: grpc.ServerWritableStream<Decoded, object>, err: grpc.ServiceError): void {
  if (typeof call.emit === 'function') call.emit('error', err);
  else call.destroy(err);
}

function writeFailure(failures: (UpdateFailure | null)[]): grpc.ServiceError {
  const failed = failures.filter((f) => f !== null).length;
  const errorType = p4Type('p4.v1.Error');
  const details = failures.map((f) => ({
    type_url: P4_ERROR_TYPE_URL,
    value: errorType.encode(errorType.fromObject(f ? { canonicalCode: f.code, message: f.message } : { canonicalCode: 0 })).finish(),
  }));
  const first = failures.find((f) => f !== null);
  const message = `${failed} of ${failures.length} updates failed; first: ${first?.message ?? ''}`;
  const statusType = p4Type('google.rpc.Status');
  const status = statusType.encode(statusType.fromObject({ code: GRPC_CODE.UNKNOWN, message, details })).finish();
  const metadata = new grpc.Metadata();
  metadata.set(STATUS_DETAILS_KEY, Buffer.from(status));
  return fail(GRPC_CODE.UNKNOWN, message, metadata);
}

/**
 * Creates the P4Runtime server of a software switch (not yet listening).
 * @example
 * const server = createP4RuntimeServer({ deviceId: 1, reference: await loadP4InfoFile(), host });
 * const port = await server.listen('127.0.0.1:0');
 */
export function createP4RuntimeServer(options: P4RuntimeServerOptions): P4RuntimeServer {
  const now = options.now ?? Date.now;
  const ctx: ServerContext = {
    deviceId: BigInt(options.deviceId),
    arbitration: createArbitration(BigInt(options.deviceId)),
    host: options.host,
    now,
    ids: undefined,
    committed: undefined,
  };
  let saved: { config: Decoded; p4info: P4Info; ids: ProgramIds } | undefined;
  const grpcServer = new grpc.Server();
  const stream = createStreamHandler(ctx);

  function checkDevice(deviceId: unknown): grpc.ServiceError | undefined {
    const id = toBigInt(deviceId);
    return id === ctx.deviceId ? undefined : fail(GRPC_CODE.NOT_FOUND, `device_id ${id} is not this switch (${ctx.deviceId})`);
  }

  function checkPrimary(req: Decoded): grpc.ServiceError | undefined {
    return checkDevice(req.deviceId) ??
      (isPrimaryRequest(ctx.arbitration, toBigInt(req.deviceId), uint128ToBigInt(req.electionId))
        ? undefined
        : fail(GRPC_CODE.PERMISSION_DENIED, 'election_id is not the primary controller'));
  }

  const handlers: grpc.UntypedServiceImplementation = {
    Write: function write(call: grpc.ServerUnaryCall<Decoded, object>, callback: grpc.sendUnaryData<object>) {
      const req = call.request;
      const denied = checkPrimary(req);
      if (denied) return callback(denied);
      if (!ctx.ids) return callback(fail(GRPC_CODE.FAILED_PRECONDITION, 'no forwarding pipeline config has been committed'));
      if (req.atomicity) return callback(fail(GRPC_CODE.UNIMPLEMENTED, 'only atomicity CONTINUE_ON_ERROR is supported'));
      const nowMs = now();
      const updates = (req.updates ?? []) as Decoded[];
      const failures: (UpdateFailure | null)[] = new Array(updates.length);
      let anyFailed = false;
      for (let i = 0; i < updates.length; i++) {
        failures[i] = applyUpdate(ctx.host.state, ctx.ids, updates[i], nowMs);
        if (failures[i]) anyFailed = true;
      }
      callback(anyFailed ? writeFailure(failures) : null, {});
    },

    Read: function read(call: grpc.ServerWritableStream<Decoded, object>) {
      const req = call.request;
      const bad = checkDevice(req.deviceId) ??
        (ctx.ids ? undefined : fail(GRPC_CODE.FAILED_PRECONDITION, 'no forwarding pipeline config has been committed'));
      if (bad) return failRead(call, bad);
      const ids = ctx.ids as ProgramIds;
      const entities = [];
      const encoded: Uint8Array[] = [];
      for (const requested of (req.entities ?? []) as Decoded[]) {
        const fast = isSessionWildcard(ids, requested);
        const result = readEntity(ctx.host.state, ids, requested, now(), { skipSessions: fast });
        if (!Array.isArray(result)) return failRead(call, fail(result.code, result.message));
        entities.push(...result);
        if (fast) {
          const withIdle = Boolean(requested.tableEntry.timeSinceLastHit);
          encoded.push(...encodeSessionReadResponses(ctx.host.state.sessions, ids, withIdle, now(), READ_CHUNK));
        }
      }
      for (let i = 0; i < entities.length; i += READ_CHUNK) call.write({ entities: entities.slice(i, i + READ_CHUNK) });
      for (const bytes of encoded) call.write(bytes);
      if (entities.length === 0 && encoded.length === 0) call.write({ entities: [] });
      call.end();
    },

    SetForwardingPipelineConfig: function setPipeline(call: grpc.ServerUnaryCall<Decoded, object>, callback: grpc.sendUnaryData<object>) {
      const req = call.request;
      const denied = checkPrimary(req);
      if (denied) return callback(denied);
      const action = req.action as number;
      if (action === 4) {
        // COMMIT: realize the saved config; a config must not be provided.
        if (req.config) return callback(fail(GRPC_CODE.INVALID_ARGUMENT, 'COMMIT must not carry a config'));
        if (!saved) return callback(fail(GRPC_CODE.FAILED_PRECONDITION, 'COMMIT without a saved config'));
        commit(saved, true);
        return callback(null, {});
      }
      if (action < 1 || action > 5) return callback(fail(GRPC_CODE.INVALID_ARGUMENT, 'action must be VERIFY, VERIFY_AND_SAVE, VERIFY_AND_COMMIT, COMMIT or RECONCILE_AND_COMMIT'));
      const config = req.config as Decoded | undefined;
      if (!config?.p4info) return callback(fail(GRPC_CODE.INVALID_ARGUMENT, 'config.p4info is required'));
      const p4info = p4Type('p4.config.v1.P4Info').toObject(config.p4info, PROTO3_JSON_OPTIONS) as P4Info;
      const problem = verifyP4Info(options.reference, p4info);
      if (problem) return callback(fail(GRPC_CODE.INVALID_ARGUMENT, problem));
      const resolved = resolveProgramIds(p4info);
      if (!resolved.ok) return callback(fail(GRPC_CODE.INVALID_ARGUMENT, resolved.reason));
      const candidate = { config, p4info, ids: resolved.ids };
      if (action === 2) saved = candidate;
      if (action === 3) commit(candidate, true);
      if (action === 5) commit(candidate, false);
      callback(null, {});
    },

    GetForwardingPipelineConfig: function getPipeline(call: grpc.ServerUnaryCall<Decoded, object>, callback: grpc.sendUnaryData<object>) {
      const bad = checkDevice(call.request.deviceId);
      if (bad) return callback(bad);
      const c = ctx.committed;
      if (!c) return callback(null, { config: {} });
      const type = (call.request.responseType as number) ?? 0;
      const config: Record<string, unknown> = {};
      if (c.cookie) config.cookie = c.cookie;
      if (type === 0 || type === 2) config.p4info = c.p4info;
      if ((type === 0 || type === 3) && c.p4DeviceConfig) config.p4DeviceConfig = c.p4DeviceConfig;
      callback(null, { config });
    },

    StreamChannel: stream,

    Capabilities: function capabilities(_call: grpc.ServerUnaryCall<Decoded, object>, callback: grpc.sendUnaryData<object>) {
      callback(null, { p4runtimeApiVersion: P4RUNTIME_API_VERSION });
    },
  };

  function commit(c: { config: Decoded; ids: ProgramIds }, clearState: boolean): void {
    if (clearState) resetTables(ctx.host.state);
    ctx.ids = c.ids;
    ctx.committed = c.config;
  }

  const transport = options.transport ?? 'http2';
  const raw = transport === 'http2' ? new RawGrpcServer(p4RuntimeServiceDefinition(), handlers) : undefined;
  if (!raw) grpcServer.addService(p4RuntimeServiceDefinition(), handlers);
  const timer = setInterval(function agingSweep() {
    stream.sweepIdle();
  }, options.agingIntervalMs ?? 100);
  timer.unref();

  return {
    listen: function listen(address: string): Promise<number> {
      if (raw) return raw.listen(address);
      return new Promise((resolve, reject) => {
        grpcServer.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port)));
      });
    },
    sendPacketIn: stream.sendPacketIn,
    sweepIdle: stream.sweepIdle,
    programIds: () => ctx.ids,
    close: function close(): Promise<void> {
      clearInterval(timer);
      stream.closeAll();
      if (raw) return raw.close(500);
      return new Promise((resolve) => {
        grpcServer.tryShutdown(() => resolve());
        // Streams that do not end promptly are cut.
        setTimeout(() => grpcServer.forceShutdown(), 500).unref();
      });
    },
  };
}
