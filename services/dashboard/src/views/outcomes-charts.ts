import type { Shown } from '@firstsync/outcomes-store';
import { escapeHtml, html, type SafeHtml, trusted } from '../http/html';
import { niceCeiling } from './chart';

// Inline SVG charts of disclosed figures: no chart library and no script, with a <title> and
// <desc> for assistive technology; every chart sits beside the table holding the same numbers.
// Suppressed figures (`*`) are drawn as no bar, marked `*`, never estimated.

const fixed = (n: number) => n.toFixed(1);
const SUPPRESSED_NOTE = 'Bars marked * are suppressed (fewer than 8, or hidden to protect another figure).';

export interface Bar {
  readonly label: string;
  readonly value: Shown | number | null;
}

function svg(id: string, title: string, desc: string, width: number, height: number, body: string): SafeHtml {
  return trusted(
    `<svg class="app-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(desc)}</desc>${body}</svg>`,
  );
}

const describe = (bars: readonly Bar[], unit: string) =>
  bars.map((b) => `${b.label}: ${b.value === null ? 'none' : b.value === '*' ? 'suppressed' : `${b.value}${unit}`}`).join('; ');

/** Consultations per week or month as columns. */
export function columnChart(id: string, title: string, bars: readonly Bar[]): SafeHtml {
  const width = 920;
  const height = 240;
  const pad = { left: 48, right: 16, top: 16, bottom: 40 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const max = niceCeiling(Math.max(0, ...bars.map((b) => (typeof b.value === 'number' ? b.value : 0))));
  const slot = plotW / Math.max(1, bars.length);
  const y = (n: number) => pad.top + plotH - (n / max) * plotH;
  const labelEvery = Math.max(1, Math.ceil(bars.length / 12));
  const body = [
    ...[0, 0.5, 1].map((f) => {
      const value = f * max;
      const gy = y(value);
      return `<line x1="${pad.left}" x2="${width - pad.right}" y1="${fixed(gy)}" y2="${fixed(gy)}" stroke="#d8dde0" stroke-width="1"></line>${Number.isInteger(value) ? `<text x="${pad.left - 6}" y="${fixed(gy + 4)}" text-anchor="end" class="app-chart__tick">${value}</text>` : ''}`;
    }),
    ...bars.map((b, i) => {
      const x = pad.left + i * slot;
      const centre = x + slot / 2;
      const tick =
        i % labelEvery === 0 ? `<text x="${fixed(centre)}" y="${height - 20}" text-anchor="middle" class="app-chart__tick">${escapeHtml(b.label)}</text>` : '';
      if (b.value === '*') return `<text x="${fixed(centre)}" y="${fixed(pad.top + plotH - 4)}" text-anchor="middle" class="app-chart__tick">*</text>${tick}`;
      const value = b.value ?? 0;
      const bar =
        value > 0
          ? `<rect x="${fixed(x + slot * 0.15)}" y="${fixed(y(value))}" width="${fixed(slot * 0.7)}" height="${fixed(pad.top + plotH - y(value))}" fill="#005eb8"><title>${escapeHtml(`${b.label}: ${value}`)}</title></rect>`
          : '';
      return bar + tick;
    }),
  ].join('');
  return html`<div class="app-chart-wrapper app-chart-wrapper--outcomes">
    ${svg(id, title, describe(bars, ''), width, height, body)}
    ${bars.some((b) => b.value === '*') ? html`<p class="nhsuk-body-s app-muted">${SUPPRESSED_NOTE}</p>` : ''}
  </div>`;
}

/** One horizontal bar per item (outcome groups, delivery results, antibiotic rates); `unit` '%' scales to 100. */
export function barChart(id: string, title: string, bars: readonly Bar[], unit: '' | '%' = ''): SafeHtml {
  const width = 640;
  const row = 28;
  const pad = { left: 290, right: 64, top: 8, bottom: 8 };
  const height = pad.top + pad.bottom + row * bars.length;
  const plotW = width - pad.left - pad.right;
  const max = unit === '%' ? 100 : niceCeiling(Math.max(0, ...bars.map((b) => (typeof b.value === 'number' ? b.value : 0))));
  const body = bars
    .map((b, i) => {
      const top = pad.top + i * row;
      const label = `<text x="${pad.left - 8}" y="${fixed(top + row / 2 + 5)}" text-anchor="end" class="app-chart__label">${escapeHtml(b.label)}</text>`;
      if (typeof b.value !== 'number')
        return `${label}<text x="${pad.left + 4}" y="${fixed(top + row / 2 + 5)}" class="app-chart__tick">${b.value === '*' ? '*' : 'none'}</text>`;
      const w = (b.value / max) * plotW;
      return `${label}<rect x="${pad.left}" y="${fixed(top + 4)}" width="${fixed(Math.max(0, w))}" height="${row - 8}" fill="#005eb8"></rect><text x="${fixed(pad.left + w + 6)}" y="${fixed(top + row / 2 + 5)}" class="app-chart__tick">${b.value}${unit}</text>`;
    })
    .join('');
  return html`<div class="app-chart-wrapper app-chart-wrapper--outcomes">
    ${svg(id, title, describe(bars, unit), width, height, body)}
  </div>`;
}
