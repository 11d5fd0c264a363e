/**
 * Pieces shared by the two HiGHS models (milp.ts over candidate owners, bound-exact-milp.ts over every owner):
 * the tangent envelope of the link delay and the CPLEX LP text.
 */

/** One tangent of g(ρ) = 1/(1 − ρ) at ρ: g(x) ≥ alpha + beta·x for every x < 1, with equality at x = ρ. */
export interface DelayTangent {
  alpha: number;
  beta: number;
  rho: number;
}

/**
 * Tangents of g(ρ) = 1/(1 − ρ) at 1 − ρ_k = 1.05^(−k) for every ρ_k ≤ `maxRho` (convex g: the envelope is exact at
 * the tangent points and below g in between, error < 0.1 %).
 *
 * @example
 * delayTangents(0.95).length; // 62
 */
export function delayTangents(maxRho: number): DelayTangent[] {
  const tangents: DelayTangent[] = [];
  for (let k = 0; ; k++) {
    const rho = 1 - Math.pow(1.05, -k);
    if (rho > maxRho) break;
    const g = 1 / (1 - rho), dg = g * g;
    tangents.push({ alpha: g - dg * rho, beta: dg, rho });
  }
  return tangents;
}

/**
 * A minimisation of T in CPLEX LP format, as HiGHS reads it: the constraint rows, bound lines and binary columns.
 *
 * @example
 * cplexLp(['T - q0 >= 0'], ['T >= 0'], ['z0_1']); // 'Minimize\n obj: T\nSubject To\n c0: T - q0 >= 0\n…'
 */
export function cplexLp(rows: readonly string[], bounds: readonly string[], binaries: readonly string[]): string {
  const binaryLines: string[] = [];
  for (let i = 0; i < binaries.length; i += 20) binaryLines.push(` ${binaries.slice(i, i + 20).join(' ')}`);
  return [
    'Minimize', ' obj: T', 'Subject To',
    ...rows.map((row, i) => ` c${i}: ${row}`),
    'Bounds', ...bounds.map((b) => ` ${b}`),
    'Binary', ...binaryLines,
    'End', '',
  ].join('\n');
}
