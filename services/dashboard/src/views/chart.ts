import { html, type SafeHtml, trusted } from '../http/html';
import type { MinuteBucket } from '../read-model/metrics';
import { formatClock, formatDuration } from './format';

const WIDTH = 920;
const HEIGHT = 260;
const PAD = { left: 48, right: 64, top: 16, bottom: 36 };

/** Rounds an axis maximum up to 1, 2 or 5 times a power of ten so tick labels read cleanly. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

const fixed = (n: number) => n.toFixed(1);

function line(points: readonly (readonly [number, number] | undefined)[]): string {
  let d = '';
  let pen = false;
  for (const point of points) {
    if (!point) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${fixed(point[0])},${fixed(point[1])}`;
    pen = true;
  }
  return d;
}

/**
 * Received per minute (bars, left axis) and received->delivered latency p50/p95 (lines, right
 * axis) as inline SVG: no chart library, no client script, readable without JavaScript. Only
 * numbers computed here go into the markup.
 */
export function throughputChart(buckets: readonly MinuteBucket[]): SafeHtml {
  if (buckets.length === 0) return html``;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const maxReceived = niceCeiling(Math.max(...buckets.map((b) => b.received)));
  const maxLatency = niceCeiling(Math.max(0, ...buckets.map((b) => b.p95Ms ?? 0)));
  const slot = plotW / buckets.length;
  const x = (i: number) => PAD.left + i * slot;
  const yCount = (n: number) => PAD.top + plotH - (n / maxReceived) * plotH;
  const yLatency = (ms: number) => PAD.top + plotH - (ms / maxLatency) * plotH;
  const bars = buckets
    .map((b, i) =>
      b.received > 0
        ? `<rect class="app-chart__bar" x="${fixed(x(i) + 1)}" y="${fixed(yCount(b.received))}" width="${fixed(Math.max(1, slot - 2))}" height="${fixed(PAD.top + plotH - yCount(b.received))}" fill="#41b6e6"><title>${b.received} received</title></rect>`
        : '',
    )
    .join('');
  const centre = (i: number) => x(i) + slot / 2;
  const p50 = line(buckets.map((b, i) => (b.p50Ms === undefined ? undefined : ([centre(i), yLatency(b.p50Ms)] as const))));
  const p95 = line(buckets.map((b, i) => (b.p95Ms === undefined ? undefined : ([centre(i), yLatency(b.p95Ms)] as const))));
  const dots = buckets
    .flatMap((b, i) => [
      b.p50Ms === undefined ? '' : `<circle cx="${fixed(centre(i))}" cy="${fixed(yLatency(b.p50Ms))}" r="3" fill="#007f3b"></circle>`,
      b.p95Ms === undefined ? '' : `<circle cx="${fixed(centre(i))}" cy="${fixed(yLatency(b.p95Ms))}" r="3" fill="#d5281b"></circle>`,
    ])
    .join('');
  const ticks = buckets
    .map((b, i) =>
      i % 10 === 0 || i === buckets.length - 1
        ? `<text x="${fixed(centre(i))}" y="${HEIGHT - 14}" text-anchor="middle" class="app-chart__tick">${formatClock(Date.parse(b.minute))}</text>`
        : '',
    )
    .join('');
  // A count axis labels whole numbers only (a max of 1 has no half-way label), and the latency
  // axis is labelled only when something was delivered: an empty axis reading "1 ms" misleads.
  const hasLatency = buckets.some((b) => b.p95Ms !== undefined);
  const grid = [0, 0.5, 1]
    .map((f) => {
      const y = PAD.top + plotH - f * plotH;
      const count = f * maxReceived;
      return (
        `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${fixed(y)}" y2="${fixed(y)}" stroke="#d8dde0" stroke-width="1"></line>` +
        (Number.isInteger(count) ? `<text x="${PAD.left - 6}" y="${fixed(y + 4)}" text-anchor="end" class="app-chart__tick">${count}</text>` : '') +
        (hasLatency
          ? `<text x="${WIDTH - PAD.right + 6}" y="${fixed(y + 4)}" text-anchor="start" class="app-chart__tick">${formatDuration(f * maxLatency)}</text>`
          : '')
      );
    })
    .join('');
  const totalReceived = buckets.reduce((n, b) => n + b.received, 0);
  const totalDelivered = buckets.reduce((n, b) => n + b.delivered, 0);
  const svg = `<svg class="app-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">
    <title id="chart-title">Received per minute and delivery latency, last ${buckets.length} minutes</title>
    <desc id="chart-desc">${totalReceived} received and ${totalDelivered} delivered in the period.</desc>
    ${grid}${bars}
    <path d="${p50}" fill="none" stroke="#007f3b" stroke-width="2"></path>
    <path d="${p95}" fill="none" stroke="#d5281b" stroke-width="2" stroke-dasharray="6 3"></path>
    ${dots}${ticks}
  </svg>`;
  return html`<div class="app-chart-wrapper" id="throughput-chart">
    ${trusted(svg)}
    <ul class="app-chart__legend nhsuk-list">
      <li><span class="app-swatch app-swatch--bar"></span>Received per minute (left axis): ${totalReceived} in ${buckets.length} min</li>
      <li><span class="app-swatch app-swatch--p50"></span>Latency p50, received to delivered (right axis)</li>
      <li><span class="app-swatch app-swatch--p95"></span>Latency p95 (right axis)</li>
    </ul>
  </div>`;
}
