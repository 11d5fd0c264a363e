import { describe, expect, it } from 'vitest';
import {
  nextExecutionAction, overlayMigrations, type ExecutionRecord, type ExecutionWorld, type Move,
} from '../../../src/core/scheduler';
import type { SwitchDesiredState } from '../../../src/core/desired-state/types';

const move: Move = {
  ruleId: 'r1', from: 'access1', to: 'core1', sessions: 1500, expectedSessions: 100, excess: 1400, topK: true, cause: 'above-estimate',
  choice: 'least-i', deltaXRelaxed: false, latencyBeforeUs: 4.47, latencyAfterUs: 6.69, migrationUs: 3.84,
};
const base: ExecutionRecord = { status: 'running', step: 'prepare', moves: [move], basePlanVersion: 1, plans: {}, exported: [], stepSince: 0 };
const world: ExecutionWorld = {
  now: 0, currentPlan: { id: 'p1', version: 1, reason: 'api' }, offlinePlanInFlight: false,
  applied: new Map([['access1', 1], ['core1', 1], ['access2', 1]]), liveSwitches: ['access1', 'core1', 'access2'], idleTimeoutMs: 10_000,
};

describe('nextExecutionAction (make-before-break)', () => {
  it('writes the prepare plan first, waits for the export and the new owner, then advances', () => {
    expect(nextExecutionAction(base, world)).toEqual({ kind: 'write-plan', phase: 'prepare', owners: 'old' });
    const rec = { ...base, plans: { prepare: { id: 'p2', version: 2 } } };
    const w = { ...world, currentPlan: { id: 'p2', version: 2, reason: 'migration:m:prepare' } };
    expect(nextExecutionAction(rec, w)).toMatchObject({ kind: 'wait', reason: expect.stringMatching(/export the sessions of r1/) });
    expect(nextExecutionAction({ ...rec, exported: ['r1'] }, w)).toMatchObject({ kind: 'wait', reason: expect.stringMatching(/core1 to install the rule/) });
    const applied = new Map(w.applied); applied.set('core1', 2);
    expect(nextExecutionAction({ ...rec, exported: ['r1'] }, { ...w, applied })).toEqual({ kind: 'advance', to: 'copy' });
  });

  it('switches only when every live switch applied the switch plan, settles one idle timeout, drains', () => {
    const plans = { prepare: { id: 'p2', version: 2 }, copy: { id: 'p3', version: 3 }, switch: { id: 'p4', version: 4 } };
    const rec: ExecutionRecord = { ...base, step: 'switch', plans, exported: ['r1'] };
    const w = { ...world, currentPlan: { id: 'p4', version: 4, reason: 'migration:m:switch' }, applied: new Map([['access1', 4], ['core1', 4], ['access2', 3]]) };
    expect(nextExecutionAction(rec, w)).toMatchObject({ kind: 'wait', reason: expect.stringMatching(/access2 to point at the new owner/) });
    w.applied.set('access2', 4);
    expect(nextExecutionAction(rec, w)).toEqual({ kind: 'advance', to: 'settle' });
    expect(nextExecutionAction({ ...rec, step: 'settle', stepSince: 100 }, { ...w, now: 5000 })).toMatchObject({ kind: 'wait', retryMs: 5100 });
    expect(nextExecutionAction({ ...rec, step: 'settle', stepSince: 100 }, { ...w, now: 10_100 })).toEqual({ kind: 'advance', to: 'drain' });
    expect(nextExecutionAction({ ...rec, step: 'drain' }, w)).toEqual({ kind: 'write-plan', phase: 'drain', owners: 'new' });
  });

  it('waits while an offline plan is computed, and yields to one that landed', () => {
    expect(nextExecutionAction(base, { ...world, offlinePlanInFlight: true })).toMatchObject({ kind: 'wait' });
    expect(nextExecutionAction(base, { ...world, currentPlan: { id: 'p9', version: 9, reason: 'istio-apply' } })).toMatchObject({ kind: 'supersede' });
    // Another migration's phase plan is not an offline plan: carry on.
    expect(nextExecutionAction(base, { ...world, currentPlan: { id: 'p9', version: 9, reason: 'migration:other:switch' } })).toMatchObject({ kind: 'write-plan' });
    expect(nextExecutionAction({ ...base, status: 'done', step: null }, world)).toEqual({ kind: 'none' });
  });
});

