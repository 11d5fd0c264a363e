/**
 * The P4Info (p4.config.v1.P4Info) in the proto3 JSON mapping, as `parseP4InfoText` returns it: lowerCamelCase
 * names, 64-bit integers as decimal strings, enums by name. Only the parts PiggyCar reads are typed closely;
 * other P4Info fields pass through untouched (`[field: string]: unknown`).
 */

/**
 * Common header of every P4Info object.
 *
 * @example
 * const p: P4Preamble = { id: 44766036, name: 'PiggyCarIngress.tc_session_table', alias: 'tc_session_table' };
 */
export interface P4Preamble {
  id: number;
  name: string;
  alias?: string;
  annotations?: string[];
  [field: string]: unknown;
}

/**
 * P4Info MatchField.MatchType names.
 *
 * @example
 * const kind: P4MatchType = 'LPM';
 */
export type P4MatchType = 'UNSPECIFIED' | 'EXACT' | 'LPM' | 'TERNARY' | 'RANGE' | 'OPTIONAL';

/**
 * One key field of a table.
 *
 * @example
 * const f: P4MatchField = { id: 1, name: 'hdr.vxlan.vni', bitwidth: 24, matchType: 'EXACT' };
 */
export interface P4MatchField {
  id: number;
  name: string;
  bitwidth?: number;
  matchType?: P4MatchType;
  annotations?: string[];
  [field: string]: unknown;
}

/**
 * A table's reference to an action it may run.
 *
 * @example
 * const r: P4ActionRef = { id: 30737442, scope: 'DEFAULT_ONLY' };
 */
export interface P4ActionRef {
  id: number;
  scope?: 'TABLE_AND_DEFAULT' | 'TABLE_ONLY' | 'DEFAULT_ONLY';
  annotations?: string[];
  [field: string]: unknown;
}

/**
 * A match-action table.
 *
 * @example
 * helper.table('tc_session_table').idleTimeoutBehavior; // 'NOTIFY_CONTROL'
 */
export interface P4Table {
  preamble: P4Preamble;
  matchFields?: P4MatchField[];
  actionRefs?: P4ActionRef[];
  constDefaultActionId?: number;
  directResourceIds?: number[];
  /** int64 → decimal string in the JSON mapping. */
  size?: string;
  idleTimeoutBehavior?: 'NO_TIMEOUT' | 'NOTIFY_CONTROL';
  isConstTable?: boolean;
  [field: string]: unknown;
}

/**
 * One parameter of an action.
 *
 * @example
 * const p: P4ActionParam = { id: 1, name: 'node_ip', bitwidth: 32 };
 */
export interface P4ActionParam {
  id: number;
  name: string;
  bitwidth?: number;
  [field: string]: unknown;
}

/**
 * An action.
 *
 * @example
 * helper.action('set_backend').params; // [{ id: 1, name: 'node_ip', bitwidth: 32 }]
 */
export interface P4Action {
  preamble: P4Preamble;
  params?: P4ActionParam[];
  [field: string]: unknown;
}

/**
 * A direct counter attached to one table.
 *
 * @example
 * helper.directCounter('function_offload_counter').directTableId;
 */
export interface P4DirectCounter {
  preamble: P4Preamble;
  spec?: { unit?: 'UNSPECIFIED' | 'BYTES' | 'PACKETS' | 'BOTH' };
  directTableId?: number;
  [field: string]: unknown;
}

/**
 * An indexed counter.
 *
 * @example
 * const c: P4Counter = { preamble: { id: 0x12000001, name: 'c' }, spec: { unit: 'PACKETS' }, size: '64' };
 */
export interface P4Counter {
  preamble: P4Preamble;
  spec?: { unit?: 'UNSPECIFIED' | 'BYTES' | 'PACKETS' | 'BOTH' };
  size?: string;
  [field: string]: unknown;
}

/**
 * One field of a controller header (packet_in / packet_out).
 *
 * @example
 * helper.controllerMetadataField('packet_in', 'vni'); // { id: 2, name: 'vni', bitwidth: 24 }
 */
export interface P4ControllerMetadataField {
  id: number;
  name: string;
  bitwidth?: number;
  [field: string]: unknown;
}

/**
 * A controller header: `@controller_header("packet_in")` or `("packet_out")`.
 *
 * @example
 * helper.controllerMetadata('packet_out').metadata?.length; // 2
 */
export interface P4ControllerPacketMetadata {
  preamble: P4Preamble;
  metadata?: P4ControllerMetadataField[];
  [field: string]: unknown;
}

/**
 * The whole P4Info.
 *
 * @example
 * const p4info: P4Info = await loadP4InfoFile();
 */
export interface P4Info {
  pkgInfo?: { arch?: string; name?: string; [field: string]: unknown };
  tables?: P4Table[];
  actions?: P4Action[];
  counters?: P4Counter[];
  directCounters?: P4DirectCounter[];
  controllerPacketMetadata?: P4ControllerPacketMetadata[];
  [field: string]: unknown;
}
