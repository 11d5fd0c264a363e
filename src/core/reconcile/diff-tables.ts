import type { OffloadAction, SwitchDesiredState } from '../desired-state/types';
import { sessionValidity } from './session-validity';
import type { ObservedOffload, ObservedRoute, ObservedTables, ReconcilePlan, TableWrite } from './types';

/**
 * Diff desired against read-back tables → the least INSERT/MODIFY/DELETE writes (see {@link ReconcilePlan}).
 * Equal entries produce no write, so running it again on the result gives no phases (idempotent).
 * tc_session_table entries are never inserted here (the slow path does that); only sessions that are no
 * longer valid are deleted.
 *
 * @example
 * const plan = diffTables(desired, { routes: [], offload: [], sessions: [] });
 * plan.phases.flat().length; // desired.routes.length + desired.functionOffloadTable.length
 */
export function diffTables(
  desired: Pick<SwitchDesiredState, 'routes' | 'functionOffloadTable' | 'fullRuleTable'>,
  observed: ObservedTables,
): ReconcilePlan {
  const routeUpserts: TableWrite[] = [];
  const routeDeletes: TableWrite[] = [];
  const offloadUpserts: TableWrite[] = [];
  const offloadDeletes: TableWrite[] = [];
  const sessionDeletes: TableWrite[] = [];

  const observedRoutes = new Map<string, ObservedRoute>();
  for (const r of observed.routes) observedRoutes.set(routeKey(r), r);
  const wantedRoutes = new Set<string>();
  for (const r of desired.routes) {
    const key = routeKey(r);
    wantedRoutes.add(key);
    const entry = { prefix: r.prefix, prefixLength: r.prefixLength, port: r.port, dstMac: r.dstMac };
    const have = observedRoutes.get(key);
    if (!have) routeUpserts.push({ op: 'insert', table: 'ipv4_route', entry });
    else if (have.action !== 'ipv4_forward' || have.port !== r.port || normalMac(have.dstMac) !== normalMac(r.dstMac)) {
      routeUpserts.push({ op: 'modify', table: 'ipv4_route', entry });
    }
  }
  for (const r of observed.routes) {
    if (!wantedRoutes.has(routeKey(r))) {
      routeDeletes.push({ op: 'delete', table: 'ipv4_route', entry: { prefix: r.prefix, prefixLength: r.prefixLength, port: r.port, dstMac: r.dstMac } });
    }
  }

  const observedOffload = new Map<number, ObservedOffload>();
  for (const o of observed.offload) observedOffload.set(o.vni, o);
  const wantedVnis = new Set<number>();
  for (const o of desired.functionOffloadTable) {
    wantedVnis.add(o.vni);
    const have = observedOffload.get(o.vni);
    const entry = { vni: o.vni, action: o.action };
    if (!have) offloadUpserts.push({ op: 'insert', table: 'function_offload_table', entry });
    else if (!sameOffloadAction(have.action, o.action)) offloadUpserts.push({ op: 'modify', table: 'function_offload_table', entry });
  }
  for (const o of observed.offload) {
    if (!wantedVnis.has(o.vni)) {
      // The action does not matter for a delete; keep the observed one when it is a real action.
      const action: OffloadAction = o.action.kind === 'no_action' ? { kind: 'owner_is_local' } : o.action;
      offloadDeletes.push({ op: 'delete', table: 'function_offload_table', entry: { vni: o.vni, action } });
    }
  }

  const isValid = sessionValidity(desired);
  let kept = 0;
  for (const s of observed.sessions) {
    if (isValid(s)) kept++;
    else sessionDeletes.push({ op: 'delete', table: 'tc_session_table', entry: s });
  }

  const phases = [routeUpserts, offloadUpserts, sessionDeletes, offloadDeletes, routeDeletes].filter(function nonEmpty(p) {
    return p.length > 0;
  });
  return { phases, keptSessions: kept, staleSessions: sessionDeletes.length };
}

function routeKey(r: { prefix: string; prefixLength: number }): string {
  return `${r.prefix}/${r.prefixLength}`;
}

function normalMac(mac: string): string {
  return mac.toLowerCase();
}

function sameOffloadAction(a: ObservedOffload['action'], b: OffloadAction): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'set_owner' || (b.kind === 'set_owner' && a.ownerIp === b.ownerIp);
}
