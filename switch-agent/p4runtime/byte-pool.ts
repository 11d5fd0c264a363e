/** Requests above this many bytes get their own buffer (a slab holds many small ones). */
const MAX_POOLED = 2048;
const SLAB_BYTES = 64 * 1024;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/**
 * A `Uint8Array` of `length` bytes cut from a shared 64 KiB slab: per-packet messages (PacketIn/PacketOut bytes,
 * frame copies) are ~100 bytes each, and `new Uint8Array(n)` above 64 bytes costs each one its own off-heap
 * ArrayBuffer (malloc + GC tracking) — the slab makes that one allocation per ~500 packets. The bytes are NOT
 * zeroed: the caller writes every one. A slab lives while any view into it does.
 *
 * @example
 * const buf = allocBytes(frame.length); buf.set(frame);
 */
export function allocBytes(length: number): Uint8Array {
  if (length > MAX_POOLED) return new Uint8Array(length);
  if (used + length > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const out = new Uint8Array(slab, used, length);
  // 8-byte alignment keeps later views (e.g. a DataView over a copy) on natural boundaries.
  used += (length + 7) & ~7;
  return out;
}

/**
 * A copy of `bytes` in pooled memory (see {@link allocBytes}).
 *
 * @example
 * const frame = copyBytes(packet.payload); // independent of the stream's receive buffer
 */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  const out = allocBytes(bytes.length);
  out.set(bytes);
  return out;
}
