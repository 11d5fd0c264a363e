import type { RequestStep } from './architecture';
import { routeRequest } from './architecture';
import { SIM_CONSTANTS } from './constants';
import type { CpuStation } from './cpu-station';
import { createCpuStation, serveRequest } from './cpu-station';
import { EventQueue } from './event-queue';
import { GrowableFloats, jitter, mean, percentile } from './metrics';
import { FlowNetwork } from './network';
import type { NetworkEvent, NetworkParams } from './network-types';
import { createRng } from './random';
import type { SimProgress, SimSeries, SimulationInput, SimulationResult } from './simulation-types';
import { drawRequest } from './workload';
import type { SimResultOr } from './workload-types';

/** A request in flight: its stages and how far it got. */
interface SimRequest {
  id: number;
  steps: RequestStep[];
  step: number;
}

type SimEvent =
  | { kind: 'arrival' }
  | { kind: 'step'; request: SimRequest }
  | { kind: 'sample' }
  | { kind: 'sweep' }
  | { kind: 'control' }
  | NetworkEvent<SimRequest>;

const PROGRESS_EVERY_EVENTS = 1 << 17;
const SWEEP_EVERY_SECONDS = 1;

/**
 * The default network parameters from `SIM_CONSTANTS` (K = 359 packets, g = 1/16, IW = 10, ...).
 *
 * @example
 * const p = defaultNetworkParams(); // p.ecnThresholdBits === 359 * 12000
 */
export function defaultNetworkParams(): NetworkParams {
  const c = SIM_CONSTANTS;
  return {
    ecnThresholdBits: c.ecnThresholdPackets * c.packetBits,
    mssBits: c.packetBits,
    initialWindowBits: c.initialWindowPackets * c.packetBits,
    maxWindowBdpFactor: c.maxWindowBdpFactor,
    g: c.dctcpG,
    initialAlpha: c.dctcpInitialAlpha,
    idleRestartSeconds: c.idleRestartSeconds,
    portBufferBits: c.portBufferBits,
  };
}

/**
 * Runs one architecture at one offered load: Poisson arrivals for `durationSeconds`, each request drawn from
 * the workload and routed per the architecture, through CPU proxies and the flow-level network, then drained
 * for `drainSeconds` (default: a quarter of the duration, at most 1 s). Pure and seeded: same input, same result.
 *
 * @example
 * const r = simulate({ fabric, graph, workload, architecture: 'canal', rps: 60_000, durationSeconds: 1, seed: 1 });
 * if (r.ok) console.log(r.value.p99Ms);
 */
