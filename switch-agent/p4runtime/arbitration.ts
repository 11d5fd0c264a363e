/**
 * Primary-client arbitration of P4Runtime (§5, single default role): each StreamChannel sends a
 * MasterArbitrationUpdate with an election_id; the stream with the highest election_id is primary. When the
 * primary changes every stream is told (OK to the primary, ALREADY_EXISTS to the others, carrying the
 * primary's election_id); a new backup is told alone. Pure state machine over opaque stream handles.
 */

/** google.rpc.Code values used here. */
export const GRPC_CODE = {
  OK: 0,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

/** Arbitration state of one device. */
export interface Arbitration<S> {
  deviceId: bigint;
  /** Election id per stream that has arbitrated. */
  elections: Map<S, bigint>;
  primary: S | undefined;
}

/** One arbitration answer to send on a stream. */
export interface ArbitrationNotice<S> {
  stream: S;
  code: number;
  message: string;
  /** The primary's election id (or the highest seen if none is primary). */
  electionId: bigint;
}

/** Result of an arbitration request: an error to end the stream with, or answers to send. */
export type ArbitrationOutcome<S> =
  | { ok: true; notices: ArbitrationNotice<S>[] }
  | { ok: false; code: number; message: string };

/**
 * Empty arbitration for a device.
 * @example
 * const arb = createArbitration<StreamHandle>(1n);
 */
export function createArbitration<S>(deviceId: bigint): Arbitration<S> {
  return { deviceId, elections: new Map(), primary: undefined };
}

function electPrimary<S>(arb: Arbitration<S>): S | undefined {
  let best: S | undefined;
  let bestId = -1n;
  for (const [stream, id] of arb.elections) {
    if (id > bestId) {
      best = stream;
      bestId = id;
    }
  }
  return best;
}

function noticesFor<S>(arb: Arbitration<S>, streams: Iterable<S>): ArbitrationNotice<S>[] {
  const primaryId = arb.primary === undefined ? 0n : (arb.elections.get(arb.primary) ?? 0n);
  const out: ArbitrationNotice<S>[] = [];
  for (const stream of streams) {
    const isPrimary = stream === arb.primary;
    out.push({
      stream,
      code: isPrimary ? GRPC_CODE.OK : GRPC_CODE.ALREADY_EXISTS,
      message: isPrimary ? 'primary' : 'not primary',
      electionId: primaryId,
    });
  }
  return out;
}

/**
 * Handles a MasterArbitrationUpdate from `stream`.
 * @example
 * const outcome = arbitrate(arb, stream, 1n, 10n);
 * if (outcome.ok) for (const n of outcome.notices) send(n.stream, n);
 */
export function arbitrate<S>(arb: Arbitration<S>, stream: S, deviceId: bigint, electionId: bigint): ArbitrationOutcome<S> {
  if (deviceId !== arb.deviceId) {
    return { ok: false, code: GRPC_CODE.NOT_FOUND, message: `device_id ${deviceId} is not this switch (${arb.deviceId})` };
  }
  for (const [other, id] of arb.elections) {
    if (other !== stream && id === electionId) {
      return { ok: false, code: GRPC_CODE.INVALID_ARGUMENT, message: `election_id ${electionId} is already used by another client` };
    }
  }
  const before = arb.primary;
  arb.elections.set(stream, electionId);
  arb.primary = electPrimary(arb);
  if (arb.primary !== before) return { ok: true, notices: noticesFor(arb, arb.elections.keys()) };
  return { ok: true, notices: noticesFor(arb, [stream]) };
}

/**
 * Forgets a stream that ended; if it was primary, elects the next and tells every remaining stream.
 * @example
 * for (const n of leave(arb, stream)) send(n.stream, n);
 */
export function leave<S>(arb: Arbitration<S>, stream: S): ArbitrationNotice<S>[] {
  if (!arb.elections.delete(stream)) return [];
  if (arb.primary !== stream) return [];
  arb.primary = electPrimary(arb);
  return noticesFor(arb, arb.elections.keys());
}

/**
 * Whether a request carrying `electionId` for `deviceId` comes from the primary (writes and pipeline changes).
 * @example
 * if (!isPrimaryRequest(arb, req.deviceId, req.electionId)) fail(PERMISSION_DENIED);
 */
export function isPrimaryRequest<S>(arb: Arbitration<S>, deviceId: bigint, electionId: bigint): boolean {
  if (deviceId !== arb.deviceId || arb.primary === undefined) return false;
  return arb.elections.get(arb.primary) === electionId;
}

/**
 * Uint128 {high, low} (Long, number, string or undefined halves) → bigint.
 * @example
 * uint128ToBigInt({ high: 0, low: 10 }); // 10n
 */
export function uint128ToBigInt(value: { high?: unknown; low?: unknown } | null | undefined): bigint {
  if (!value) return 0n;
  return (toBigInt(value.high) << 64n) | toBigInt(value.low);
}

/**
 * A protobufjs 64-bit value (Long, number, string, undefined) → unsigned bigint.
 * @example
 * toBigInt(Long.fromString('10000000000')); // 10000000000n
 */
export function toBigInt(value: unknown): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(Math.trunc(value));
  if (typeof value === 'string') return BigInt(value);
  // Long: use its unsigned decimal text (exact for all 64 bits).
  const long = value as { toString(): string; unsigned?: boolean; high?: number; low?: number };
  if (typeof long.high === 'number' && typeof long.low === 'number') {
    return (BigInt(long.high >>> 0) << 32n) | BigInt(long.low >>> 0);
  }
  return BigInt(long.toString());
}
