/**
 * Dinic's maximum flow on a small directed network with real capacities (used by the bottleneck lower bound).
 *
 * @example
 * const f = new MaxFlow(4);
 * f.addEdge(0, 1, 3); f.addEdge(1, 3, 2); f.addEdge(0, 2, 1); f.addEdge(2, 3, 5);
 * f.run(0, 3); // 3
 */
export class MaxFlow {
  private readonly head: Int32Array;
  private to: number[] = [];
  private cap: number[] = [];
  private next: number[] = [];
  private readonly level: Int32Array;
  private readonly iter: Int32Array;

  constructor(private readonly nodes: number) {
    this.head = new Int32Array(nodes).fill(-1);
    this.level = new Int32Array(nodes);
    this.iter = new Int32Array(nodes);
  }

  addEdge(u: number, v: number, capacity: number): void {
    this.to.push(v); this.cap.push(capacity); this.next.push(this.head[u]); this.head[u] = this.to.length - 1;
    this.to.push(u); this.cap.push(0); this.next.push(this.head[v]); this.head[v] = this.to.length - 1;
  }

  run(s: number, t: number): number {
    let flow = 0;
    const eps = 1e-9;
    const queue = new Int32Array(this.nodes);
    for (;;) {
      this.level.fill(-1);
      this.level[s] = 0;
      let qh = 0, qt = 0;
      queue[qt++] = s;
      while (qh < qt) {
        const u = queue[qh++];
        for (let e = this.head[u]; e >= 0; e = this.next[e]) {
          if (this.cap[e] > eps && this.level[this.to[e]] < 0) {
            this.level[this.to[e]] = this.level[u] + 1;
            queue[qt++] = this.to[e];
          }
        }
      }
      if (this.level[t] < 0) return flow;
      this.iter.set(this.head);
      for (;;) {
        const f = this.push(s, t, Infinity, eps);
        if (f <= eps) break;
        flow += f;
      }
    }
  }

  private push(u: number, t: number, limit: number, eps: number): number {
    if (u === t) return limit;
    for (; this.iter[u] >= 0; this.iter[u] = this.next[this.iter[u]]) {
      const e = this.iter[u];
      const v = this.to[e];
      if (this.cap[e] <= eps || this.level[v] !== this.level[u] + 1) continue;
      const d = this.push(v, t, Math.min(limit, this.cap[e]), eps);
      if (d > eps) {
        this.cap[e] -= d;
        this.cap[e ^ 1] += d;
        return d;
      }
    }
    return 0;
  }
}
