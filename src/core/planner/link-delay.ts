/**
 * Utilization above which eq. 3 is evaluated at this cap instead: at ρ(e) → 1 the M/M/1 delay diverges,
 * so a saturated link gets a large but finite delay (1000 × T_base) and is reported as an overload.
 */
export const RHO_CAP = 0.999;

/**
 * ρ(e) = Σ_{r∈R(e)} y_r / B_max(e) (eq. 3), with y_r in Gbps summed into `loadGbps`.
 * A link without bandwidth is saturated by any load (ρ = ∞ when loaded, 0 when idle).
 *
 * @example
 * linkUtilization(25, 100); // 0.25
 */
export function linkUtilization(loadGbps: number, bandwidthGbps: number): number {
  if (bandwidthGbps > 0) return loadGbps / bandwidthGbps;
  return loadGbps > 0 ? Number.POSITIVE_INFINITY : 0;
}

/**
 * F(e) = T_base(e) / (1 − ρ(e)) (eq. 3, M/M/1), µs. Never divides by ≤ 0: for ρ ≥ RHO_CAP the delay is
 * T_base / (1 − RHO_CAP); callers report such links as overloads (ρ ≥ 1).
 *
 * @example
 * linkDelayUs(1, 50, 100); // 2 (T_base 1 µs at ρ = 0.5)
 */
export function linkDelayUs(baseLatencyUs: number, loadGbps: number, bandwidthGbps: number): number {
  const rho = linkUtilization(loadGbps, bandwidthGbps);
  return baseLatencyUs / (1 - (rho < RHO_CAP ? rho : RHO_CAP));
}
