import type { HostGroup } from './compiled-classifier';

/**
 * Host names → groups as an open-addressed table the parser probes straight from the Host
 * header's bytes (ASCII letters lower-cased on the fly), so no string and no copy is made.
 */
export interface HostTable {
  /** Slot → index + 1 into names/groups (0 = empty); size a power of two. */
  table: Int32Array;
  mask: number;
  /** Lower-case UTF-8 names. */
  names: Uint8Array[];
  groups: HostGroup[];
}

const utf8 = new TextEncoder();

/**
 * FNV-1a of bytes[from, to) with ASCII letters lower-cased, folded to 30 bits (equal to
 * hashBytes of the lower-cased bytes).
 *
 * @example
 * hashLowerFnv(new TextEncoder().encode('Reviews'), 0, 7) === hashLowerFnv(new TextEncoder().encode('reviews'), 0, 7); // true
 */
export function hashLowerFnv(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    h = Math.imul(h ^ (b >= 65 && b <= 90 ? b | 32 : b), 0x01000193);
  }
  return h & 0x3fffffff;
}

/**
 * Builds the table from the compiled exact-host groups (names already lower-case).
 *
 * @example
 * const t = buildHostTable(new Map([['reviews', group]]));
 * findHostGroup(t, new TextEncoder().encode('REVIEWS'), 0, 7) === group; // true
 */
export function buildHostTable(exactHosts: ReadonlyMap<string, HostGroup>): HostTable {
  const size = Math.max(16, 1 << Math.ceil(Math.log2(exactHosts.size * 2 + 1)));
  const table = new Int32Array(size);
  const names: Uint8Array[] = [];
  const groups: HostGroup[] = [];
  for (const [name, group] of exactHosts) {
    const bytes = utf8.encode(name);
    let i = hashLowerFnv(bytes, 0, bytes.length) & (size - 1);
    while (table[i] !== 0) i = (i + 1) & (size - 1);
    names.push(bytes);
    groups.push(group);
    table[i] = names.length;
  }
  return { table, mask: size - 1, names, groups };
}

/**
 * The group of the exact name bytes[off, off + len) compared case-insensitively (ASCII), else undefined.
 *
 * @example
 * findHostGroup(t, headBytes, hostOff, hostNameLen); // the group of 'reviews' for 'Reviews'
 */
export function findHostGroup(t: HostTable, bytes: Uint8Array, off: number, len: number): HostGroup | undefined {
  const table = t.table;
  const mask = t.mask;
  for (let i = hashLowerFnv(bytes, off, off + len) & mask; table[i] !== 0; i = (i + 1) & mask) {
    const k = table[i] - 1;
    const name = t.names[k];
    if (name.length !== len) continue;
    let j = 0;
    while (j < len) {
      const b = bytes[off + j];
      if ((b >= 65 && b <= 90 ? b | 32 : b) !== name[j]) break;
      j++;
    }
    if (j === len) return t.groups[k];
  }
  return undefined;
}
