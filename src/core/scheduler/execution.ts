import type { ExecutionAction, ExecutionRecord, ExecutionWorld, PlanPhase } from './execution-types';

/**
 * How often a waiting step looks again on its own (the agents' telemetry interval). Only the fallback: the job is
 * woken at once by the events a step waits for (session hand-over, an agent's newly applied plan; jobs/migrate/wake.ts).
 */
export const EXECUTION_POLL_MS = 1000;

/**
 * The execution state machine of a decided migration (see `execution-types.ts` for the steps): from the
 * persisted record and what the world looks like now, the one next action. Pure; the job performs the action,
 * persists the result and calls again, so a crash of any party between or inside steps resumes from the
 * record: writing a phase plan is keyed by its reason, advancing is a compare-and-set on the step.
 *
 * @example
 * const action = nextExecutionAction(record, world);
 * if (action.kind === 'write-plan') await writePhasePlan(action.phase, action.owners);
 */
export function nextExecutionAction(rec: ExecutionRecord, world: ExecutionWorld): ExecutionAction {
  if (rec.status !== 'running' || rec.step === null) return { kind: 'none' };
  const cur = world.currentPlan;
  const ours = new Set(Object.values(rec.plans).map((p) => p!.id));
  // A newer plan that is not a migration's phase plan is an offline plan: it replaces our owners.
  if (cur && !ours.has(cur.id) && !cur.reason.startsWith('migration:') && Math.max(rec.basePlanVersion, newestOurs(rec)) < cur.version) {
    return { kind: 'supersede', reason: `plan v${cur.version} (${cur.reason}) replaced the owners this migration derives from` };
  }
  const froms = unique(rec.moves.map((m) => m.from));
  const tos = unique(rec.moves.map((m) => m.to));
  const appliedAll = (names: readonly string[], version: number): string[] =>
    names.filter((n) => (world.applied.get(n) ?? -1) < version);

  function planned(phase: PlanPhase, owners: 'old' | 'new'): ExecutionAction | undefined {
    if (rec.plans[phase]) return undefined;
    if (world.offlinePlanInFlight) return { kind: 'wait', reason: 'an offline plan is being computed', retryMs: EXECUTION_POLL_MS };
    return { kind: 'write-plan', phase, owners };
  }

  switch (rec.step) {
    case 'prepare': {
      const write = planned('prepare', 'old');
      if (write) return write;
      const missing = rec.moves.filter((m) => !rec.exported.includes(m.ruleId)).map((m) => m.ruleId);
      if (missing.length > 0) return wait(`waiting for ${froms.join(', ')} to export the sessions of ${missing.join(', ')}`);
      const behind = appliedAll(tos, rec.plans.prepare!.version);
      if (behind.length > 0) return wait(`waiting for ${behind.join(', ')} to install the rule (plan v${rec.plans.prepare!.version})`);
      return { kind: 'advance', to: 'copy' };
    }
    case 'copy': {
      const write = planned('copy', 'old');
      if (write) return write;
      const behind = appliedAll(tos, rec.plans.copy!.version);
      if (behind.length > 0) return wait(`waiting for ${behind.join(', ')} to install the copied sessions (plan v${rec.plans.copy!.version})`);
      return { kind: 'advance', to: 'switch' };
    }
    case 'switch': {
      const write = planned('switch', 'new');
      if (write) return write;
      const behind = appliedAll(unique([...world.liveSwitches, ...froms, ...tos]), rec.plans.switch!.version);
      if (behind.length > 0) return wait(`waiting for ${behind.slice(0, 8).join(', ')}${behind.length > 8 ? ', …' : ''} to point at the new owner (plan v${rec.plans.switch!.version})`);
      return { kind: 'advance', to: 'settle' };
    }
    case 'settle': {
      const until = rec.stepSince + world.idleTimeoutMs;
      if (world.now < until) return { kind: 'wait', reason: 'letting sessions pinned during the move re-pin on the new owner (one idle timeout)', retryMs: until - world.now };
      return { kind: 'advance', to: 'drain' };
    }
    case 'drain': {
      const write = planned('drain', 'new');
      if (write) return write;
      const behind = appliedAll(froms, rec.plans.drain!.version);
      if (behind.length > 0) return wait(`waiting for ${behind.join(', ')} to drop the rule (plan v${rec.plans.drain!.version})`);
      return { kind: 'advance', to: 'done' };
    }
  }
}

function newestOurs(rec: ExecutionRecord): number {
  let v = -1;
  for (const p of Object.values(rec.plans)) if (p && p.version > v) v = p.version;
  return v;
}

function wait(reason: string): ExecutionAction {
  return { kind: 'wait', reason, retryMs: EXECUTION_POLL_MS };
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
