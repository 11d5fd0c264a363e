import type { PlanInstance, PlanResult } from '../../src/core/planner';

/**
 * A small SVG of a plan: the distribution of T(r) (ours vs the gateway baseline) and SRAM utilization
 * x(n)/(M_n − m_n) per switch layer (sorted, down-sampled to 300 bars per layer).
 *
 * @example
 * writeFileSync('bench/out/planner-testbed.svg', utilizationSvg('testbed', inst, plan, gateway));
 */
export function utilizationSvg(name: string, inst: PlanInstance, plan: PlanResult, gateway?: PlanResult): string {
  const W = 900, H = 520;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="10" y="18" font-size="14">${name}: T = ${plan.objectiveUs.toFixed(2)} µs${gateway ? `, gateway baseline ${gateway.objectiveUs.toFixed(1)} µs` : ''}</text>`);
  // Panel 1: sorted T(r) curves (CDF), x = fraction of rules, y = µs (log scale).
  const curve = (values: Float64Array, color: string): void => {
    const sorted = Float64Array.from(values).sort();
    const n = sorted.length;
    if (n === 0) return;
    const lo = Math.log10(Math.max(1e-3, Math.min(plan.latencyUs.length ? Math.min(...sample(plan.latencyUs)) : 1, 1)));
    const hi = Math.log10(Math.max(sorted[n - 1], gateway ? gateway.objectiveUs : 0, plan.objectiveUs) * 1.1);
    const pts: string[] = [];
    for (let i = 0; i < 200; i++) {
      const v = sorted[Math.min(n - 1, Math.floor((i / 199) * (n - 1)))];
      const y = 240 - ((Math.log10(Math.max(v, 1e-3)) - lo) / (hi - lo)) * 200;
      pts.push(`${60 + i * 4},${y.toFixed(1)}`);
    }
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(' ')}"/>`);
  };
  parts.push('<text x="60" y="262">rules sorted by T(r) (log µs): blue = PiggyCar plan, red = gateway</text>');
  curve(plan.latencyUs, '#1f77b4');
  if (gateway) curve(gateway.latencyUs, '#d62728');
  // Panel 2: SRAM utilization per layer.
  const levels = ['access', 'aggregation', 'core'];
  levels.forEach((role, li) => {
    const util: number[] = [];
    for (let n = 0; n < inst.clos.switchCount; n++) {
      if (inst.clos.level[n] !== li) continue;
      util.push(inst.capacity[n] > 0 ? plan.switchLoad[n] / inst.capacity[n] : 0);
    }
    if (util.length === 0) return;
    util.sort((p, q) => q - p);
    const x0 = 60 + li * 280, y0 = 500, h = 190, bars = Math.min(util.length, 250), w = 250 / bars;
    for (let i = 0; i < bars; i++) {
      const u = util[Math.floor((i / bars) * util.length)];
      parts.push(`<rect x="${(x0 + i * w).toFixed(1)}" y="${(y0 - u * h).toFixed(1)}" width="${Math.max(w - 0.2, 0.3).toFixed(2)}" height="${(u * h).toFixed(1)}" fill="#2ca02c"/>`);
    }
    parts.push(`<text x="${x0}" y="${y0 + 14}">${role}: ${util.length} switches, max ${(util[0] * 100).toFixed(1)} % SRAM</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function sample(values: Float64Array): number[] {
  const out: number[] = [];
  const step = Math.max(1, Math.floor(values.length / 1000));
  for (let i = 0; i < values.length; i += step) out.push(values[i]);
  return out;
}
