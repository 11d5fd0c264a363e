import type { SessionEntry } from '../../src/core/reconcile/types';
import type { P4InfoHelper } from '../p4info/p4info-helper';
import type { P4RuntimeClient } from '../p4runtime/client-types';
import { decodeTableEntry, encodeUpdate } from '../p4runtime/encode';
import type { IdleTimeoutNotificationMsg } from '../p4runtime/p4runtime-messages';
import type { AgentCounters } from './agent-counters';
import type { SessionTracker } from './session-tracker';
import { entryToSession, sessionToEntry } from './table-model';
import { TABLES } from './table-names';

/** What aging needs from the agent. */
export interface AgingDeps {
  client: Pick<P4RuntimeClient, 'write'>;
  helper: P4InfoHelper;
  tracker: SessionTracker;
  counters: AgentCounters;
  log: (message: string) => void;
}

/**
 * The aging half of the slow path: an IdleTimeoutNotification → DELETE of the idle tc_session_table entries (the
 * switch only notifies), each deleted (or already gone) entry forgotten and counted as aged. Resolves with whether
 * anything was deleted (the caller then treats the table as no longer full).
 *
 * @example
 * if (await deleteIdleSessions(deps, notification)) slowPath.tableHasRoom();
 */
export async function deleteIdleSessions(deps: AgingDeps, notification: IdleTimeoutNotificationMsg): Promise<boolean> {
  const sessions: SessionEntry[] = [];
  for (const msg of notification.tableEntry) {
    try {
      const decoded = decodeTableEntry(deps.helper, msg);
      if (decoded.table === TABLES.session) sessions.push(entryToSession(decoded));
    } catch (err) {
      deps.log(`unreadable idle notification entry: ${(err as Error).message}`);
    }
  }
  if (sessions.length === 0) return false;
  const updates = sessions.map((s) => encodeUpdate(deps.helper, 'DELETE', sessionToEntry(s)));
  const result = await deps.client.write(updates);
  // NOT_FOUND (5): already gone, which is what aging wants.
  const failed = new Set(result.ok ? [] : result.errors.filter((e) => e.canonicalCode !== 5).map((e) => e.index));
  if (!result.ok && result.errors.length === 0) {
    deps.log(`idle delete failed: ${result.message}`);
    return false;
  }
  sessions.forEach(function forget(s, i) {
    if (failed.has(i)) return;
    deps.tracker.remove(s);
    deps.counters.aged++;
  });
  return true;
}
