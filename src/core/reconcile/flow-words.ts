/**
 * A session flow (VNI, inner src, inner dst, protocol, inner src port, inner dst port) as four 32-bit words, and
 * their hash: the key of every typed-array session table (the software switch's tc_session_table, the agent's
 * session tracker), so a lookup on the packet path builds no string and allocates nothing.
 *
 * @example
 * const w0 = flowWord0(vni, 6), w3 = flowWord3(43512, 9080);
 * const home = hashFlowWords(w0, srcAddr, dstAddr, w3) & mask;
 */
import { fmix32 } from './flow-hash';

/** Word 0: vni << 8 | protocol (VNI is 24 bits). */
export function flowWord0(vni: number, protocol: number): number {
  return ((vni << 8) | protocol) >>> 0;
}

/** Word 3: srcPort << 16 | dstPort. */
export function flowWord3(srcPort: number, dstPort: number): number {
  return ((srcPort << 16) | dstPort) >>> 0;
}

/** One MurmurHash3 (x86, 32-bit) block step. */
function mixWord(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * MurmurHash3 of the four key words: well spread even for keys that differ in a few low bits.
 * @example
 * hashFlowWords(flowWord0(7, 6), 0x64400001, 0x0a600014, flowWord3(40000, 9080)); // an unsigned 32-bit hash
 */
export function hashFlowWords(w0: number, w1: number, w2: number, w3: number): number {
  return fmix32(mixWord(mixWord(mixWord(mixWord(0x9747b28c, w0), w1), w2), w3) ^ 16);
}

/** A session flow by value (all unsigned integers): what the typed-array tables key on. */
export interface FlowNumbers {
  vni: number;
  srcAddr: number;
  dstAddr: number;
  protocol: number;
  srcPort: number;
  dstPort: number;
}
