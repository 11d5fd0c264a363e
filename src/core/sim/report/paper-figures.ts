/**
 * The paper's reported results (§II-B, §V), quoted so the report can put ours beside them. These are never
 * inputs to the model.
 *
 * @example
 * PAPER.p99ReductionVs.istio; // 0.987
 */
export const PAPER = {
  /** "At nearly 90kRPS … reduces latency by up to 98.7% and 97.2% relative to Istio and Canal" (§V-A, Fig. 7). */
  p99ReductionVs: { istio: 0.987, canal: 0.972 },
  /** "at nearly 100kRPS, PiggyCar achieves improvements of up to 15.1× and 1.82×" (§V-A, Fig. 8). */
  throughputRatioVs: { istio: 15.1, canal: 1.82 },
  /** "reduces network jitter by 98.9% and 97.9% … at nearly 100kRPS" (§V-A, Fig. 9). */
  jitterReductionVs: { istio: 0.989, canal: 0.979 },
  /** "FCT around 22ms in over 90% of cases, whereas Istio and Canal … approximately 15% and 46.1%" (Fig. 10). */
  fct: { thresholdMs: 22, piggycar: 0.9, istio: 0.15, canal: 0.461 },
  /** Where each baseline's latency turns up (§V-A): Istio near 10 kRPS (pod CPU), Canal near 60 kRPS (core–gateway link). */
  kneeRps: { istio: 10_000, canal: 60_000 },
  /** Fig. 2: "at 25kRPS per server … halving the TCP window and reducing application throughput by up to 53%". */
  fig2ThroughputLoss: 0.53,
  /** Fig. 11: "the overall network p99 latency increased by only 1ms" during each surge. */
  fig11P99IncreaseMs: 1,
} as const;
