import { ATTENTION_STATES, CONSULTATION_STATES, type ConsultationState } from '@firstsync/consultation-lifecycle';
import { html, type SafeHtml } from '../http/html';
import type { ConsultationView } from '../read-model/derive-consultation';
import type { MinuteBucket } from '../read-model/metrics';
import type { PracticeHealth } from '../read-model/practice-health';
import type { StateCounts } from '../read-model/read-model';
import { throughputChart } from './chart';
import { stateTag, time } from './components';
import { STATE_LABELS, STATE_TAG_COLOUR } from './format';

function countCard(state: ConsultationState, count: number): SafeHtml {
  return html`<li class="app-count app-count--${STATE_TAG_COLOUR[state]}${ATTENTION_STATES.includes(state) ? ' app-count--attention' : ''}">
    <a class="app-count__link" href="/consultations?state=${state}">
      <span class="app-count__number" data-count="${state}">${count}</span>
      <span class="app-count__label">${STATE_LABELS[state]}</span>
    </a>
  </li>`;
}

export function recentRow(view: ConsultationView): SafeHtml {
  return html`<tr class="nhsuk-table__row" data-consultation-id="${view.consultationId}">
    <td class="nhsuk-table__cell"><a class="app-mono" href="/consultations/${view.consultationId}">${view.consultationId.slice(0, 8)}</a></td>
    <td class="nhsuk-table__cell" data-cell="state">${stateTag(view.state)}</td>
    <td class="nhsuk-table__cell">${view.practiceOds ?? ''}</td>
    <td class="nhsuk-table__cell" data-cell="last">${time(view.lastEventAt)}</td>
  </tr>`;
}

export function practiceAttention(practices: readonly PracticeHealth[]): SafeHtml {
  const troubled = practices.filter((p) => p.held || p.circuit === 'open' || p.circuit === 'half-open' || p.failures > 0 || p.parked > 0).slice(0, 8);
  if (troubled.length === 0) return html`<p class="nhsuk-body-s">No practice has failures, parked items, a hold or an open circuit.</p>`;
  return html`<ul class="nhsuk-list app-practice-attention">
    ${troubled.map(
      (p) => html`<li><a href="/consultations?practiceOds=${p.practiceOds}">${p.practiceOds}</a>:
        ${p.failures} failing, ${p.parked} parked${p.held ? html` <strong class="nhsuk-tag nhsuk-tag--orange">Held</strong>` : ''}${p.circuit && p.circuit !== 'closed' ? html` <strong class="nhsuk-tag nhsuk-tag--red">Circuit ${p.circuit}</strong>` : ''}</li>`,
    )}
  </ul>`;
}

export function overviewPage(
  counts: StateCounts,
  buckets: readonly MinuteBucket[],
  recent: readonly ConsultationView[],
  practices: readonly PracticeHealth[],
): SafeHtml {
  const attention = ATTENTION_STATES.reduce((n, s) => n + counts[s], 0);
  return html`
  <h1 class="nhsuk-heading-l">Delivery overview</h1>
  <p class="nhsuk-lede-text app-lede">
    Consultations known: <span data-count="total">${counts.total}</span>.
    Needing attention: <span data-attention-total>${attention}</span>. Figures update live.
  </p>
  <h2 class="nhsuk-heading-m">Consultations by state</h2>
  <ul class="app-counts nhsuk-list" data-testid="state-counts">
    ${CONSULTATION_STATES.map((state) => countCard(state, counts[state]))}
  </ul>
  <h2 class="nhsuk-heading-m">Throughput and latency, last hour</h2>
  <div data-chart-region>${throughputChart(buckets)}</div>
  <div class="nhsuk-grid-row">
    <div class="nhsuk-grid-column-two-thirds">
      <h2 class="nhsuk-heading-m">Recently changed</h2>
      <table class="nhsuk-table app-table--compact" data-recent>
        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Consultations changed most recently</caption>
        <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
          <th class="nhsuk-table__header" scope="col">Consultation</th>
          <th class="nhsuk-table__header" scope="col">State</th>
          <th class="nhsuk-table__header" scope="col">Practice</th>
          <th class="nhsuk-table__header" scope="col">Last event</th>
        </tr></thead>
        <tbody class="nhsuk-table__body" data-recent-body>${recent.map(recentRow)}</tbody>
      </table>
    </div>
    <div class="nhsuk-grid-column-one-third">
      <h2 class="nhsuk-heading-m">Practices needing attention</h2>
      ${practiceAttention(practices)}
      <p class="nhsuk-body-s"><a href="/practices">All practices</a></p>
    </div>
  </div>`;
}
