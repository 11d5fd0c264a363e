/**
 * Every constant the simulator uses, each with its source. None is fitted to the paper's results:
 * the figures must come out of the model, and where our numbers differ from the paper's the report says why.
 *
 * Units: time in seconds, data in bits, rates in bits per second, unless a name says otherwise.
 *
 * @example
 * const bitsPerRequest = SIM_CONSTANTS.requestBits; // 1.912e6
 */
export const SIM_CONSTANTS = {
  /**
   * Bits per request of the car-parking chain. Paper §II-B: "about 47.8 Gbps (25 kRPS per server)" ⇒
   * 47.8e9 / 25e3 = 1.912 Mb; §V: 164 snapshots × 350 KB every 240 s ≈ 1.91 Mb/s per request stream.
   */
  requestBits: 1.912e6,
  /** Paper §V: 1,000 distinct rules for the car-parking application. */
  ruleCount: 1000,
  /** Paper §V: "concurrent accesses in a 2:8 ratio" — 20 % of the rules carry 80 % of the requests. */
  hotRuleFraction: 0.2,
  hotTrafficFraction: 0.8,
  /**
   * Car-parking chain stages (paper §V and its ref. [10]): snapshot → occupancy detection → plate
   * extraction/metadata store → charging. Rules route stage i's requests to stage i+1's pods.
   */
  chainStages: ['snapshot', 'occupancy', 'plate', 'charge'] as readonly string[],
  /**
   * Assumption (the fabric document carries no pods): one pod per chain stage on every mesh server.
   * The paper does not say how many pods it ran; this number sets where Istio's pod CPU knee falls.
   */
  podsPerServer: 4,
  /** Backends per rule and their weights: the paper's A/B example "route: v1(80%), v2(20%)" (§II-A). */
  backendWeights: [80, 20] as readonly number[],
  /** Cap on |Q(r)| for synthetic rules on large fabrics (assumption: a function is called by a few pods). */
  maxRequestersPerRule: 8,
  /**
   * Assumption: a session (tc_session_table entry) lives about one idle timeout after its request;
   * x_r = λ_r · sessionIdleSeconds. Only used for the planner's x_r input and the Fig. 11 session counts.
   */
  sessionIdleSeconds: 1,

  /** DCTCP marking threshold K in packets: paper §II-B ("set at 359 packets according to DCTCP"). */
  ecnThresholdPackets: 359,
  /** Packet (and MSS) size for K and window arithmetic: Ethernet MTU, 1,500 B. */
  packetBits: 1500 * 8,
  /** DCTCP gain g (Alizadeh et al., SIGCOMM 2010, §3.1; the issue): α ← (1 − g)·α + g·F. */
  dctcpG: 1 / 16,
  /** Initial α: Linux tcp_dctcp.c `dctcp_alpha_on_init` defaults to DCTCP_MAX_ALPHA (1024/1024 = 1). */
  dctcpInitialAlpha: 1,
  /** Initial window: RFC 6928, 10 segments. */
  initialWindowPackets: 10,
  /**
   * Window ceiling as a multiple of the path BDP: Linux receive-buffer auto-tuning (tcp_rcv_space_adjust,
   * "dynamic right-sizing") advertises about twice the data received per RTT.
   */
  maxWindowBdpFactor: 2,
  /**
   * Restart window after idle: RFC 5681 §4.1 / Linux `tcp_slow_start_after_idle` (default 1) reset cwnd to
   * the initial window after an idle period longer than the RTO, whose floor is TCP_RTO_MIN = 200 ms.
   */
  idleRestartSeconds: 0.2,
  /** Per-port buffer ceiling: Intel Tofino (1st gen) has a 22 MB shared packet buffer; one port may use it all. */
  portBufferBits: 22e6 * 8,

  /** Paper §V: Envoy's on-node latency per request, 764 µs (treated as CPU service time). */
  envoySeconds: 764e-6,
  /** Paper §V: PiggyCar's on-node proxy, 94 µs per request (eBPF classification + VXLAN encapsulation). */
  piggycarProxySeconds: 94e-6,
  /** Istio's sidecar CPU limit: `global.proxy.resources.limits.cpu: 2000m` in Istio's default values. */
  sidecarCores: 2,
  /**
   * Sidecar latency multiplier m(u) vs the pod's CPU utilization u (paper §II-B citing Canal [9]):
   * "when a pod's CPU usage exceeds 45 %, inter-pod latency doubles, and when it exceeds 75 %, latency can
   * increase up to 100-fold". Read as: m = 1 up to 45 %, 2 up to 75 %, then linear to 100 at 100 %.
   * The straight line between 75 % and 100 % is our assumption; the paper gives only the end points.
   */
  cpuLatencyKnees: { doubleAbove: 0.45, steepAbove: 0.75, maxMultiplier: 100 },
  /** Assumption: the window over which a pod's CPU utilization is measured (EWMA time constant), 100 ms. */
  cpuUtilizationWindowSeconds: 0.1,
  /** Paper §V: the Canal gateway server has a 96-core AMD CPU; it runs Envoy-class L7 proxying (764 µs). */
  gatewayCores: 96,

  /** Fig. 2 of the paper: 25 kRPS per server on the Canal setup. */
  fig2RpsPerServer: 25_000,
  /** Fig. 11 of the paper: 40 kRPS; surges on Core1 at 500 ms (200 ms), Core1 at 2,000 ms, Core2 at 3,400 ms. */
  fig11Rps: 40_000,
  /**
   * Fig. 11 assumptions (the paper gives no numbers): a surge lifts the switch's session demand to 130 % of M_n
   * and lasts 200 ms (the paper's first surge); a 4 s run; telemetry every 100 ms, acted on one interval later
   * (the paper detected the 500 ms surge at 700 ms); a session that does not fit in SRAM sends its request
   * through the switch CPU at 10 Gbps (a Tofino CPU port is a 10 GbE / PCIe path), one request at a time;
   * p99 in 50 ms bins.
   */
  fig11: {
    durationSeconds: 4,
    surgeOccupancy: 1.3,
    surgeSeconds: 0.2,
    telemetrySeconds: 0.1,
    slowPathBitsPerSecond: 10e9,
    binSeconds: 0.05,
  },
} as const;

/** The architectures the simulator compares (paper Fig. 1). */
export type Architecture = 'piggycar' | 'istio' | 'canal';

/** All architectures in report order. */
export const ARCHITECTURES: readonly Architecture[] = ['piggycar', 'istio', 'canal'];
