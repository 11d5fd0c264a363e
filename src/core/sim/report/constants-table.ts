import { SIM_CONSTANTS as C } from '../constants';

/**
 * The model's constants as report rows (name, value, source). Kept beside `constants.ts`: when a constant
 * changes there, its row here reads the new value.
 *
 * @example
 * constantRows()[0]; // ['bits per request', '1.912 Mb', 'paper §II-B: 47.8 Gbps ≈ 25 kRPS per server']
 */
export function constantRows(): string[][] {
  const k = C.cpuLatencyKnees;
  return [
    ['bits per request', `${C.requestBits / 1e6} Mb`, 'paper §II-B: 47.8 Gbps at 25 kRPS per server; §V: 164 × 350 KB per 240 s'],
    ['rules; skew', `${C.ruleCount}; ${C.hotRuleFraction * 100}% of rules carry ${C.hotTrafficFraction * 100}% of requests`, 'paper §V (2:8)'],
    ['pods', `${C.podsPerServer} per mesh server (one per chain stage: ${C.chainStages.join(' → ')})`, '**assumption** (paper silent); sets Istio\'s CPU knee'],
    ['backends per rule', C.backendWeights.join('/'), 'paper §II-A A/B example v1(80%) v2(20%)'],
    ['x_r', `λ_r × ${C.sessionIdleSeconds} s`, '**assumption**: one session per request, aged after ~1 s idle'],
    ['DCTCP K', `${C.ecnThresholdPackets} packets of ${C.packetBits / 8} B`, 'paper §II-B'],
    ['DCTCP g; α₀', `1/${1 / C.dctcpG}; ${C.dctcpInitialAlpha}`, 'Alizadeh et al. 2010; Linux tcp_dctcp.c dctcp_alpha_on_init'],
    ['initial window', `${C.initialWindowPackets} segments`, 'RFC 6928'],
    ['window ceiling', `${C.maxWindowBdpFactor} × path BDP`, 'Linux receive-buffer auto-tuning (tcp_rcv_space_adjust)'],
    ['restart after idle', `${C.idleRestartSeconds * 1e3} ms`, 'RFC 5681 §4.1, Linux tcp_slow_start_after_idle, TCP_RTO_MIN'],
    ['port buffer ceiling', `${C.portBufferBits / 8e6} MB`, 'Intel Tofino 1: 22 MB shared packet buffer'],
    ['Envoy cost per request', `${C.envoySeconds * 1e6} µs`, 'paper §V (on-node latency 764 µs), used as CPU time'],
    ['PiggyCar on-node proxy', `${C.piggycarProxySeconds * 1e6} µs`, 'paper §V'],
    ['sidecar CPU', `${C.sidecarCores} cores`, 'Istio default proxy limit cpu: 2000m'],
    ['sidecar latency vs CPU', `×1 ≤ ${k.doubleAbove * 100}%, ×2 ≤ ${k.steepAbove * 100}%, linear to ×${k.maxMultiplier} at 100%`, 'paper §II-B citing Canal [9]; the line between 75% and 100% is **assumed**'],
    ['CPU utilization window', `${C.cpuUtilizationWindowSeconds * 1e3} ms EWMA`, '**assumption**'],
    ['Canal gateway', `${C.gatewayCores} cores × Envoy cost`, 'paper §V testbed server (96-core AMD)'],
    ['Fig. 11 surge', `session demand to ${C.fig11.surgeOccupancy * 100}% of M_n for ${C.fig11.surgeSeconds * 1e3} ms`, '**assumption** (paper gives times, not sizes)'],
    ['Fig. 11 telemetry', `every ${C.fig11.telemetrySeconds * 1e3} ms, acted on one interval later`, '**assumption** (paper detected a 500 ms surge at 700 ms)'],
    ['switch slow path', `${C.fig11.slowPathBitsPerSecond / 1e9} Gbps per switch, one request at a time`, '**assumption**: Tofino CPU port class'],
    ['links (testbed)', '100 Gbps; T_base 1 µs switch–switch, 2 µs server–access', 'paper §V (100 Gbps); T_base from the fabric generator (assumed there)'],
  ];
}
