/**
 * Pieces shared by the two HiGHS models (milp.ts over candidate owners, bound-exact-milp.ts over every owner):
 * the tangent envelope of the link delay, the rows of one link, the owner decoding and the CPLEX LP text.
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

/** One link as the models see it: its delay column, T_base(e), B_max(e) and the load of rules not being placed. */
export interface MilpLink {
  column: string;
  base: number;
  bandwidth: number;
  fixedLoad: number;
}

/**
 * Appends the rows of one link e: ρ(e) = (fixedLoad + Σ y_r·w_r,e) / B_max(e) ≤ maxRho, and per tangent
 * f_e ≥ T_base(e)·(alpha + beta·ρ(e)). `crossing` maps each rule that may cross e to its crossing column w_r,e.
 *
 * @example
 * pushLinkRows(rows, { column: 'f3', base: 1, bandwidth: 100, fixedLoad: 0 }, new Map([[0, 'w0_3']]), y, 0.95, delayTangents(0.95));
 */
export function pushLinkRows(
  rows: string[], link: MilpLink, crossing: ReadonlyMap<number, string>, y: ArrayLike<number>, maxRho: number, tangents: readonly DelayTangent[],
): void {
  const { column, base, bandwidth: bw, fixedLoad: fixed } = link;
  rows.push(`${[...crossing].map(([r, w]) => `${y[r] / bw} ${w}`).join(' + ')} <= ${maxRho - fixed / bw}`);
  for (const { alpha, beta } of tangents) {
    const coef = base * beta;
    const loadTerms = [...crossing].map(([r, w]) => ` - ${coef * y[r] / bw} ${w}`).join('');
    rows.push(`${column}${loadTerms} >= ${base * (alpha + beta * fixed / bw)}`);
  }
}

/**
 * Each rule's owner from a solution: the switch n whose z_r,n is set among `ownersOf(r)` (−1 when none is).
 *
 * @example
 * decodeOwners(columns, 2, () => [0, 1, 2]); // Int32Array [1, 0]
 */
export function decodeOwners(columns: ReadonlyMap<string, number>, rules: number, ownersOf: (r: number) => Iterable<number>): Int32Array {
  const owners = new Int32Array(rules).fill(-1);
  for (let r = 0; r < rules; r++) {
    for (const n of ownersOf(r)) if ((columns.get(`z${r}_${n}`) ?? 0) > 0.5) { owners[r] = n; break; }
  }
  return owners;
}
