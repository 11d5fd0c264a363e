import { describe, expect, it } from 'vitest';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { compileDesiredState, type DesiredStateInput } from '../../../src/core/desired-state';
import type { MigrationOverlay } from '../../../src/core/scheduler/desired-state-overlay';
import { reviewsRule, testbedDoc } from './fixtures';

const RULE = 'default/reviews/http/0';
const VNI = 0x5a3c1e;
const session = { vni: VNI, srcIp: '10.2.0.2', dstIp: '10.96.0.1', protocol: 6, srcPort: 40000, dstPort: 9080, backendIp: '10.0.1.3' };

describe('compileDesiredState with migration overlays (make-before-break)', () => {
  const doc = testbedDoc();
  const graph = buildFabricGraph(doc);

  function compile(owner: string, migrations?: MigrationOverlay[]) {
    const input: DesiredStateInput = { fabric: doc, rules: [reviewsRule()], owners: new Map([[RULE, owner]]), planVersion: 5, ...(migrations ? { migrations } : {}) };
    return compileDesiredState(graph, input);
  }

  function overlay(phase: MigrationOverlay['phase'], sessions = [session]): MigrationOverlay {
    return { migrationId: 'mig-1', ruleId: RULE, vni: VNI, from: 'core1', to: 'access2', phase, sessions };
  }

  it('is the plain compile (same hash, no extension fields) without migrations', () => {
    const plain = compile('core1').forSwitch('core1')!;
    const empty = compile('core1', []).forSwitch('core1')!;
    expect(empty.hash).toBe(plain.hash);
    expect(plain.state.sessionExports).toBeUndefined();
    expect(plain.state.sessionImports).toBeUndefined();
    expect(plain.state.fullRuleTable[0].pinByFlowHash).toBeUndefined();
  });

  it('prepare: the old owner exports and pins by flow hash; the new owner gets the full rule from the compiler, no sessions yet', () => {
    const c = compile('core1', [overlay('prepare', [])]);
    const old = c.forSwitch('core1')!;
    expect(old.hash).not.toBe(compile('core1').forSwitch('core1')!.hash);
    expect(old.state.sessionExports).toEqual([{ migrationId: 'mig-1', ruleId: RULE, vni: VNI }]);
    expect(old.state.fullRuleTable).toEqual([expect.objectContaining({ vni: VNI, pinByFlowHash: true })]);
    expect(old.state.functionOffloadTable).toEqual([{ vni: VNI, ruleId: RULE, action: { kind: 'owner_is_local' } }]);
    const neu = c.forSwitch('access2')!.state;
    // The full rule is the one the compiler builds for an owner (fullRuleOf), with its backends and policy.
    expect(neu.fullRuleTable).toHaveLength(1);
    expect(neu.fullRuleTable[0]).toMatchObject({ vni: VNI, ruleId: RULE, lbPolicy: { kind: 'RANDOM' }, expectedSessions: 100, pinByFlowHash: true });
    expect(neu.fullRuleTable[0].backends.map((b) => b.nodeVtepIp)).toEqual(['10.0.1.3', '10.0.1.4']);
    expect(neu.sessionImports).toBeUndefined();
    expect(neu.sessionExports).toBeUndefined();
    // A switch the move does not touch is exactly as without the migration.
    expect(c.forSwitch('access1')!.hash).toBe(compile('core1').forSwitch('access1')!.hash);
  });

  it('copy: the new owner imports the relayed sessions; the old owner no longer exports', () => {
    const c = compile('core1', [overlay('copy')]);
    expect(c.forSwitch('access2')!.state.sessionImports).toEqual([{ migrationId: 'mig-1', ruleId: RULE, vni: VNI, sessions: [session] }]);
    expect(c.forSwitch('core1')!.state.sessionExports).toBeUndefined();
    expect(c.forSwitch('core1')!.state.fullRuleTable[0].pinByFlowHash).toBe(true);
  });

  it('switch (plan owners already new): the old owner keeps the rule and sends strays to the new owner\'s VTEP', () => {
    const c = compile('access2', [overlay('switch')]);
    const old = c.forSwitch('core1')!.state;
    expect(old.functionOffloadTable.find((e) => e.vni === VNI)).toEqual({ vni: VNI, ruleId: RULE, action: { kind: 'set_owner', ownerIp: '10.0.0.12' } });
    expect(old.fullRuleTable).toEqual([expect.objectContaining({ vni: VNI, pinByFlowHash: true })]);
    const neu = c.forSwitch('access2')!.state;
    expect(neu.functionOffloadTable.find((e) => e.vni === VNI)!.action).toEqual({ kind: 'owner_is_local' });
    expect(neu.sessionImports?.[0].sessions).toEqual([session]);
  });
});