const state = (sw: string, offload: SwitchDesiredState['functionOffloadTable'], full: SwitchDesiredState['fullRuleTable']): SwitchDesiredState => ({
  fabric: 'testbed', switch: sw, vtepIp: '10.0.0.1', planVersion: 1, ports: [], routes: [], functionOffloadTable: offload, fullRuleTable: full,
  sessionBudget: { capacity: 65536, threshold: 58982, expectedSessions: 0, idleTimeoutMs: 10_000 },
});
const rule = { vni: 100, ruleId: 'r1', lbPolicy: { kind: 'RANDOM' as const }, expectedSessions: 100, backends: [{ pod: 'b', ip: '100.64.0.20', nodeVtepIp: '10.1.0.2', weight: 100 }] };
const session = { vni: 100, srcIp: '100.64.0.10', dstIp: '100.64.0.20', protocol: 6, srcPort: 4000, dstPort: 9080, backendIp: '10.1.0.2' };
const ctx = { fullRuleOf: () => rule, vtepIpOf: (n: string) => (n === 'core1' ? '10.0.0.1' : '10.0.0.11') };
const overlay = (phase: 'prepare' | 'copy' | 'switch') => [{ migrationId: 'm', ruleId: 'r1', vni: 100, from: 'access1', to: 'core1', phase, sessions: [session] }];

describe('overlayMigrations (the desired state of each phase)', () => {
  it('prepare: the old owner exports, both pin by flow hash, the new owner holds the rule but is not pointed at', () => {
    const from = overlayMigrations(state('access1', [{ vni: 100, ruleId: 'r1', action: { kind: 'owner_is_local' } }], [rule]), overlay('prepare'), ctx);
    expect(from.sessionExports).toEqual([{ migrationId: 'm', ruleId: 'r1', vni: 100 }]);
    expect(from.fullRuleTable[0].pinByFlowHash).toBe(true);
    const to = overlayMigrations(state('core1', [], []), overlay('prepare'), ctx);
    expect(to.fullRuleTable).toEqual([{ ...rule, pinByFlowHash: true }]);
    expect(to.functionOffloadTable).toEqual([]);
    expect(to.sessionImports).toBeUndefined();
  });

  it('copy: the new owner installs the sessions and serves locally; switch: the old owner forwards strays to the new owner and keeps its rule', () => {
    // In copy the compiled state still points core1 at the old owner; the overlay makes it local (no bounce in switch).
    const pointingBack = [{ vni: 100, ruleId: 'r1', action: { kind: 'set_owner' as const, ownerIp: '10.0.0.2' } }];
    const to = overlayMigrations(state('core1', pointingBack, []), overlay('copy'), ctx);
    expect(to.sessionImports).toEqual([{ migrationId: 'm', ruleId: 'r1', vni: 100, sessions: [session] }]);
    expect(to.functionOffloadTable).toEqual([{ vni: 100, ruleId: 'r1', action: { kind: 'owner_is_local' } }]);
    const from = overlayMigrations(state('access1', [], []), overlay('switch'), ctx);
    expect(from.functionOffloadTable).toEqual([{ vni: 100, ruleId: 'r1', action: { kind: 'set_owner', ownerIp: '10.0.0.1' } }]);
    expect(from.fullRuleTable).toEqual([{ ...rule, pinByFlowHash: true }]);
    const other = state('access2', [], []);
    expect(overlayMigrations(other, overlay('switch'), ctx)).toBe(other);
  });
});
