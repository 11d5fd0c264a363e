import { describe, expect, it } from 'vitest';
import { packPlanColumns } from '../../../src/db/plan-store-pack';
import { packPlanBody } from '../../../src/db/plan-store-write';
import type { PlanBody } from '../../../src/db/plan-store-types';

const names = ['core1', 'access1', 'access2', 'access3'];
const columns = {
  switchName: (n: number) => names[n], switchCount: 4,
  ruleIds: ['r"quoted"', 'b', 'c', 'd'],
  owners: Int32Array.of(2, 0, 2, 1),
  latencyUs: Float64Array.of(13.28228047422342, 9.5, 1e-7, 20.0000004),
  switchLoad: Float64Array.of(500, 300.5, 1200, 0),
};

/** The body the job built before: switches indexed by first use, [id, slot, round(T)], loads of switches > 0. */
function reference(): PlanBody {
  const slot = new Map<number, number>();
  const switches: string[] = [];
  const at = (n: number): number => {
    if (!slot.has(n)) { slot.set(n, switches.length); switches.push(names[n]); }
    return slot.get(n)!;
  };
  const rules = Array.from(columns.owners, (n, r): [string, number, number] => [columns.ruleIds[r], at(n), Math.round(columns.latencyUs[r] * 1e6) / 1e6]);
  const loads: [number, number][] = [];
  columns.switchLoad.forEach((x, n) => { if (x > 0) loads.push([at(n), x]); });
  return { switches, rules, loads };
}

describe('packPlanColumns', () => {
  it('writes the same JSON text as packing the equivalent PlanBody', () => {
    const rows = packPlanColumns('p1', columns, 512 * 1024);
    expect(rows).toEqual(packPlanBody('p1', reference()));
    expect(JSON.parse(rows[0].data)).toEqual(reference());
  });

  it('splits into rows no longer than the limit, in seq order, that join back into the body', () => {
    const rows = packPlanColumns('p1', columns, 40); // every piece (one rule, one name) is shorter than 40
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i));
    for (const r of rows) expect(r.data.length).toBeLessThanOrEqual(40);
    expect(JSON.parse(rows.map((r) => r.data).join(''))).toEqual(reference());
  });
});
