/**
 * TypeScript shapes of the P4Runtime messages PiggyCar exchanges (p4.v1.*), as protobufjs `fromObject` accepts
 * them and as the client returns them: lowerCamelCase fields, 64-bit integers as decimal strings (numbers are
 * accepted on input), bytes as Uint8Array (canonical byte strings: no leading zero bytes, P4Runtime §8.3).
 * Only the fields PiggyCar uses are typed; see switch-agent/proto/p4/v1/p4runtime.proto for the full schema.
 */

/** A 64-bit integer: decimal string (proto3 JSON mapping) on output; number or bigint also accepted on input. */
export type Int64 = string;

/** Uint128 election id; `high` and `low` are 64-bit halves. */
export interface Uint128Msg {
  high?: Int64 | number;
  low?: Int64 | number;
}

/** p4.v1.FieldMatch: one key field; exactly one of exact / lpm / ternary / range / optional. */
export interface FieldMatchMsg {
  fieldId: number;
  exact?: { value: Uint8Array };
  lpm?: { value: Uint8Array; prefixLen: number };
  ternary?: { value: Uint8Array; mask: Uint8Array };
  range?: { low: Uint8Array; high: Uint8Array };
  optional?: { value: Uint8Array };
}

/** p4.v1.Action.Param. */
export interface ActionParamMsg {
  paramId: number;
  value: Uint8Array;
}

/** p4.v1.Action. */
export interface ActionMsg {
  actionId: number;
  params?: ActionParamMsg[];
}

/** p4.v1.CounterData. */
export interface CounterDataMsg {
  byteCount?: Int64 | number;
  packetCount?: Int64 | number;
}

/** p4.v1.TableEntry. */
export interface TableEntryMsg {
  /** 0 in a Read means every table. */
  tableId?: number;
  match?: FieldMatchMsg[];
  action?: { action?: ActionMsg };
  priority?: number;
  /** Set (even to {}) in a Read to get counters back. */
  counterData?: CounterDataMsg;
  isDefaultAction?: boolean;
  /** Nanoseconds; 0 or unset = never expires. */
  idleTimeoutNs?: Int64 | number;
  /** Set (even to {}) in a Read to get the idle time back. */
  timeSinceLastHit?: { elapsedNs?: Int64 | number };
  metadata?: Uint8Array;
}

/** p4.v1.DirectCounterEntry. */
export interface DirectCounterEntryMsg {
  tableEntry?: TableEntryMsg;
  data?: CounterDataMsg;
}

/** p4.v1.CounterEntry (an indexed counter cell; no index in a Read means every cell). */
export interface CounterEntryMsg {
  counterId?: number;
  index?: { index?: Int64 | number };
  data?: CounterDataMsg;
}

/** p4.v1.Entity (the subset PiggyCar uses). */
export interface EntityMsg {
  tableEntry?: TableEntryMsg;
  directCounterEntry?: DirectCounterEntryMsg;
  counterEntry?: CounterEntryMsg;
}

/** p4.v1.Update.Type names. */
export type UpdateType = 'INSERT' | 'MODIFY' | 'DELETE';

/** p4.v1.Update. */
export interface UpdateMsg {
  type: UpdateType;
  entity: EntityMsg;
}

/** p4.v1.PacketMetadata. */
export interface PacketMetadataMsg {
  metadataId: number;
  value: Uint8Array;
}

/** p4.v1.PacketIn / p4.v1.PacketOut. */
export interface PacketMsg {
  payload: Uint8Array;
  metadata?: PacketMetadataMsg[];
}

/** p4.v1.IdleTimeoutNotification. */
export interface IdleTimeoutNotificationMsg {
  tableEntry: TableEntryMsg[];
  /** Nanoseconds since the epoch. */
  timestamp?: Int64;
}

/** p4.v1.Error: the outcome of one update of a Write batch. */
export interface UpdateErrorMsg {
  canonicalCode: number;
  message?: string;
  space?: string;
  code?: number;
}
