/**
 * An append-only typed column that grows by 1.5× (no per-element JS values): what streaming builders use
 * when the final length is only known at the end. `trimmed()` hands out an exact-length array.
 *
 * @example
 * const col = new GrowableColumn(Int32Array, 1024);
 * col.push(7);
 * col.trimmed(); // Int32Array [7]
 */
export class GrowableColumn<A extends Int32Array | Float64Array> {
  data: A;
  length = 0;

  constructor(private readonly make: { new (n: number): A }, initial: number) {
    this.data = new make(Math.max(16, Math.ceil(initial)));
  }

  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = v;
  }

  /** Makes room for `n` elements in total. */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const bigger = new this.make(Math.max(n, Math.ceil(this.data.length * 1.5)));
    bigger.set(this.data);
    this.data = bigger;
  }

  /** The elements as an exact-length array (the backing array itself when it is exactly full). */
  trimmed(): A {
    return (this.length === this.data.length ? this.data : this.data.slice(0, this.length)) as A;
  }
}