export function simulate(input: SimulationInput): SimResultOr<SimulationResult> {
  const { graph, workload, architecture, rps, durationSeconds, seed } = input;
  if (!(rps > 0)) return fail('rps', 'must be a positive number');
  if (!(durationSeconds > 0)) return fail('durationSeconds', 'must be a positive number');
  const drain = input.drainSeconds ?? Math.min(1, durationSeconds / 4);
  const endTime = durationSeconds + drain;

  const gateway = input.fabric.servers.find((s) => s.kind === 'gateway');
  const gatewayServer = gateway ? graph.indexOf(gateway.name) ?? -1 : -1;
  if (architecture === 'canal' && gatewayServer < 0) {
    return fail('fabric.servers', 'the Canal baseline needs a server with kind "gateway"');
  }
  const ownerNode = new Int32Array(workload.rules.length).fill(-1);
  if (architecture === 'piggycar') {
    for (let r = 0; r < workload.rules.length; r++) {
      const owner = input.owners?.get(workload.rules[r].id);
      const node = owner === undefined ? undefined : graph.indexOf(owner);
      if (node === undefined || !graph.isSwitch(node)) {
        return fail('owners', `rule ${workload.rules[r].id} has no owner switch in the fabric`);
      }
      ownerNode[r] = node;
    }
  }
  const stations: CpuStation[] = [];
  if (architecture === 'istio') {
    for (let i = 0; i < workload.pods.length; i++) {
      stations.push(createCpuStation(SIM_CONSTANTS.sidecarCores, SIM_CONSTANTS.envoySeconds, true));
    }
  }
  const gatewayStation = stations.length;
  stations.push(createCpuStation(SIM_CONSTANTS.gatewayCores, SIM_CONSTANTS.envoySeconds, false));

  const rng = createRng(seed);
  const queue = new EventQueue<SimEvent>();
  const arrivals = new GrowableFloats(Math.min(1 << 24, Math.ceil(rps * durationSeconds * 1.1) + 16));
  const latencies = new GrowableFloats(Math.min(1 << 24, Math.ceil(rps * durationSeconds * 1.1) + 16));
  let completedInWindow = 0;
  let flows = 0;
  let events = 0;
  const network = new FlowNetwork<SimRequest>(graph, { ...defaultNetworkParams(), ...input.network }, {
    schedule(time, event) { queue.push(time, event); },
    delivered(time, request) { queue.push(time, { kind: 'step', request }); },
  });

  function advance(request: SimRequest, now: number): void {
    const step = request.steps[request.step++];
    if (step === undefined) {
      latencies.set(request.id, now - arrivals.get(request.id));
      if (now <= durationSeconds) completedInWindow++;
      return;
    }
    if (step.kind === 'cpu') queue.push(serveRequest(stations[step.station], now), { kind: 'step', request });
    else if (step.kind === 'delay') queue.push(now + step.seconds, { kind: 'step', request });
    else { flows++; network.startFlow(now, step.from, step.via, step.to, workload.requestBits, request); }
  }

  function arrive(now: number): void {
    const draw = drawRequest(workload, rng);
    const src = workload.pods[draw.srcPod], dst = workload.pods[draw.dstPod];
    const id = arrivals.push(now);
    latencies.push(NaN);
    const owner = ownerNode[draw.rule];
    const steps = routeRequest(architecture, {
      srcServer: src.node, dstServer: dst.node, srcPod: draw.srcPod, dstPod: draw.dstPod,
      ownerSwitch: owner, gatewayServer, gatewayStation,
    });
    if (control && owner >= 0 && control.slowPath(draw.rule, owner)) {
      steps.splice(steps.length - 1, 0, { kind: 'cpu', station: slowPathStation(owner) });
    }
    advance({ id, steps, step: 0 }, now);
  }

  const control = input.control;
  const slowStations = new Map<number, number>();
  function slowPathStation(owner: number): number {
    let i = slowStations.get(owner);
    if (i === undefined) {
      i = stations.length;
      stations.push(createCpuStation(1, control!.slowPathSeconds, false));
      slowStations.set(owner, i);
    }
    return i;
  }

  const series: SimSeries | undefined = input.watch ? { timeMs: [], queuePackets: [], windowPackets: [] } : undefined;
  function sample(now: number): void {
    const w = input.watch!;
    series!.timeMs.push(now * 1e3);
    series!.queuePackets.push(w.port === undefined ? NaN : network.portQueue[w.port] / SIM_CONSTANTS.packetBits);
    const c = w.connection;
    const conn = c ? network.connections.get(network.connectionKey(c.from, c.via, c.to)) : undefined;
    series!.windowPackets.push(conn ? conn.cwnd / SIM_CONSTANTS.packetBits : NaN);
  }

  function progress(now: number): SimProgress {
    return { architecture, rps, simSeconds: Math.min(now, endTime), endSeconds: endTime, events, requests: arrivals.length };
  }

  queue.push(rng.exponential(rps), { kind: 'arrival' });
  queue.push(SWEEP_EVERY_SECONDS, { kind: 'sweep' });
  if (input.watch) queue.push(0, { kind: 'sample' });
  if (control) queue.push(control.everySeconds, { kind: 'control' });
  while (queue.size > 0 && queue.peekTime() <= endTime) {
    const event = queue.pop()!;
    const now = queue.lastTime;
    events++;
    if ((events & (PROGRESS_EVERY_EVENTS - 1)) === 0) input.onProgress?.(progress(now));
    switch (event.kind) {
      case 'arrival':
        arrive(now);
        { const next = now + rng.exponential(rps); if (next < durationSeconds) queue.push(next, event); }
        break;
      case 'step': advance(event.request, now); break;
      case 'sample':
        sample(now);
        if (now + input.watch!.sampleEverySeconds <= endTime) queue.push(now + input.watch!.sampleEverySeconds, event);
        break;
      case 'control':
        for (const change of control!.onTick(now) ?? []) ownerNode[change.rule] = change.owner;
        queue.push(now + control!.everySeconds, event);
        break;
      case 'sweep':
        network.sweepIdle(now);
        queue.push(now + SWEEP_EVERY_SECONDS, event);
        break;
      default: network.handle(now, event);
    }
  }
  input.onProgress?.(progress(endTime));

  const lat = latencies.view();
  const arr = arrivals.view();
  let censored = 0;
  const ms = new Float64Array(lat.length);
  for (let i = 0; i < lat.length; i++) {
    let v = lat[i];
    if (Number.isNaN(v)) { v = endTime - arr[i]; censored++; }
    ms[i] = v * 1e3;
  }
  const sorted = ms.slice().sort();
  const p99ByBinMs = control ? binnedP99(arr, ms, control.binSeconds, durationSeconds) : undefined;
  const throughputRps = completedInWindow / durationSeconds;
  return {
    ok: true,
    value: {
      architecture, rps, durationSeconds, seed,
      requests: lat.length, completedInWindow, censored,
      throughputRps, throughputGbps: (throughputRps * workload.requestBits) / 1e9,
      p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), meanMs: mean(ms), jitterMs: jitter(ms),
      latenciesMs: sorted, events, flows, recomputations: network.recomputations,
      maxQueuePackets: network.maxQueueBits / SIM_CONSTANTS.packetBits,
      portOfferedBits: network.portOfferedBits, series, p99ByBinMs,
    },
  };
}

/** p99 of the requests arriving in each bin [k·bin, (k+1)·bin). */
function binnedP99(arrivals: Float64Array, latencyMs: Float64Array, bin: number, duration: number): number[] {
  const bins: number[][] = Array.from({ length: Math.ceil(duration / bin) }, () => []);
  for (let i = 0; i < arrivals.length; i++) bins[Math.min(bins.length - 1, Math.floor(arrivals[i] / bin))].push(latencyMs[i]);
  return bins.map((b) => percentile(Float64Array.from(b).sort(), 0.99));
}

function fail<T>(field: string, reason: string): SimResultOr<T> {
  return { ok: false, errors: [{ field, reason }] };
}
