/** A DCTCP sender's congestion state (window in bits). */
export interface DctcpState {
  cwnd: number;
  ssthresh: number;
  alpha: number;
}

/** DCTCP parameters: gain g, segment size, window ceiling (all windows in bits). */
export interface DctcpParams {
  g: number;
  mssBits: number;
  maxWindowBits: number;
}

/**
 * One RTT round of DCTCP (Alizadeh et al. 2010, §3.1) given F, the fraction of this window's packets that
 * carried an ECN mark: α ← (1 − g)·α + g·F; if any packet was marked, cwnd ← cwnd·(1 − α/2) and slow start
 * ends; otherwise slow start doubles the window, congestion avoidance adds one segment. Mutates `state`.
 *
 * @example
 * const s = { cwnd: 100 * 12000, ssthresh: Infinity, alpha: 1 };
 * dctcpRound(s, 1, { g: 1 / 16, mssBits: 12000, maxWindowBits: 1e9 }); // α stays 1, cwnd halves to 50 segments
 */
export function dctcpRound(state: DctcpState, markedFraction: number, params: DctcpParams): void {
  state.alpha = (1 - params.g) * state.alpha + params.g * markedFraction;
  if (markedFraction > 0) {
    state.cwnd = Math.max(params.mssBits, state.cwnd * (1 - state.alpha / 2));
    state.ssthresh = state.cwnd;
    return;
  }
  const grown = state.cwnd < state.ssthresh ? state.cwnd * 2 : state.cwnd + params.mssBits;
  state.cwnd = Math.min(params.maxWindowBits, grown);
}
