/** One line of a chart. */
export interface ChartSeries {
  name: string;
  points: ReadonlyArray<readonly [number, number]>;
  color?: string;
  dashed?: boolean;
}

/** A line (or CDF, or time-series) chart. */
export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  logX?: boolean;
  logY?: boolean;
  xRange?: [number, number];
  yRange?: [number, number];
  /** Horizontal reference lines (e.g. DCTCP's K). */
  guides?: { y: number; label: string }[];
  /** Draw a dot on every point (sparse sweeps). */
  markers?: boolean;
  width?: number;
  height?: number;
}

const PALETTE = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02'];
const MARGIN = { left: 72, right: 24, top: 56, bottom: 56 };

/**
 * A self-contained SVG line chart (no dependencies): axes with 1-2-5 or power-of-ten ticks, a legend,
 * optional log axes and guide lines. Non-finite and (on log axes) non-positive points are skipped.
 *
 * @example
 * const svg = lineChart({ title: 'p99', xLabel: 'kRPS', yLabel: 'ms', logY: true,
 *   series: [{ name: 'PiggyCar', points: [[10, 0.2], [100, 1.3]] }] });
 */
export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 640, height = spec.height ?? 400;
  const plotW = width - MARGIN.left - MARGIN.right, plotH = height - MARGIN.top - MARGIN.bottom;
  const usable = (v: number, log?: boolean) => Number.isFinite(v) && (!log || v > 0);
  const xs: number[] = [], ys: number[] = [];
  for (const s of spec.series) for (const [x, y] of s.points) {
    if (usable(x, spec.logX) && usable(y, spec.logY)) { xs.push(x); ys.push(y); }
  }
  for (const g of spec.guides ?? []) if (usable(g.y, spec.logY)) ys.push(g.y);
  const xAxis = axis(spec.xRange ?? extent(xs), spec.logX ?? false);
  const yAxis = axis(spec.yRange ?? extent(ys, !spec.logY), spec.logY ?? false);
  const px = (x: number) => MARGIN.left + xAxis.scale(x) * plotW;
  const py = (y: number) => MARGIN.top + (1 - yAxis.scale(y)) * plotH;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  out.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${esc(spec.title)}</text>`);
  for (const t of xAxis.ticks) {
    const x = px(t).toFixed(1);
    out.push(`<line x1="${x}" y1="${MARGIN.top}" x2="${x}" y2="${MARGIN.top + plotH}" stroke="#eee"/>`);
    out.push(`<text x="${x}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${fmt(t)}</text>`);
  }
  for (const t of yAxis.ticks) {
    const y = py(t).toFixed(1);
    out.push(`<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotW}" y2="${y}" stroke="#eee"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end">${fmt(t)}</text>`);
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${height - 14}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`);
  for (const g of spec.guides ?? []) {
    if (!usable(g.y, spec.logY)) continue;
    const y = py(g.y).toFixed(1);
    out.push(`<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotW}" y2="${y}" stroke="#c00" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${MARGIN.left + plotW - 4}" y="${(py(g.y) - 4).toFixed(1)}" text-anchor="end" fill="#c00">${esc(g.label)}</text>`);
  }
  const legendOffsets: number[] = [];
  let offset = 0;
  for (const s of spec.series) { legendOffsets.push(offset); offset += 40 + 6.5 * s.name.length; }
  out.push('<g>');
  spec.series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const pts = s.points.filter(([x, y]) => usable(x, spec.logX) && usable(y, spec.logY));
    if (pts.length === 0) return;
    const d = pts.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${px(clamp(x, xAxis)).toFixed(1)},${py(clamp(y, yAxis)).toFixed(1)}`).join('');
    out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    if (spec.markers) for (const [x, y] of pts) {
      out.push(`<circle cx="${px(clamp(x, xAxis)).toFixed(1)}" cy="${py(clamp(y, yAxis)).toFixed(1)}" r="3" fill="${color}"/>`);
    }
    // Legend in one row between the title and the plot, so it never hides data.
    const lx = MARGIN.left + legendOffsets[i];
    out.push(`<line x1="${lx}" y1="38" x2="${lx + 20}" y2="38" stroke="${color}" stroke-width="3"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    out.push(`<text x="${lx + 26}" y="42">${esc(s.name)}</text>`);
  });
  out.push('</g></svg>');
  return out.join('\n');
}

interface Axis {
  ticks: number[];
  scale: (v: number) => number;
  lo: number;
  hi: number;
}

function axis([lo, hi]: [number, number], log: boolean): Axis {
  if (log) {
    const a = Math.floor(Math.log10(lo)), b = Math.max(a + 1, Math.ceil(Math.log10(hi)));
    const ticks: number[] = [];
    const stride = Math.max(1, Math.ceil((b - a) / 8));
    for (let e = a; e <= b; e += stride) ticks.push(10 ** e);
    return { ticks, lo: 10 ** a, hi: 10 ** b, scale: (v) => (Math.log10(v) - a) / (b - a) };
  }
  const step = niceStep((hi - lo) / 6 || 1);
  const a = Math.floor(lo / step) * step, b = Math.max(a + step, Math.ceil(hi / step) * step);
  const ticks: number[] = [];
  for (let t = a; t <= b + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return { ticks, lo: a, hi: b, scale: (v) => (v - a) / (b - a) };
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function extent(values: number[], fromZero = false): [number, number] {
  if (values.length === 0) return [0, 1];
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (fromZero && lo > 0) lo = 0;
  if (lo === hi) hi = lo + (lo === 0 ? 1 : Math.abs(lo));
  return [lo, hi];
}

function clamp(v: number, a: Axis): number {
  return Math.min(a.hi, Math.max(a.lo, v));
}

function fmt(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e6 || abs < 1e-3) return v.toExponential(0);
  if (abs >= 1000) return `${Number((v / 1000).toPrecision(3))}k`;
  return String(Number(v.toPrecision(3)));
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
