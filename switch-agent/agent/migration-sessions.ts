import type { SwitchDesiredState } from '../../src/core/desired-state/types';
import type { SessionExport, SessionImport } from '../../src/core/scheduler/desired-state-overlay';
import type { P4InfoHelper } from '../p4info/p4info-helper';
import type { P4RuntimeClient } from '../p4runtime/client-types';
import { parseIpv4 } from '../../src/core/packet/addresses';
import { SessionUpdateWriter, UPDATE_INSERT, type SessionNumbers } from '../p4runtime/fast-session-write';
import { Backoff, sleep } from './backoff';
import type { ControlPlaneClient } from './control-plane';
import type { SessionTracker } from './session-tracker';
import { sessionWriteLayout } from './table-model';

/** Most session inserts in one Write of an import. */
export const IMPORT_BATCH = 1000;

const CODE_ALREADY_EXISTS = 6;

/** What one import did. */
export interface ImportOutcome {
  /** Entries written now. */
  inserted: number;
  /** Entries the switch already held (ALREADY_EXISTS: done, never modified). */
  existing: number;
  /** Entries that could not be written (the import is retried on the next apply). */
  failed: number;
  /** Time spent in the Write RPCs (ms; diagnostics). */
  writeMs?: number;
}

/** A session's numbers for the byte-level writer, or undefined when an address is not IPv4 text. */
function numbersOf(s: SessionImport['sessions'][number]): SessionNumbers | undefined {
  const src = parseIpv4(s.srcIp), dst = parseIpv4(s.dstIp), node = parseIpv4(s.backendIp);
  if (!src.ok || !dst.ok || !node.ok) return undefined;
  return { vni: s.vni, srcAddr: src.value, dstAddr: dst.value, protocol: s.protocol, srcPort: s.srcPort, dstPort: s.dstPort, nodeIp: node.value };
}

/**
 * Installs a migration's copied sessions on the new owner (make-before-break step 1): INSERT only, with the idle
 * timeout; an entry the switch already holds (ALREADY_EXISTS) counts as done and is never modified, so a live
 * session keeps its backend. Every session on the switch afterwards is in the tracker. The Writes are encoded
 * straight to bytes (../p4runtime/fast-session-write, the slow path's encoder): a copy of thousands of sessions
 * is on the migration's critical path.
 *
 * @example
 * const r = await importSessions(client, helper, tracker, imp, 10_000); // { inserted: 120, existing: 0, failed: 0 }
 */
export async function importSessions(
  client: Pick<P4RuntimeClient, 'writeEncoded'>, helper: P4InfoHelper, tracker: SessionTracker, imp: SessionImport, idleTimeoutMs: number,
): Promise<ImportOutcome> {
  const idleTimeoutNs = Math.max(1, Math.round(idleTimeoutMs)) * 1_000_000;
  const outcome: ImportOutcome = { inserted: 0, existing: 0, failed: 0 };
  // Sessions of another VNI would not be ours to install; the control plane checks too.
  const todo = imp.sessions.filter(function ofRule(s) { return s.vni === imp.vni && !tracker.has(s); });
  outcome.existing += imp.sessions.length - todo.length;
  const writer = new SessionUpdateWriter(sessionWriteLayout(helper));
  for (let at = 0; at < todo.length; at += IMPORT_BATCH) {
    const batch: SessionImport['sessions'] = [];
    for (const s of todo.slice(at, at + IMPORT_BATCH)) {
      const n = numbersOf(s);
      if (n === undefined) { outcome.failed++; continue; }
      writer.add(UPDATE_INSERT, n, idleTimeoutNs);
      batch.push(s);
    }
    if (batch.length === 0) continue;
    const bytes = writer.finish();
    const sentAt = Date.now();
    const result = await client.writeEncoded(bytes);
    outcome.writeMs = (outcome.writeMs ?? 0) + Date.now() - sentAt;
    const failed = new Map<number, number>();
    if (!result.ok) {
      if (result.errors.length === 0) {
        // No per-entry outcome: some may have landed; the next apply reads everything back.
        batch.forEach(function all(_s, i) { failed.set(i, result.code); });
        tracker.markUncertain();
      }
      for (const e of result.errors) failed.set(e.index, e.canonicalCode);
    }
    batch.forEach(function settle(s, i) {
      const code = failed.get(i);
      if (code === undefined) {
        tracker.add(s);
        outcome.inserted++;
      } else if (code === CODE_ALREADY_EXISTS) {
        // The switch's own entry stays as it is; the tracker learns it at the next read-back.
        outcome.existing++;
      } else {
        outcome.failed++;
      }
    });
  }
  return outcome;
}

