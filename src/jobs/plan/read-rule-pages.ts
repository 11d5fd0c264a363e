import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import type { RuleFootprintSource } from '../../core/planner/from-rules';
import type { AppDatabase } from '../../db/database';
import { istioRules, istioState } from '../../db/schema/istio';

/** Rules per query: ~0.5–2 KB of JSON each, so a page is about 0.5–2 MB; 100,000 rules take 100 queries (D1: ~1,000 per invocation). */
export const RULE_PAGE_SIZE = 1000;

/**
 * Reads a fabric's rules in pages of `pageSize` in (priority, id) order — the listRules order, ties broken
 * by id — handing each page to `onPage` before fetching the next, so a caller that reduces each rule at
 * once never holds more than one page. Only what the planner reads leaves the database: the id, x_r, y_r and
 * the servers of Q(r) and K(r), extracted from the stored Rule JSON by SQLite's JSON functions (also on D1),
 * not whole rules parsed in JS. Returns false when the rule set changed while it was being read (an Istio
 * apply rewrote it: `istio_state.version` moved); the caller then starts over.
 *
 * @example
 * const complete = await readRulePages(db, 'testbed', (rules) => { for (const r of rules) add(r); });
 */
export async function readRulePages(
  db: AppDatabase,
  fabric: string,
  onPage: (rules: RuleFootprintSource[]) => void | Promise<void>,
  pageSize = RULE_PAGE_SIZE,
): Promise<boolean> {
  const before = await rulesVersion(db, fabric);
  let last: { priority: number; id: string } | undefined;
  for (;;) {
    const after = last === undefined
      ? undefined
      : or(gt(istioRules.priority, last.priority), and(eq(istioRules.priority, last.priority), gt(istioRules.id, last.id)));
    const rows = await db
      .select({
        id: istioRules.id,
        priority: istioRules.priority,
        x: sql<unknown>`json_extract(${istioRules.body}, '$.expectedSessions')`,
        y: sql<unknown>`json_extract(${istioRules.body}, '$.expectedGbps')`,
        q: sql<string | null>`(select json_group_array(json_extract(value, '$.server')) from json_each(${istioRules.body}, '$.requesters'))`,
        k: sql<string | null>`(select json_group_array(json_extract(value, '$.server')) from json_each(${istioRules.body}, '$.backends'))`,
      })
      .from(istioRules)
      .where(after === undefined ? eq(istioRules.fabric, fabric) : and(eq(istioRules.fabric, fabric), after))
      .orderBy(asc(istioRules.priority), asc(istioRules.id))
      .limit(pageSize);
    if (rows.length === 0) break;
    const end = rows[rows.length - 1];
    last = { priority: end.priority, id: end.id };
    await onPage(rows.map(function footprint(row): RuleFootprintSource {
      return {
        id: row.id,
        // A missing or non-numeric x_r / y_r reaches the planner as NaN, which it rejects naming the field.
        expectedSessions: typeof row.x === 'number' ? row.x : Number.NaN,
        expectedGbps: typeof row.y === 'number' ? row.y : Number.NaN,
        requesters: servers(row.q),
        backends: servers(row.k),
      };
    }));
    if (rows.length < pageSize) break;
  }
  return (await rulesVersion(db, fabric)) === before;
}

/** `["server1","server2"]` (json_group_array) → [{ server }]; a member without a server becomes '' (unknown). */
function servers(json: string | null): { server: string }[] {
  const list = json === null ? [] : (JSON.parse(json) as unknown[]);
  return list.map(function member(s) { return { server: typeof s === 'string' ? s : '' }; });
}

async function rulesVersion(db: AppDatabase, fabric: string): Promise<number> {
  const rows = await db.select({ version: istioState.version }).from(istioState).where(eq(istioState.fabric, fabric)).limit(1);
  return rows[0]?.version ?? 0;
}
