import type { SwitchDesiredState } from '../../src/core/desired-state/types';
import { diffTables } from '../../src/core/reconcile/diff-tables';
import type { ObservedTables, ReconcilePlan, SessionEntry, TableWrite } from '../../src/core/reconcile/types';
import type { P4InfoHelper } from '../p4info/p4info-helper';
import type { P4RuntimeClient } from '../p4runtime/client-types';
import { decodeTableEntry, encodeReadTable, encodeUpdate } from '../p4runtime/encode';
import type { TableEntryDescription } from '../p4runtime/encode-types';
import type { UpdateMsg } from '../p4runtime/p4runtime-messages';
import { entryToOffload, entryToRoute, entryToSession, offloadToEntry, routeToEntry, sessionToEntry } from './table-model';
import { TABLES } from './table-names';

/** Most updates in one Write of a reconcile. */
export const RECONCILE_BATCH = 1000;

const CODE_NOT_FOUND = 5;
const CODE_ALREADY_EXISTS = 6;

/** What a reconcile did. */
export interface ReconcileOutcome {
  plan: ReconcilePlan;
  /** Updates written (after idempotent retries). */
  written: number;
  /** Sessions on the switch after the reconcile (valid ones kept). */
  sessions: SessionEntry[];
}

/**
 * Reads the three PiggyCar tables back from the switch, by meaning.
 *
 * @example
 * const observed = await readTables(client, helper);
 */
export async function readTables(client: Pick<P4RuntimeClient, 'read'>, helper: P4InfoHelper): Promise<ObservedTables> {
  const entities = await client.read([
    encodeReadTable(helper, TABLES.route),
    encodeReadTable(helper, TABLES.offload),
    encodeReadTable(helper, TABLES.session),
  ]);
  const observed: ObservedTables = { routes: [], offload: [], sessions: [] };
  for (const entity of entities) {
    if (!entity.tableEntry) continue;
    const e = decodeTableEntry(helper, entity.tableEntry);
    if (e.isDefaultAction) continue;
    if (e.table === TABLES.route) {
      const r = entryToRoute(e);
      if (r) observed.routes.push(r);
    } else if (e.table === TABLES.offload) observed.offload.push(entryToOffload(e));
    else if (e.table === TABLES.session) observed.sessions.push(entryToSession(e));
  }
  return observed;
}

function describe(w: TableWrite): TableEntryDescription {
  if (w.table === 'ipv4_route') return routeToEntry(w.entry);
  if (w.table === 'function_offload_table') return offloadToEntry(w.entry);
  return sessionToEntry(w.entry);
}

const OP = { insert: 'INSERT', modify: 'MODIFY', delete: 'DELETE' } as const;

/**
 * Makes the switch hold `desired`: read back, diff (src/core/reconcile: least writes, valid sessions untouched),
 * write each phase in batches. Idempotent against races and restarts: an INSERT that finds the entry is retried
 * as MODIFY, a MODIFY that finds none as INSERT, a DELETE of a missing entry counts as done. Any other failure
 * throws, leaving the switch as it is (the caller retries; it never flushes tables).
 *
 * @example
 * const outcome = await reconcileSwitch(client, helper, desired);
 */
export async function reconcileSwitch(
  client: Pick<P4RuntimeClient, 'read' | 'write'>, helper: P4InfoHelper, desired: SwitchDesiredState,
): Promise<ReconcileOutcome> {
  const observed = await readTables(client, helper);
  const plan = diffTables(desired, observed);
  let written = 0;
  for (const phase of plan.phases) {
    for (let i = 0; i < phase.length; i += RECONCILE_BATCH) {
      written += await writeIdempotent(client, helper, phase.slice(i, i + RECONCILE_BATCH));
    }
  }
  const stale = new Set(plan.phases.flat().filter((w) => w.table === 'tc_session_table').map((w) => w.entry));
  return { plan, written, sessions: observed.sessions.filter((s) => !stale.has(s)) };
}

async function writeIdempotent(client: Pick<P4RuntimeClient, 'write'>, helper: P4InfoHelper, writes: TableWrite[]): Promise<number> {
  const updates: UpdateMsg[] = writes.map((w) => encodeUpdate(helper, OP[w.op], describe(w)));
  const result = await client.write(updates);
  if (result.ok) return writes.length;
  if (result.errors.length === 0) throw new Error(`P4Runtime Write failed (gRPC code ${result.code}): ${result.message}`);
  const retries: UpdateMsg[] = [];
  const fatal: string[] = [];
  for (const e of result.errors) {
    const w = writes[e.index];
    if (w.op === 'insert' && e.canonicalCode === CODE_ALREADY_EXISTS) retries.push(encodeUpdate(helper, 'MODIFY', describe(w)));
    else if (w.op === 'modify' && e.canonicalCode === CODE_NOT_FOUND) retries.push(encodeUpdate(helper, 'INSERT', describe(w)));
    else if (w.op === 'delete' && e.canonicalCode === CODE_NOT_FOUND) continue;
    else fatal.push(`${w.op} ${w.table}: code ${e.canonicalCode} ${e.message ?? ''}`);
  }
  if (fatal.length > 0) throw new Error(`P4Runtime Write: ${fatal.length} update(s) failed: ${fatal.slice(0, 3).join('; ')}`);
  if (retries.length > 0) {
    const again = await client.write(retries);
    if (!again.ok) throw new Error(`P4Runtime Write retry failed: ${again.message}`);
  }
  return writes.length;
}
