import { formatIpv4, parseIpv4 } from '../ipv4';

/** Addresses per /24 that a plan hands out: .1 to .254 (no network or broadcast-looking .0/.255). */
const HOSTS_PER_24 = 254;

/**
 * A deterministic IPv4 plan: the i-th address (0-based) of a block, skipping .0 and .255 in the last octet.
 * Generators use three disjoint blocks: switches 10.0.0.0/16, servers 10.1.0.0–10.255.255.255, pods 100.64.0.0/10.
 *
 * @example
 * const switches = addressBlock('10.0.0.0', 65536);
 * switches.at(0);   // '10.0.0.1'
 * switches.at(254); // '10.0.1.1'
 */
export interface AddressBlock {
  /** How many addresses the block can hand out. */
  readonly capacity: number;
  at(i: number): string;
}

/**
 * Creates an {@link AddressBlock} starting at `base` (which should end in .0) spanning `size` raw addresses.
 *
 * @example
 * addressBlock('100.64.0.0', 1 << 22).at(0); // '100.64.0.1'
 */
export function addressBlock(base: string, size: number): AddressBlock {
  const start = parseIpv4(base);
  if (start === undefined) throw new RangeError(`bad base address '${base}'`);
  const capacity = Math.floor(size / 256) * HOSTS_PER_24;
  return {
    capacity,
    at(i: number): string {
      if (!Number.isInteger(i) || i < 0 || i >= capacity) {
        throw new RangeError(`address ${i} is outside ${base} (capacity ${capacity})`);
      }
      return formatIpv4(start + Math.floor(i / HOSTS_PER_24) * 256 + (i % HOSTS_PER_24) + 1);
    },
  };
}

/**
 * Switch loopbacks / VTEPs: 10.0.0.0/16 (65,024 addresses).
 *
 * @example
 * SWITCH_BLOCK.at(0); // '10.0.0.1'
 */
export const SWITCH_BLOCK = addressBlock('10.0.0.0', 1 << 16);
/**
 * Server VTEPs: 10.1.0.0 up to 10.255.255.255 (~16.5 M addresses).
 *
 * @example
 * SERVER_BLOCK.at(0); // '10.1.0.1'
 */
export const SERVER_BLOCK = addressBlock('10.1.0.0', (1 << 24) - (1 << 16));
/**
 * Pod IPs: 100.64.0.0/10, the shared address space many CNIs use for pods (~4.2 M addresses).
 *
 * @example
 * POD_BLOCK.at(254); // '100.64.1.1'
 */
export const POD_BLOCK = addressBlock('100.64.0.0', 1 << 22);
