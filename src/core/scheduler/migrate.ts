import { topCandidates } from './candidates';
import { migrationOverhead } from './migration-cost';
import type { SchedulerModel } from './model';
import type {
  Decision, DecisionInput, DecisionOutcome, Move, MoveChoice, SchedulerSettings, SwitchAfter,
} from './types';

interface Pending {
  r: number;
  sessions: number;
  gbps: number;
  excess: number;
  cause: Move['cause'];
}

/**
 * The online scheduler's decision for one trigger (paper §III-E, Algorithm 2): which rules leave n_cur and
 * where, minimizing I = α·E_mig + β·E_reroute (eq. 5) subject to δx^new(n) ≤ ΔX and m_n ≤ T_SRAM on every
 * switch.
 *
 * - R_Δ^full: n_cur's rules with x_r^ob > x_r, largest excess first (rules inside their cool-down stay; that
 *   is the hysteresis). If moving them all would still leave m_{n_cur} > T_SRAM, further rules (most sessions
 *   first) are added ("sram-relief"), since eq. 4 also fires on SRAM alone.
 * - S_candi: top-U switches by T_SRAM − m_n whose sum covers Σ x_r^ob of the rules to move.
 * - Per rule, per feasible candidate (constraints checked against the running δx and m, so moves decided
 *   earlier count): lines 3–4 (r ∉ R_k, other role → take it), 5–7 (r ∈ R_k, other role, T^new ≤ T → take it),
 *   8–9 (r ∉ R_k, same role → E_mig), 10–11 (else → I); lines 12–13: the least E_mig or I.
 * - E_mig per eq. 6 over the paths P(n_cur, n_d) with the rest of their bandwidth; E_reroute per eq. 7: exact
 *   T^new(r) (H4's latency model with r moved and its observed traffic y_r^ob) for r ∈ R_k, T(r) + ΔT^c for the
 *   rest. For a candidate, I uses the moving rule's T^new (the only term of the max that the candidate changes).
 *
 * Cost: O(|rules of n_cur| · |S_candi| · footprint) plus one O(S) pass to rank free SRAM. The model's state is
 * restored before returning.
 *
 * @example
 * const out = migrate(model, settings, { switchName: 'core1', observations, switches, history: [], now: 0 });
 * if (out.kind === 'decision') for (const m of out.moves) console.log(m.ruleId, m.from, '→', m.to);
 */
