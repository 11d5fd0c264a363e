import { flowWord0, flowWord3, hashFlowWords, type FlowNumbers } from '../../src/core/reconcile/flow-words';


/**
 * A growable map from a session flow to one unsigned 32-bit value, on typed arrays: open addressing with linear
 * probing and backward-shift deletion (as the switch's own tc_session_table). Why not a Map keyed by a string:
 * the slow path looks a flow up on every packet_in and the tracker holds every pinned session; a string key per
 * session plus an object per entry made the agent's garbage collector its single largest cost.
 *
 * @example
 * const index = new FlowIndex();
 * index.set({ vni: 7, srcAddr, dstAddr, protocol: 6, srcPort: 40000, dstPort: 9080 }, backendU32);
 * index.get(flow); // backendU32
 */
export class FlowIndex {
  size = 0;
  private mask: number;
  /** 4 words per slot: flowWord0, srcAddr, dstAddr, flowWord3. */
  private keys: Uint32Array;
  private used: Uint8Array;
  private values: Uint32Array;

  /** `expected`: flows the index should hold before it first grows (it doubles whenever it would pass half full). */
  constructor(expected = 512) {
    let slots = 16;
    while (slots < expected * 2) slots *= 2;
    this.mask = slots - 1;
    this.keys = new Uint32Array(slots * 4);
    this.used = new Uint8Array(slots);
    this.values = new Uint32Array(slots);
  }

  /** Slot of a flow, or -1. */
  private slotOf(f: FlowNumbers): number {
    const w0 = flowWord0(f.vni, f.protocol);
    const w1 = f.srcAddr >>> 0;
    const w2 = f.dstAddr >>> 0;
    const w3 = flowWord3(f.srcPort, f.dstPort);
    const { keys, used, mask } = this;
    let i = hashFlowWords(w0, w1, w2, w3) & mask;
    for (;;) {
      if (used[i] === 0) return -1;
      const k = i * 4;
      if (keys[k] === w0 && keys[k + 1] === w1 && keys[k + 2] === w2 && keys[k + 3] === w3) return i;
      i = (i + 1) & mask;
    }
  }

  has(f: FlowNumbers): boolean {
    return this.slotOf(f) >= 0;
  }

  /** The value of a flow, or undefined. */
  get(f: FlowNumbers): number | undefined {
    const slot = this.slotOf(f);
    return slot < 0 ? undefined : this.values[slot];
  }

  /** Sets the value of a flow; true when the flow was not there before. */
  set(f: FlowNumbers, value: number): boolean {
    const slot = this.slotOf(f);
    if (slot >= 0) {
      this.values[slot] = value >>> 0;
      return false;
    }
    if ((this.size + 1) * 2 > this.used.length) this.grow();
    this.place(flowWord0(f.vni, f.protocol), f.srcAddr >>> 0, f.dstAddr >>> 0, flowWord3(f.srcPort, f.dstPort), value >>> 0);
    this.size++;
    return true;
  }

  private place(w0: number, w1: number, w2: number, w3: number, value: number): void {
    const { keys, used, mask } = this;
    let i = hashFlowWords(w0, w1, w2, w3) & mask;
    while (used[i] !== 0) i = (i + 1) & mask;
    const k = i * 4;
    keys[k] = w0;
    keys[k + 1] = w1;
    keys[k + 2] = w2;
    keys[k + 3] = w3;
    used[i] = 1;
    this.values[i] = value;
  }

  private grow(): void {
    const { keys, used, values } = this;
    const slots = used.length * 2;
    this.mask = slots - 1;
    this.keys = new Uint32Array(slots * 4);
    this.used = new Uint8Array(slots);
    this.values = new Uint32Array(slots);
    for (let i = 0; i < used.length; i++) {
      if (used[i] === 0) continue;
      const k = i * 4;
      this.place(keys[k], keys[k + 1], keys[k + 2], keys[k + 3], values[i]);
    }
  }

  /** Removes a flow; its value, or undefined when it was not there. */
  delete(f: FlowNumbers): number | undefined {
    let hole = this.slotOf(f);
    if (hole < 0) return undefined;
    const { keys, used, values, mask } = this;
    const removed = values[hole];
    let i = (hole + 1) & mask;
    while (used[i] !== 0) {
      const k = i * 4;
      const home = hashFlowWords(keys[k], keys[k + 1], keys[k + 2], keys[k + 3]) & mask;
      // Move entry i back into the hole unless its home lies cyclically in (hole, i].
      const inRange = hole <= i ? home > hole && home <= i : home > hole || home <= i;
      if (!inRange) {
        keys.copyWithin(hole * 4, k, k + 4);
        values[hole] = values[i];
        hole = i;
      }
      i = (i + 1) & mask;
    }
    used[hole] = 0;
    this.size--;
    return removed;
  }

  clear(): void {
    this.used.fill(0);
    this.size = 0;
  }

  /** Calls `visit` with each flow (a fresh object) and its value, in slot order. */
  forEach(visit: (flow: FlowNumbers, value: number) => void): void {
    const { keys, used, values } = this;
    for (let i = 0; i < used.length; i++) {
      if (used[i] === 0) continue;
      const k = i * 4;
      visit({
        vni: keys[k] >>> 8, protocol: keys[k] & 0xff, srcAddr: keys[k + 1], dstAddr: keys[k + 2],
        srcPort: keys[k + 3] >>> 16, dstPort: keys[k + 3] & 0xffff,
      }, values[i]);
    }
  }
}
