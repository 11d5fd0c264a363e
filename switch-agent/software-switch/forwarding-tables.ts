/**
 * function_offload_table (exact VNI → set_owner / owner_is_local, with its direct counter) and ipv4_route
 * (lpm on the outer IPv4 destination → ipv4_forward(port, dst_mac) / drop) of the PiggyCar P4 program.
 */

/** Action of a function_offload_table entry. */
export type OffloadAction = { kind: 'set_owner'; ownerIp: number } | { kind: 'owner_is_local' };

/** A function_offload_table entry with its direct counter (function_offload_counter: packets and bytes). */
export interface OffloadEntry {
  vni: number;
  action: OffloadAction;
  packets: number;
  bytes: number;
}

/** function_offload_table state. */
export interface OffloadTable {
  readonly capacity: number;
  entries: Map<number, OffloadEntry>;
}

/**
 * Creates an empty function_offload_table.
 * @example
 * const fot = createOffloadTable(16384);
 */
export function createOffloadTable(capacity: number): OffloadTable {
  return { capacity, entries: new Map() };
}

/** Action of an ipv4_route entry (or of its default action). */
export type RouteAction = { kind: 'ipv4_forward'; port: number; dstMac: number } | { kind: 'drop' };

/** An ipv4_route entry: prefix (masked u32) / prefixLen → action. */
export interface RouteEntry {
  prefix: number;
  prefixLen: number;
  action: RouteAction;
}

/** ipv4_route state: one Map per prefix length, searched longest first. */
export interface RouteTable {
  readonly capacity: number;
  size: number;
  byLength: Map<number, RouteEntry>[];
  /** Prefix lengths with entries, descending. */
  lengths: number[];
  defaultAction: RouteAction;
}

/**
 * Creates an empty ipv4_route (default action drop).
 * @example
 * const routes = createRouteTable(1024);
 */
export function createRouteTable(capacity: number): RouteTable {
  return {
    capacity,
    size: 0,
    byLength: Array.from({ length: 33 }, () => new Map<number, RouteEntry>()),
    lengths: [],
    defaultAction: { kind: 'drop' },
  };
}

/**
 * The network mask of a prefix length as u32.
 * @example
 * prefixMask(24); // 0xffffff00
 */
export function prefixMask(prefixLen: number): number {
  return prefixLen === 0 ? 0 : (0xffffffff << (32 - prefixLen)) >>> 0;
}

/**
 * Longest-prefix match; the matching entry's action or the default action.
 * @example
 * const action = lookupRoute(routes, view.dstAddr);
 */
export function lookupRoute(t: RouteTable, addr: number): RouteAction {
  const lengths = t.lengths;
  for (let i = 0; i < lengths.length; i++) {
    const len = lengths[i];
    const e = t.byLength[len].get((addr & prefixMask(len)) >>> 0);
    if (e !== undefined) return e.action;
  }
  return t.defaultAction;
}

function refreshLengths(t: RouteTable): void {
  t.lengths = [];
  for (let len = 32; len >= 0; len--) if (t.byLength[len].size > 0) t.lengths.push(len);
}

/** Result of a table write, as a value. */
export type TableWriteResult = 'ok' | 'exists' | 'not-found' | 'full';

/**
 * Inserts, modifies or deletes an ipv4_route entry.
 * @example
 * writeRoute(routes, 'INSERT', { prefix: ipv4ToU32('10.0.0.2'), prefixLen: 32, action });
 */
export function writeRoute(t: RouteTable, type: 'INSERT' | 'MODIFY' | 'DELETE', e: RouteEntry): TableWriteResult {
  const map = t.byLength[e.prefixLen];
  const key = e.prefix >>> 0;
  const existing = map.get(key);
  if (type === 'INSERT') {
    if (existing) return 'exists';
    if (t.size >= t.capacity) return 'full';
    map.set(key, { prefix: key, prefixLen: e.prefixLen, action: e.action });
    t.size++;
    refreshLengths(t);
    return 'ok';
  }
  if (!existing) return 'not-found';
  if (type === 'MODIFY') {
    existing.action = e.action;
    return 'ok';
  }
  map.delete(key);
  t.size--;
  refreshLengths(t);
  return 'ok';
}

/**
 * Inserts, modifies or deletes a function_offload_table entry (counters start at 0 on INSERT, kept on MODIFY).
 * @example
 * writeOffload(fot, 'INSERT', 0x5a3c1e, { kind: 'owner_is_local' });
 */
export function writeOffload(
  t: OffloadTable,
  type: 'INSERT' | 'MODIFY' | 'DELETE',
  vni: number,
  action: OffloadAction,
): TableWriteResult {
  const existing = t.entries.get(vni);
  if (type === 'INSERT') {
    if (existing) return 'exists';
    if (t.entries.size >= t.capacity) return 'full';
    t.entries.set(vni, { vni, action, packets: 0, bytes: 0 });
    return 'ok';
  }
  if (!existing) return 'not-found';
  if (type === 'MODIFY') existing.action = action;
  else t.entries.delete(vni);
  return 'ok';
}
