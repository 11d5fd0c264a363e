/**
 * R(e) for the switch links: which rules cross each link, as pooled singly linked lists (no per-link
 * objects), so a move re-evaluates only the rules whose ρ(e) changed.
 *
 * @example
 * const idx = new LinkRuleIndex(linkCount, 1024);
 * idx.add(7, 3);
 * idx.forEach(7, (r) => console.log(r)); // 3
 * idx.remove(7, 3);
 */
export class LinkRuleIndex {
  private readonly head: Int32Array;
  private next: Int32Array;
  private rule: Int32Array;
  private used = 0;
  private freeList = -1;

  constructor(linkCount: number, initial: number) {
    this.head = new Int32Array(linkCount).fill(-1);
    this.next = new Int32Array(Math.max(16, initial));
    this.rule = new Int32Array(Math.max(16, initial));
  }

  add(link: number, r: number): void {
    let e = this.freeList;
    if (e >= 0) this.freeList = this.next[e];
    else {
      if (this.used === this.next.length) this.grow();
      e = this.used++;
    }
    this.rule[e] = r;
    this.next[e] = this.head[link];
    this.head[link] = e;
  }

  remove(link: number, r: number): void {
    let prev = -1;
    for (let e = this.head[link]; e >= 0; prev = e, e = this.next[e]) {
      if (this.rule[e] !== r) continue;
      if (prev < 0) this.head[link] = this.next[e];
      else this.next[prev] = this.next[e];
      this.next[e] = this.freeList;
      this.freeList = e;
      return;
    }
  }

  forEach(link: number, visit: (r: number) => void): void {
    for (let e = this.head[link]; e >= 0; e = this.next[e]) visit(this.rule[e]);
  }

  /** How many rules other than `skip` cross the link (no visitor closure: the annealer calls this per move). */
  countExcept(link: number, skip: number): number {
    let n = 0;
    for (let e = this.head[link]; e >= 0; e = this.next[e]) if (this.rule[e] !== skip) n++;
    return n;
  }

  /** The k-th (0-based, list order) rule other than `skip` crossing the link, or -1. */
  nthExcept(link: number, k: number, skip: number): number {
    for (let e = this.head[link]; e >= 0; e = this.next[e]) {
      if (this.rule[e] !== skip && k-- === 0) return this.rule[e];
    }
    return -1;
  }

  private grow(): void {
    const next = new Int32Array(this.next.length * 2);
    next.set(this.next);
    const rule = new Int32Array(this.rule.length * 2);
    rule.set(this.rule);
    this.next = next;
    this.rule = rule;
  }
}
