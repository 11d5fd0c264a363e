import type { Architecture } from '../constants';
import type { SweepResult } from '../experiment';
import type { Fig11Outcome } from '../fig11-types';
import type { Fig2Result } from '../fig2';
import type { ChartSeries } from './svg-chart';
import { lineChart } from './svg-chart';

const NAMES: Record<Architecture, string> = { piggycar: 'PiggyCar', istio: 'Istio', canal: 'Canal' };
const COLORS: Record<Architecture, string> = { piggycar: '#1b9e77', istio: '#7570b3', canal: '#d95f02' };

/**
 * One SVG per paper figure: fig2a/fig2b (queue and window over time), fig7 (p99), fig8 (throughput),
 * fig9 (jitter), fig10 (FCT CDF), fig11a/fig11b (sessions and p99 during surges) when those runs exist.
 *
 * @example
 * for (const [file, svg] of figureCharts(sweep, fig2, fig11)) writeFileSync(join(out, file), svg);
 */
export function figureCharts(sweep: SweepResult, fig2?: Fig2Result, fig11?: Fig11Outcome): Map<string, string> {
  const charts = new Map<string, string>();
  const archs = [...new Set(sweep.runs.map((r) => r.architecture))];
  function perArch(metric: (r: SweepResult['runs'][number]) => number): ChartSeries[] {
    return archs.map((a) => ({
      name: NAMES[a], color: COLORS[a],
      points: sweep.runs.filter((r) => r.architecture === a).sort((x, y) => x.rps - y.rps).map((r) => [r.rps / 1000, metric(r)] as const),
    }));
  }
  if (fig2) {
    const t = fig2.series.timeMs;
    charts.set('fig2a-queue.svg', lineChart({
      title: `Fig. 2a — queue at ${fig2.portName} (Canal, ${fig2.rps / 1000} kRPS)`, xLabel: 'time (ms)', yLabel: 'queue (packets)',
      series: [{ name: 'queue length', color: COLORS.canal, points: t.map((x, i) => [x, fig2.series.queuePackets[i]] as const) }],
      guides: [{ y: fig2.ecnThresholdPackets, label: `K = ${fig2.ecnThresholdPackets}` }],
    }));
    charts.set('fig2b-window.svg', lineChart({
      title: `Fig. 2b — TCP window of ${fig2.serverName} toward the gateway`, xLabel: 'time (ms)', yLabel: 'cwnd (packets)',
      series: [{ name: 'cwnd', color: COLORS.canal, points: t.map((x, i) => [x, fig2.series.windowPackets[i]] as const) }],
    }));
  }
  charts.set('fig7-p99.svg', lineChart({
    title: 'Fig. 7 — p99 latency', xLabel: 'offered load (kRPS)', yLabel: 'p99 latency (ms, log)', logY: true, markers: true,
    series: perArch((r) => r.p99Ms),
  }));
  charts.set('fig8-throughput.svg', lineChart({
    title: 'Fig. 8 — aggregated throughput', xLabel: 'offered load (kRPS)', yLabel: 'completed requests (kRPS)', markers: true,
    series: perArch((r) => r.throughputRps / 1000),
  }));
  charts.set('fig9-jitter.svg', lineChart({
    title: 'Fig. 9 — jitter (mean |delay − mean delay|)', xLabel: 'offered load (kRPS)', yLabel: 'jitter (ms, log)', logY: true, markers: true,
    series: perArch((r) => r.jitterMs),
  }));
  charts.set('fig10-fct-cdf.svg', lineChart({
    title: 'Fig. 10 — FCT distribution, all loads pooled', xLabel: 'flow completion time (ms, log)', yLabel: 'CDF', logX: true,
    yRange: [0, 1],
    series: archs.map((a) => ({ name: NAMES[a], color: COLORS[a], points: sweep.fct.get(a)?.cdf() ?? [] })),
  }));
  if (fig11?.status === 'ran') {
    const f = fig11.result;
    const capacities = [...new Set(Object.values(f.capacityBySwitch))];
    charts.set('fig11a-sessions.svg', lineChart({
      title: `Fig. 11a — session demand per switch (${f.rps / 1000} kRPS, surges)`, xLabel: 'time (ms)', yLabel: 'sessions',
      series: Object.entries(f.sessionsBySwitch).map(([name, values]) => ({ name, points: f.timeMs.map((x, i) => [x, values[i]] as const) })),
      guides: capacities.map((c) => ({ y: c, label: `SRAM capacity M_n = ${c}` })),
    }));
    charts.set('fig11b-p99.svg', lineChart({
      title: 'Fig. 11b — network p99 latency (50 ms bins)', xLabel: 'time (ms)', yLabel: 'p99 (ms)',
      series: [
        { name: 'with the online scheduler', color: COLORS.piggycar, points: f.binTimeMs.map((x, i) => [x, f.p99Ms[i]] as const) },
        { name: 'owners fixed (no scheduler)', color: '#999', dashed: true, points: f.binTimeMs.map((x, i) => [x, f.p99WithoutSchedulerMs[i]] as const) },
      ],
    }));
  }
  return charts;
}
