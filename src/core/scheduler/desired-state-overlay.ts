import type { FullRuleEntry, OffloadEntry, SwitchDesiredState } from '../desired-state/types';
import type { SessionEntry } from '../reconcile/types';

/**
 * One rule in the middle of a make-before-break move, as the desired-state compiler sees it. The phase is the
 * latest phase plan the migration has written (`prepare`, `copy`, `switch`); after `drain` there is no overlay.
 *
 * @example
 * const o: MigrationOverlay = { migrationId: 'mig-1', ruleId: 'r1', vni: 7, from: 'access1', to: 'core1', phase: 'copy', sessions };
 */
export interface MigrationOverlay {
  migrationId: string;
  ruleId: string;
  vni: number;
  from: string;
  to: string;
  phase: 'prepare' | 'copy' | 'switch';
  /** The old owner's sessions of the rule, relayed by the control plane (empty before they arrive). */
  sessions: SessionEntry[];
}

/** "Send the control plane your live sessions of this rule" (old owner, `prepare`). */
export interface SessionExport {
  migrationId: string;
  ruleId: string;
  vni: number;
}

/** "Install these sessions of this rule in tc_session_table (insert only, never modify)" (new owner). */
export interface SessionImport {
  migrationId: string;
  ruleId: string;
  vni: number;
  sessions: SessionEntry[];
}

/** A full rule during a move: both owners pin new sessions by a hash of the flow (`unpinnedBackend`). */
export type MigratingFullRule = FullRuleEntry & { pinByFlowHash?: boolean };

/** A switch's desired state with the migration extensions (all optional: absent = no migration here). */
export type MigratingSwitchState = Omit<SwitchDesiredState, 'fullRuleTable'> & {
  fullRuleTable: MigratingFullRule[];
  sessionExports?: SessionExport[];
  sessionImports?: SessionImport[];
};

/** What the overlay needs from the compiler. */
export interface OverlayContext {
  /** The full_rule_table entry of a rule (as the compiler builds it for the owner). */
  fullRuleOf(ruleId: string): FullRuleEntry | undefined;
  /** VTEP IPv4 of a switch. */
  vtepIpOf(switchName: string): string | undefined;
}

/**
 * Applies the migrations touching this switch to its compiled desired state (the compiler calls it before
 * hashing, so every phase is a new ETag):
 * - old owner (`from`): keeps the full rule in every phase, pinning new sessions by flow hash; in `prepare` it is
 *   asked to export the rule's sessions; in `switch` its function_offload_table entry sends strays to the new owner;
 * - new owner (`to`): gets the full rule (pin by flow hash) from `prepare` on, and from `copy` on the copied sessions
 *   and an `owner_is_local` offload entry. Local already in `copy` is safe: its agent installs the copied sessions
 *   before it writes the entry, and every session the old owner pinned since `prepare` is pinned by the same flow
 *   hash here. It is needed: in `switch` the old owner sends strays to the new owner, and a new owner still
 *   pointing back at the old one (it applies the switch plan later) would bounce new sessions' packets between the two.
 * Other switches are untouched: their offload entries follow the plan's owners. Returns `state` itself when no
 * migration touches the switch.
 *
 * @example
 * const s = overlayMigrations(state, overlays, { fullRuleOf: (id) => ..., vtepIpOf: (n) => ... });
 * s.sessionImports; // [{ migrationId, ruleId, vni, sessions }] on the new owner
 */
export function overlayMigrations(
  state: SwitchDesiredState, overlays: ReadonlyArray<MigrationOverlay>, ctx: OverlayContext,
): MigratingSwitchState {
  const mine = overlays.filter((o) => o.from === state.switch || o.to === state.switch);
  if (mine.length === 0) return state;
  const full = new Map<number, MigratingFullRule>(state.fullRuleTable.map((r) => [r.vni, r]));
  const offload = new Map<number, OffloadEntry>(state.functionOffloadTable.map((e) => [e.vni, e]));
  const exports: SessionExport[] = [];
  const imports: SessionImport[] = [];
  for (const o of mine) {
    const rule = full.get(o.vni) ?? ctx.fullRuleOf(o.ruleId);
    if (rule) full.set(o.vni, { ...rule, pinByFlowHash: true });
    if (o.from === state.switch) {
      if (o.phase === 'prepare') exports.push({ migrationId: o.migrationId, ruleId: o.ruleId, vni: o.vni });
      const toIp = ctx.vtepIpOf(o.to);
      if (o.phase === 'switch' && toIp) offload.set(o.vni, { vni: o.vni, ruleId: o.ruleId, action: { kind: 'set_owner', ownerIp: toIp } });
    } else if (o.phase !== 'prepare') {
      if (o.sessions.length > 0) imports.push({ migrationId: o.migrationId, ruleId: o.ruleId, vni: o.vni, sessions: o.sessions });
      offload.set(o.vni, { vni: o.vni, ruleId: o.ruleId, action: { kind: 'owner_is_local' } });
    }
  }
  const out: MigratingSwitchState = {
    ...state,
    functionOffloadTable: [...offload.values()].sort(byVni),
    fullRuleTable: [...full.values()].sort(byVni),
  };
  if (exports.length > 0) out.sessionExports = exports;
  if (imports.length > 0) out.sessionImports = imports;
  return out;
}

function byVni(a: { vni: number }, b: { vni: number }): number {
  return a.vni - b.vni;
}
