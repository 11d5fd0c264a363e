/**
 * Service-ID (VXLAN VNI) allocation state for one fabric, passed in and returned (the core keeps
 * no state): which VNIs are held by which rule, and which were released when.
 *
 * @example
 * const state: VniState = { inUse: new Map([['default/reviews/http/0', 0x5a3c1e]]), released: [{ vni: 0x123456, releasedAt: 1_700_000_000_000 }] };
 */
export interface VniState {
  /** Rule id → VNI currently assigned. */
  inUse: Map<string, number>;
  /** VNIs given back, with the time (ms) they were released; they stay unusable for the cool-down. */
  released: VniRelease[];
}

/** A VNI given back at `releasedAt` (ms since epoch). */
export interface VniRelease {
  vni: number;
  releasedAt: number;
}

/** Allocation knobs. */
export interface VniOptions {
  /** ms a released VNI stays unusable (sessions and stale proxy tables may still carry it). */
  coolDownMs: number;
  /** VNIs below this are reserved (default 4096: the range other overlays commonly use). */
  reservedBelow: number;
  /** Random draws before giving up (the 24-bit space is large; this bounds a nearly full one). */
  maxAttempts: number;
}

/** Defaults: 10 minutes cool-down, VNIs < 4096 reserved, 256 draws. */
export const DEFAULT_VNI_OPTIONS: VniOptions = { coolDownMs: 10 * 60 * 1000, reservedBelow: 4096, maxAttempts: 256 };

/** Largest 24-bit VNI. */
export const MAX_VNI = 0xffffff;

/** A cryptographic byte source (crypto.getRandomValues in the shells; seeded in tests). */
export type RandomBytes = (n: number) => Uint8Array;
