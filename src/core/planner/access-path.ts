import type { ClosIndex } from './clos-index';

/**
 * Switch links of p(a, b) between two access switches by the CLOS structure (up to the lowest common
 * ancestor layer, then down), with the fabric's tie-break (first switch by name at every step), without a
 * graph search: a → b (same switch: no link), a → m → b, or a → m₁ → c → m₂ → b. Returns undefined when a and
 * b share no ancestor within two up-hops (then callers use the graph's p(s, t)).
 *
 * @example
 * const links = accessPathLinks(clos, a, b, scratch); // e.g. [edgeAggLink, aggCoreLink, coreAggLink, aggEdgeLink]
 */
export function accessPathLinks(clos: ClosIndex, a: number, b: number, scratch: Int32Array): number[] | undefined {
  if (a === b) return [];
  const { upStart, upNode, upLink } = clos;
  // One up-hop: the first (by name) up-neighbour of a that is also above b.
  for (let j = upStart[a]; j < upStart[a + 1]; j++) {
    const l2 = clos.upLinkBetween(b, upNode[j]);
    if (l2 >= 0) return [upLink[j], l2];
  }
  const above = clos.ancestorClass(2, b);
  if (above < 0) return undefined;
  const tops = clos.classes[above];
  for (let j = upStart[a]; j < upStart[a + 1]; j++) {
    const m1 = upNode[j];
    for (let i = upStart[m1]; i < upStart[m1 + 1]; i++) {
      const c = upNode[i];
      if (!sortedHas(tops, c)) continue;
      clos.twoHopLinks(b, c, scratch);
      if (scratch[0] < 0) continue;
      return [upLink[j], upLink[i], scratch[1], scratch[0]];
    }
  }
  return undefined;
}

function sortedHas(sorted: Int32Array, v: number): boolean {
  let lo = 0, hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === v) return true;
    if (sorted[mid] < v) lo = mid + 1; else hi = mid - 1;
  }
  return false;
}
