import { describe, expect, it } from 'vitest';
import { LinkRuleIndex } from '../../../src/core/planner/link-rule-index';
import { MaxFlow } from '../../../src/core/planner/max-flow';
import { MaxTree } from '../../../src/core/planner/max-tree';
import { seededRandom } from '../../../src/core/planner/rng';

describe('planner data structures', () => {
  it('MaxTree tracks the max, its multiplicity, and picks only leaves at the max', () => {
    const t = new MaxTree(5);
    [3, 9, 1, 9, 4].forEach((v, i) => t.set(i, v));
    expect(t.max()).toBe(9);
    expect(t.countAtMax()).toBe(2);
    const rnd = seededRandom(1);
    const picked = new Set(Array.from({ length: 50 }, () => t.pickMax(rnd())));
    expect([...picked].sort()).toEqual([1, 3]);
    t.set(1, 2);
    expect([t.max(), t.countAtMax(), t.pickMax(0.99)]).toEqual([9, 1, 3]);
  });

  it('LinkRuleIndex adds, removes and lists R(e)', () => {
    const idx = new LinkRuleIndex(3, 1);
    for (const r of [4, 5, 6]) idx.add(1, r);
    idx.remove(1, 5);
    idx.add(2, 7);
    const seen: number[] = [];
    idx.forEach(1, (r) => seen.push(r));
    expect(seen.sort()).toEqual([4, 6]);
    idx.forEach(0, () => { throw new Error('empty'); });
  });

  it('MaxFlow computes a max flow', () => {
    const f = new MaxFlow(6);
    // source 0, sink 5: classic example with max flow 23.
    [[0, 1, 16], [0, 2, 13], [1, 2, 10], [2, 1, 4], [1, 3, 12], [3, 2, 9], [2, 4, 14], [4, 3, 7], [3, 5, 20], [4, 5, 4]]
      .forEach(([u, v, c]) => f.addEdge(u, v, c));
    expect(f.run(0, 5)).toBe(23);
  });

  it('seededRandom is deterministic', () => {
    const a = seededRandom(42), b = seededRandom(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});