export function migrate(model: SchedulerModel, settings: SchedulerSettings, input: DecisionInput): DecisionOutcome {
  const { graph, fp, state, clos } = model;
  const S = clos.switchCount;
  const c = graph.indexOf(input.switchName);
  if (c === undefined || !graph.isSwitch(c)) return invalid('switchName', `${input.switchName} is not a switch of the fabric`);
  const { occupancy, deltaX } = input.switches;
  if (occupancy.length !== S) return invalid('switches.occupancy', `expected ${S} values (one per switch), got ${occupancy.length}`);
  if (deltaX.length !== S) return invalid('switches.deltaX', `expected ${S} values (one per switch), got ${deltaX.length}`);

  const observed = new Map<number, { sessions: number; gbps: number }>();
  for (let i = 0; i < input.observations.length; i++) {
    const o = input.observations[i];
    if (!(Number.isFinite(o.sessions) && o.sessions >= 0)) return invalid(`observations[${i}].sessions`, `x_r^ob must be ≥ 0, got ${o.sessions}`);
    if (!(Number.isFinite(o.gbps) && o.gbps >= 0)) return invalid(`observations[${i}].gbps`, `y_r^ob must be ≥ 0, got ${o.gbps}`);
    const r = model.ruleIndex.get(o.ruleId);
    if (r !== undefined) observed.set(r, { sessions: o.sessions, gbps: o.gbps });
  }
  const cooling = new Set<string>();
  for (const h of input.history) if (input.now - h.at < settings.cooldownMs) cooling.add(h.ruleId);

  const skipped: Decision['skipped'] = [];
  const owned = model.rulesOf(c);
  const above: Pending[] = [];
  const others: Pending[] = [];
  for (const r of owned) {
    const o = observed.get(r);
    const p: Pending = { r, sessions: o?.sessions ?? 0, gbps: o?.gbps ?? fp.y[r], excess: (o?.sessions ?? 0) - fp.x[r], cause: 'above-estimate' };
    if (cooling.has(model.ruleIds[r])) {
      if (p.excess > 0) skipped.push({ ruleId: model.ruleIds[r], reason: 'moved recently (cool-down)' });
    } else (p.excess > 0 ? above : others).push(p);
  }
  above.sort((a, b) => b.excess - a.excess || a.r - b.r);
  const queue = above.slice();
  const threshold = (n: number): number => graph.doc.switches[n].sramThreshold;
  let left = occupancy[c];
  for (const p of queue) left -= p.sessions;
  if (left > threshold(c)) {
    others.sort((a, b) => b.sessions - a.sessions || a.r - b.r);
    for (const p of others) {
      if (left <= threshold(c) || p.sessions === 0) break;
      queue.push({ ...p, cause: 'sram-relief' });
      left -= p.sessions;
    }
  }
  if (queue.length === 0) {
    return { kind: 'no-move', switchName: input.switchName, reason: noMoveReason(above.length, skipped.length), skipped };
  }

  let need = 0;
  for (const p of queue) need += p.sessions;
  const free = new Float64Array(S);
  for (let n = 0; n < S; n++) free[n] = threshold(n) - occupancy[n];
  const candidates = topCandidates(free, c, settings.candidates, need);
  const freeNow = new Map<number, number>();
  const dxNow = new Map<number, number>();
  for (const n of candidates) { freeNow.set(n, free[n]); dxNow.set(n, deltaX[n]); }
  const paths = new Map<number, number[]>();
  const pathTo = (n: number): number[] => {
    let links = paths.get(n);
    if (!links) paths.set(n, (links = graph.path(c, n).links));
    return links;
  };
  const ruleBytesAll = settings.ruleBytes * queue.length;
  const roleCur = graph.roleOf(c);

  const moves: Move[] = [];
  const applied: { r: number; from: number; depth: number; y: number }[] = [];
  for (const p of queue) {
    const id = model.ruleIds[p.r];
    const inTopK = model.topK[p.r] === 1;
    const before = model.latencyUs[p.r];
    let chosen = -1;
    let choice: MoveChoice = 'least-mig';
    let relaxed = false;
    // Pass 1 honours δx^new ≤ ΔX; a rule whose own excess exceeds ΔX fits nowhere under it, so pass 2 keeps
    // only m_n ≤ T_SRAM (the overflow eq. 4 exists to prevent) and the move is flagged `deltaXRelaxed`.
    for (const strict of [true, false]) {
      let best = Number.POSITIVE_INFINITY;
      let bestChoice: MoveChoice = 'least-mig';
      for (const n of candidates) {
        if (freeNow.get(n)! < p.sessions || (strict && dxNow.get(n)! + p.excess > settings.deltaX)) continue;
        const roleDiff = graph.roleOf(n) !== roleCur;
        if (!inTopK && roleDiff) { chosen = n; choice = 'role-diff'; break; }
        const eMig = migrationOverhead(model, [pathTo(n)], ruleBytesAll, settings.sessionBytes * p.sessions).eMig;
        if (!inTopK) {
          if (eMig < best) { best = eMig; bestChoice = 'least-mig'; chosen = n; }
          continue;
        }
        const tNew = latencyIfMoved(model, p.r, n, p.gbps);
        if (roleDiff && tNew <= before) { chosen = n; choice = 'role-diff-no-detour'; break; }
        const cost = settings.alpha * eMig + settings.beta * tNew;
        if (cost < best) { best = cost; bestChoice = 'least-i'; chosen = n; }
      }
      if (chosen >= 0) {
        if (choice !== 'role-diff' && choice !== 'role-diff-no-detour') choice = bestChoice;
        relaxed = !strict;
        break;
      }
    }
    if (chosen < 0) {
      skipped.push({ ruleId: id, reason: `no candidate (${candidates.map((n) => graph.nameOf(n)).join(', ') || 'none'}) has room for ${p.sessions} sessions below T_SRAM` });
      continue;
    }
    applied.push({ r: p.r, from: state.owner[p.r], depth: state.ownerDepth[p.r], y: fp.y[p.r] });
    moveRule(model, p.r, chosen, p.gbps);
    freeNow.set(chosen, freeNow.get(chosen)! - p.sessions);
    dxNow.set(chosen, dxNow.get(chosen)! + p.excess);
    moves.push({
      ruleId: id, from: input.switchName, to: graph.nameOf(chosen), sessions: p.sessions, expectedSessions: fp.x[p.r],
      excess: p.excess, topK: inTopK, cause: p.cause, choice, deltaXRelaxed: relaxed, latencyBeforeUs: before,
      latencyAfterUs: inTopK ? state.latency(p.r, chosen, state.ownerDepth[p.r]) : before + settings.rerouteConstantUs,
      migrationUs: migrationOverhead(model, [pathTo(chosen)], ruleBytesAll, settings.sessionBytes * p.sessions).eMig,
    });
  }

  // Eq. 7 at the final state: moved rules of R_k exactly (loads now include every move), then revert.
  const movedSet = new Set(applied.map((a) => a.r));
  let eReroute = 0;
  for (const m of moves) {
    const r = model.ruleIndex.get(m.ruleId)!;
    if (m.topK) m.latencyAfterUs = state.latency(r, state.owner[r], state.ownerDepth[r]);
    eReroute = Math.max(eReroute, m.latencyAfterUs);
  }
  for (let i = applied.length - 1; i >= 0; i--) {
    const a = applied[i];
    state.unassign(a.r);
    fp.y[a.r] = a.y;
    state.assign(a.r, a.from, a.depth);
  }
  eReroute = Math.max(eReroute, firstUnmoved(model.topKByLatency, model.latencyUs, movedSet, 0));
  eReroute = Math.max(eReroute, firstUnmoved(model.restByLatency, model.latencyUs, movedSet, settings.rerouteConstantUs));

  if (moves.length === 0) {
    return { kind: 'no-move', switchName: input.switchName, reason: 'no candidate switch can take any of the rules within T_SRAM and ΔX', skipped };
  }
  const destinations = [...new Set(moves.map((m) => graph.indexOf(m.to)!))];
  let sessionsMoved = 0, excessMoved = 0;
  for (const m of moves) { sessionsMoved += m.sessions; excessMoved += m.excess; }
  const { wU, wS, eMig } = migrationOverhead(
    model, destinations.map(pathTo), settings.ruleBytes * moves.length, settings.sessionBytes * sessionsMoved,
  );
  const after: SwitchAfter[] = [{
    switch: input.switchName, occupancy: occupancy[c] - sessionsMoved, deltaX: deltaX[c] - excessMoved, sramThreshold: threshold(c),
  }];
  for (const n of destinations) {
    after.push({ switch: graph.nameOf(n), occupancy: threshold(n) - freeNow.get(n)!, deltaX: dxNow.get(n)!, sramThreshold: threshold(n) });
  }
  return {
    kind: 'decision', switchName: input.switchName, moves, eMigUs: eMig, wUUs: wU, wSUs: wS, eRerouteUs: eReroute,
    objective: settings.alpha * eMig + settings.beta * eReroute, aboveEstimate: above.length,
    candidates: candidates.map((n) => graph.nameOf(n)), skipped, after,
    resolved: after[0].occupancy <= after[0].sramThreshold && after[0].deltaX <= settings.deltaX,
  };
}

