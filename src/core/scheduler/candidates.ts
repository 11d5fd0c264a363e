/**
 * Algorithm 2's S_candi: the top-U switches by remaining SRAM (T_SRAM(n) − m_n), most free first, extended
 * beyond U (U doubles) until their combined free SRAM covers the need. O(S · |S_candi|) by insertion into a
 * short sorted list — no sort of all switches.
 *
 * @example
 * topCandidates(Float64Array.of(10, 50, 30), 0, 1, 60); // [1, 2] (50 alone does not cover 60)
 */
export function topCandidates(free: Float64Array, exclude: number, u: number, need: number): number[] {
  const S = free.length;
  for (let want = Math.max(1, u); ; want *= 2) {
    const picked = pickTop(free, exclude, want);
    let sum = 0;
    for (const n of picked) sum += free[n];
    if (sum >= need || picked.length < want || want >= S) return picked;
  }
}

function pickTop(free: Float64Array, exclude: number, want: number): number[] {
  const out: number[] = [];
  for (let n = 0; n < free.length; n++) {
    const f = free[n];
    if (n === exclude || !(f > 0)) continue;
    if (out.length === want && f <= free[out[want - 1]]) continue;
    // Insert keeping (free desc, index asc): ties keep document order, so decisions are deterministic.
    let i = out.length === want ? want - 1 : out.length;
    if (out.length < want) out.push(n);
    while (i > 0 && free[out[i - 1]] < f) { out[i] = out[i - 1]; i--; }
    out[i] = n;
  }
  return out;
}