/** What the migration handler needs from the agent. */
export interface MigrationSessionDeps {
  client: () => Pick<P4RuntimeClient, 'writeEncoded'> | undefined;
  helper: P4InfoHelper;
  tracker: SessionTracker;
  controlPlane: Pick<ControlPlaneClient, 'postMigrationSessions'>;
  random: () => number;
  log: (message: string) => void;
  signal: AbortSignal;
  /** Resolves once the slow path's pending session writes are done (SlowPath.whenFlushed). */
  flushed?: () => Promise<void>;
}

/**
 * The agent's part of a rule migration: before each apply, imports the copied sessions listed in `sessionImports`
 * (once per migration and rule while this process lives; a restart imports again, harmlessly); after it, exports the
 * tracker's sessions of each rule in `sessionExports` to the control plane, retrying with jittered backoff until
 * it accepts them, answers 409 (the migration no longer takes sessions) or the export leaves the desired state.
 *
 * @example
 * const m = new MigrationSessions(deps); await m.beforeApply(state); await reconcile(state); m.afterApply(state);
 */
export class MigrationSessions {
  private readonly imported = new Set<string>();
  private readonly exports = new Map<string, 'running' | 'done'>();
  private wanted = new Set<string>();

  constructor(private readonly deps: MigrationSessionDeps) {}

  /**
   * Runs the imports of `state`: before the reconcile, because the same desired state makes this switch the
   * rule's local owner, and a packet of a copied session must not meet the entry before its session.
   */
  async beforeApply(state: SwitchDesiredState): Promise<void> {
    const client = this.deps.client();
    for (const imp of state.sessionImports ?? []) {
      const key = keyOf(imp);
      if (this.imported.has(key) || !client) continue;
      const startedAt = Date.now();
      const r = await importSessions(client, this.deps.helper, this.deps.tracker, imp, state.sessionBudget.idleTimeoutMs);
      this.deps.log(`migration ${imp.migrationId}: imported sessions of ${imp.ruleId}: ${r.inserted} inserted, ${r.existing} already there, ${r.failed} failed (${Date.now() - startedAt} ms, ${r.writeMs ?? 0} ms in Writes)`);
      if (r.failed === 0) this.imported.add(key);
    }
  }

  /** Starts the exports of `state` (not awaited), once the apply is done. */
  afterApply(state: SwitchDesiredState): void {
    this.startExports(state);
  }

  /**
   * Starts the exports `state` asks for (not awaited; one loop per migration and rule). Only after the apply:
   * by then the slow path pins the rule's new sessions by the flow hash and has written the ones it chose before,
   * so the tracker holds every session that could change backend on the move.
   */
  private startExports(state: SwitchDesiredState): void {
    this.wanted = new Set((state.sessionExports ?? []).map(keyOf));
    for (const exp of state.sessionExports ?? []) {
      const key = keyOf(exp);
      if (this.exports.has(key)) continue;
      this.exports.set(key, 'running');
      void this.exportLoop(exp, key);
    }
  }

  /** Posts the rule's sessions until accepted, refused for good, no longer asked for, or the agent stops. */
  private async exportLoop(exp: SessionExport, key: string): Promise<void> {
    const backoff = new Backoff({ baseMs: 250, maxMs: 5_000, random: this.deps.random });
    const { signal } = this.deps;
    // Sessions the slow path chose before the rule switched to flow-hash pinning may still be in flight to the
    // switch; they are in the tracker (and so in the export) once written.
    await this.deps.flushed?.();
    while (!signal.aborted && this.wanted.has(key)) {
      const sessions = this.deps.tracker.sessionsOf(exp.vni);
      const r = await this.deps.controlPlane.postMigrationSessions(exp.migrationId, { ruleId: exp.ruleId, sessions });
      if (r.status === 204 || r.status === 200) {
        this.deps.log(`migration ${exp.migrationId}: exported ${sessions.length} sessions of ${exp.ruleId}`);
        this.exports.set(key, 'done');
        return;
      }
      if (r.status === 409) {
        this.deps.log(`migration ${exp.migrationId}: control plane no longer takes sessions of ${exp.ruleId}: ${r.message}`);
        this.exports.set(key, 'done');
        return;
      }
      if (backoff.failures === 0) this.deps.log(`migration ${exp.migrationId}: export of ${exp.ruleId} failed (${r.message}); retrying`);
      await sleep(backoff.next(), signal);
    }
    // Asked again later (a new desired state listing it) starts a new loop.
    this.exports.delete(key);
  }
}

function keyOf(x: { migrationId: string; ruleId: string }): string {
  return `${x.migrationId}|${x.ruleId}`;
}
