import type { SwitchDesiredState } from '../../src/core/desired-state/types';
import { diffTables } from '../../src/core/reconcile/diff-tables';
import type { ObservedTables, ReconcilePlan, SessionEntry, TableWrite } from '../../src/core/reconcile/types';

/** ipv4_route and function_offload_table as the agent last left them (see {@link tablesAfter}). */
export type SmallTables = Pick<ObservedTables, 'routes' | 'offload'>;
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
  /** Sessions the reconcile deleted (stale: their rule or backend is gone). */
  removedSessions: SessionEntry[];
  /** Where the time went (ms): the read-back, the diff, waiting for `beforeWrites`, the writes. */
  timings: { readMs: number; diffMs: number; saveWaitMs: number; writeMs: number };
}

/**
 * Reads the three PiggyCar tables back from the switch, by meaning (`sessions: false`: only ipv4_route and
 * function_offload_table, for a reconcile that takes the sessions from the agent's tracker).
 *
 * @example
 * const observed = await readTables(client, helper);
 */
export async function readTables(
  client: Pick<P4RuntimeClient, 'read'>, helper: P4InfoHelper, options: { sessions?: boolean } = {},
): Promise<ObservedTables> {
  const tables = [encodeReadTable(helper, TABLES.route), encodeReadTable(helper, TABLES.offload)];
  if (options.sessions !== false) tables.push(encodeReadTable(helper, TABLES.session));
  const entities = await client.read(tables);
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

/**
 * What ipv4_route and function_offload_table hold right after a successful reconcile to `desired` (the
 * ReconcileOptions.tables of the next quick reconcile).
 *
 * @example
 * const tables = tablesAfter(desired); // { routes: [...], offload: [...] }
 */
export function tablesAfter(desired: Pick<SwitchDesiredState, 'routes' | 'functionOffloadTable'>): SmallTables {
  return {
    routes: desired.routes.map((r) => ({ prefix: r.prefix, prefixLength: r.prefixLength, action: 'ipv4_forward' as const, port: r.port, dstMac: r.dstMac })),
    offload: desired.functionOffloadTable.map((o) => ({ vni: o.vni, action: o.action })),
  };
}

function describe(w: TableWrite): TableEntryDescription {
  if (w.table === 'ipv4_route') return routeToEntry(w.entry);
  if (w.table === 'function_offload_table') return offloadToEntry(w.entry);
  return sessionToEntry(w.entry);
}

const OP = { insert: 'INSERT', modify: 'MODIFY', delete: 'DELETE' } as const;

/** How a reconcile learns what the switch holds. */
export interface ReconcileOptions {
  /**
   * The sessions known to be on the switch (the agent's SessionTracker, kept in step with every pin, import,
   * aging and delete): tc_session_table is then not read back, only the two small tables. Without it (after a
   * (re)connect, on the periodic resync, after a failed reconcile) everything is read back, which repairs drift.
   */
  sessions?: readonly SessionEntry[];
  /**
   * With `sessions`: what ipv4_route and function_offload_table held after the agent's last successful reconcile
   * ({@link tablesAfter}); then nothing is read back at all. Writes stay idempotent (an INSERT that finds the
   * entry becomes a MODIFY and so on), so a stale view costs a retry, never a wrong table; entries changed behind
   * the agent's back are repaired by the next full read-back.
   */
  tables?: SmallTables;
  /** Awaited after the read-back and diff, before the first write (the agent's save of the desired state to disk,
   * so that the switch never holds a state newer than the one a restarted agent would load). */
  beforeWrites?: Promise<unknown>;
}

/**
 * Makes the switch hold `desired`: read back, diff (src/core/reconcile: least writes, valid sessions untouched),
 * write each phase in batches. Idempotent against races and restarts: an INSERT that finds the entry is retried
 * as MODIFY, a MODIFY that finds none as INSERT, a DELETE of a missing entry counts as done. Any other failure
 * throws, leaving the switch as it is (the caller retries; it never flushes tables). With `options.sessions`,
 * the session table is taken from the caller instead of read back (see ReconcileOptions).
 *
 * @example
 * const outcome = await reconcileSwitch(client, helper, desired);
 * const quick = await reconcileSwitch(client, helper, desired, { sessions: tracker.all() });
 */
export async function reconcileSwitch(
  client: Pick<P4RuntimeClient, 'read' | 'write'>, helper: P4InfoHelper, desired: SwitchDesiredState, options: ReconcileOptions = {},
): Promise<ReconcileOutcome> {
  const t0 = Date.now();
  const known = options.sessions;
  let observed: ObservedTables;
  if (known !== undefined && options.tables) {
    observed = { routes: options.tables.routes.slice(), offload: options.tables.offload.slice(), sessions: known.slice() };
  } else {
    observed = await readTables(client, helper, { sessions: known === undefined });
    if (known !== undefined) observed.sessions = known.slice();
  }
  const t1 = Date.now();
  const plan = diffTables(desired, observed);
  const tSave = Date.now();
  // Only writes must wait (the switch never holds a newer state than the file); a no-op apply need not.
  if (options.beforeWrites && plan.phases.length > 0) await options.beforeWrites;
  const t2 = Date.now();
  let written = 0;
  for (const phase of plan.phases) {
    for (let i = 0; i < phase.length; i += RECONCILE_BATCH) {
      written += await writeIdempotent(client, helper, phase.slice(i, i + RECONCILE_BATCH));
    }
  }
  const removedSessions: SessionEntry[] = [];
  for (const w of plan.phases.flat()) if (w.table === 'tc_session_table' && w.op === 'delete') removedSessions.push(w.entry);
  const stale = new Set<SessionEntry>(removedSessions);
  const timings = { readMs: t1 - t0, diffMs: tSave - t1, saveWaitMs: t2 - tSave, writeMs: Date.now() - t2 };
  return { plan, written, sessions: observed.sessions.filter((s) => !stale.has(s)), removedSessions, timings };
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
