/**
 * The flows of one connection ordered by the service level (bits sent on the connection) at which they
 * finish; with FIFO byte streams the marks are increasing, but a heap keeps any order correct.
 *
 * @example
 * const h = new FlowHeap<string>();
 * h.push(5, 'late'); h.push(2, 'early');
 * h.peekFinish(); // 2
 */
export class FlowHeap<T> {
  private finish: number[] = [];
  private items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peekFinish(): number {
    return this.items.length === 0 ? Infinity : this.finish[0];
  }

  push(finish: number, item: T): void {
    const { finish: f, items } = this;
    let i = items.length;
    f.push(finish); items.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (f[p] <= finish) break;
      f[i] = f[p]; items[i] = items[p];
      i = p;
    }
    f[i] = finish; items[i] = item;
  }

  pop(): T | undefined {
    const { finish: f, items } = this;
    const n = items.length;
    if (n === 0) return undefined;
    const top = items[0];
    const lastF = f.pop()!, lastI = items.pop()!;
    if (n > 1) {
      const size = n - 1;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const c = l + 1 < size && f[l + 1] < f[l] ? l + 1 : l;
        if (f[c] >= lastF) break;
        f[i] = f[c]; items[i] = items[c];
        i = c;
      }
      f[i] = lastF; items[i] = lastI;
    }
    return top;
  }
}
