/**
 * A binary min-heap of timed events, ties broken by insertion order so a run is deterministic.
 * Times, sequence numbers and payloads live in parallel arrays (no per-event wrapper object).
 *
 * @example
 * const q = new EventQueue<string>();
 * q.push(2, 'b'); q.push(1, 'a');
 * q.pop(); // 'a' (q.lastTime === 1)
 */
export class EventQueue<T> {
  private times: number[] = [];
  private seqs: number[] = [];
  private items: T[] = [];
  private seq = 0;
  /** Time of the event most recently popped. */
  lastTime = 0;

  get size(): number {
    return this.items.length;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    return this.items.length === 0 ? Infinity : this.times[0];
  }

  push(time: number, item: T): void {
    const { times, seqs, items } = this;
    let i = items.length;
    const seq = this.seq++;
    times.push(time); seqs.push(seq); items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent] < time || (times[parent] === time && seqs[parent] < seq)) break;
      times[i] = times[parent]; seqs[i] = seqs[parent]; items[i] = items[parent];
      i = parent;
    }
    times[i] = time; seqs[i] = seq; items[i] = item;
  }

  /** Removes and returns the earliest event (undefined when empty); its time is in `lastTime`. */
  pop(): T | undefined {
    const { times, seqs, items } = this;
    const n = items.length;
    if (n === 0) return undefined;
    const top = items[0];
    this.lastTime = times[0];
    const lastT = times.pop()!, lastS = seqs.pop()!, lastI = items.pop()!;
    if (n > 1) {
      const size = n - 1;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        let c = l;
        if (r < size && (times[r] < times[l] || (times[r] === times[l] && seqs[r] < seqs[l]))) c = r;
        if (times[c] > lastT || (times[c] === lastT && seqs[c] > lastS)) break;
        times[i] = times[c]; seqs[i] = seqs[c]; items[i] = items[c];
        i = c;
      }
      times[i] = lastT; seqs[i] = lastS; items[i] = lastI;
    }
    return top;
  }
}