/** z(n_cur, r) ← 0, z(n, r) ← 1 in the model, with the rule's observed traffic on its new links (ρ'(e, r)). */
function moveRule(model: SchedulerModel, r: number, n: number, gbps: number): void {
  model.state.unassign(r);
  model.fp.y[r] = gbps;
  model.state.assign(r, n, model.depthOf(r, n));
}

/** T^new(r) if r moved to n now (eq. 7, exact), leaving the model as it was. */
function latencyIfMoved(model: SchedulerModel, r: number, n: number, gbps: number): number {
  const { state, fp } = model;
  const from = state.owner[r], depth = state.ownerDepth[r], y = fp.y[r];
  moveRule(model, r, n, gbps);
  const t = state.latency(r, n, state.ownerDepth[r]);
  state.unassign(r);
  fp.y[r] = y;
  state.assign(r, from, depth);
  return t;
}

/** The largest T(r) + add among rules not moved, from a list sorted by T(r) descending. */
function firstUnmoved(order: Int32Array, latency: Float64Array, moved: ReadonlySet<number>, add: number): number {
  for (const r of order) if (!moved.has(r)) return latency[r] + add;
  return 0;
}

function noMoveReason(above: number, cooling: number): string {
  if (above === 0) return 'no rule of the switch is above its estimate and the switch is within T_SRAM';
  return cooling > 0 ? 'every rule above its estimate moved recently (cool-down)' : 'nothing to move';
}

function invalid(field: string, reason: string): DecisionOutcome {
  return { kind: 'invalid', field, reason };
}
