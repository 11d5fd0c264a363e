import { RHO_CAP } from '../planner/link-delay';
import type { SchedulerModel } from './model';

/**
 * B(e): the rest of the bandwidth of link e, Gbps — B_max(e) minus the plan's traffic on it, floored at
 * (1 − RHO_CAP)·B_max(e) so a saturated link gives a large but finite transfer time (as eq. 3's cap does).
 *
 * @example
 * remainingGbps(model, 3); // 75 on a 100 Gbps link carrying 25 Gbps
 */
export function remainingGbps(model: SchedulerModel, link: number): number {
  const bw = model.clos.linkBandwidth[link];
  if (!(bw > 0)) return 0;
  return Math.max(bw - model.state.load[link], (1 - RHO_CAP) * bw);
}

/**
 * δ_{n_d}(D) = Σ_{e ∈ P(n_cur, n_d)} D / B(e) (eq. 6), µs, for D in bytes and B(e) in Gbps
 * (1 Gbps moves 1,000 bits per µs). A link without bandwidth makes the transfer impossible (∞).
 *
 * @example
 * transferUs(model, [l1, l2], 125_000); // 2 × 125,000·8 / (100·1000) = 20 µs on two idle 100 Gbps links
 */
export function transferUs(model: SchedulerModel, links: ArrayLike<number>, bytes: number): number {
  if (bytes <= 0) return 0;
  let t = 0;
  for (let i = 0; i < links.length; i++) {
    const b = remainingGbps(model, links[i]);
    if (!(b > 0)) return Number.POSITIVE_INFINITY;
    t += (bytes * 8) / (b * 1000);
  }
  return t;
}

/**
 * E_mig = max{w_u, w_s} (eq. 6) for rule bytes D_u and session bytes D_s sent from n_cur to each destination
 * n_d (w_u = max_{n_d} δ_{n_d}(D_u), w_s = max_{n_d} δ_{n_d}(D_s)).
 *
 * @example
 * migrationOverhead(model, [pathLinks], 256 * 3, 32 * 1800); // { wU, wS, eMig }
 */
export function migrationOverhead(
  model: SchedulerModel,
  destinationPaths: ReadonlyArray<ArrayLike<number>>,
  ruleBytes: number,
  sessionBytes: number,
): { wU: number; wS: number; eMig: number } {
  let wU = 0, wS = 0;
  for (const links of destinationPaths) {
    wU = Math.max(wU, transferUs(model, links, ruleBytes));
    wS = Math.max(wS, transferUs(model, links, sessionBytes));
  }
  return { wU, wS, eMig: Math.max(wU, wS) };
}
