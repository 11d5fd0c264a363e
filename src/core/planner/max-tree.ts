/**
 * A segment tree over T(r) giving max_r T(r), how many rules attain it, and a seeded pick among them, in
 * O(log R) per update: the annealer aims its moves at the rules at the max without scanning all rules.
 *
 * @example
 * const tree = new MaxTree(3);
 * tree.set(0, 5); tree.set(1, 7); tree.set(2, 7);
 * tree.max(); // 7
 * tree.countAtMax(); // 2
 */
export class MaxTree {
  private readonly size: number;
  private readonly mx: Float64Array;
  private readonly cnt: Int32Array;

  constructor(n: number) {
    let size = 1;
    while (size < n) size *= 2;
    this.size = size;
    this.mx = new Float64Array(2 * size).fill(-Infinity);
    this.cnt = new Int32Array(2 * size);
  }

  set(i: number, value: number): void {
    const { mx, cnt } = this;
    let k = i + this.size;
    mx[k] = value;
    cnt[k] = 1;
    for (k >>= 1; k >= 1; k >>= 1) {
      const l = 2 * k, r = l + 1;
      if (mx[l] > mx[r]) { mx[k] = mx[l]; cnt[k] = cnt[l]; }
      else if (mx[r] > mx[l]) { mx[k] = mx[r]; cnt[k] = cnt[r]; }
      else { mx[k] = mx[l]; cnt[k] = cnt[l] + cnt[r]; }
    }
  }

  max(): number {
    return this.mx[1];
  }

  countAtMax(): number {
    return this.cnt[1];
  }

  /** A leaf attaining the max, chosen uniformly among ties by `random` ∈ [0, 1). */
  pickMax(random: number): number {
    const { mx, cnt } = this;
    let k = 1;
    let u = random * cnt[1];
    while (k < this.size) {
      const l = 2 * k, r = l + 1;
      if (mx[l] === mx[k] && (mx[r] !== mx[k] || u < cnt[l])) k = l;
      else { if (mx[l] === mx[k]) u -= cnt[l]; k = r; }
    }
    return k - this.size;
  }
}
