import { html, type SafeHtml } from '../http/html';
import type { AttemptSummary, EndpointSummary } from '../webhooks/webhook-view';
import { time } from './components';
import { formatDuration } from './format';

function statusTag(e: EndpointSummary): SafeHtml {
  if (e.status === 'disabled') return html`<strong class="nhsuk-tag nhsuk-tag--red">Disabled</strong>`;
  if (e.failuresInARow > 0) return html`<strong class="nhsuk-tag nhsuk-tag--orange">Failing</strong>`;
  return html`<strong class="nhsuk-tag nhsuk-tag--green">Enabled</strong>`;
}

function attemptRow(a: AttemptSummary): SafeHtml {
  return html`<tr class="nhsuk-table__row" data-outcome="${a.outcome}">
    <td class="nhsuk-table__cell app-nowrap">${time(a.at)}</td>
    <td class="nhsuk-table__cell">${a.eventType}</td>
    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${a.attempt}</td>
    <td class="nhsuk-table__cell">${a.outcome}</td>
    <td class="nhsuk-table__cell nhsuk-table__cell--numeric" data-testid="attempt-status">${a.status ?? ''}</td>
    <td class="nhsuk-table__cell">${a.error ?? ''}</td>
    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${formatDuration(a.durationMs)}</td>
    <td class="nhsuk-table__cell">${time(a.nextAttemptAt)}</td>
  </tr>`;
}

function endpointSection(e: EndpointSummary): SafeHtml {
  return html`<section class="app-webhook-endpoint" data-testid="webhook-endpoint" data-endpoint-id="${e.endpointId}" data-status="${e.status}">
    <h3 class="nhsuk-heading-s">${e.host} ${statusTag(e)}</h3>
    <p class="nhsuk-body-s">
      Endpoint <span class="app-mono">${e.endpointId}</span>, created ${time(e.createdAt)}. Events: ${e.eventTypes.join(', ')}.
      ${e.failuresInARow > 0 ? html`<br>${e.failuresInARow} failed attempts in a row since ${time(e.failingSince)}.` : ''}
      ${e.status === 'disabled' ? html`<br><strong>Disabled${e.disabledBy ? html` by ${e.disabledBy}` : ''} ${time(e.disabledAt)}:</strong> <span data-testid="disabled-reason">${e.disabledReason ?? ''}</span>` : ''}
    </p>
    ${
      e.recent.length === 0
        ? html`<p class="nhsuk-body-s app-muted">No delivery attempts yet.</p>`
        : html`<table class="nhsuk-table app-table--compact">
        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Recent attempts to ${e.host}</caption>
        <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
          <th class="nhsuk-table__header" scope="col">When</th>
          <th class="nhsuk-table__header" scope="col">Event</th>
          <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Try</th>
          <th class="nhsuk-table__header" scope="col">Outcome</th>
          <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">HTTP status</th>
          <th class="nhsuk-table__header" scope="col">Error</th>
          <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Duration</th>
          <th class="nhsuk-table__header" scope="col">Next try</th>
        </tr></thead>
        <tbody class="nhsuk-table__body">${e.recent.map(attemptRow)}</tbody>
      </table>`
    }
  </section>`;
}

/** Every pharmacy's webhook endpoints (host only) and their recent delivery attempts. */
export function webhooksPage(endpoints: readonly EndpointSummary[]): SafeHtml {
  const pharmacies = [...new Set(endpoints.map((e) => e.pharmacyOds))];
  return html`
  <h1 class="nhsuk-heading-l">Webhooks</h1>
  <p class="nhsuk-body">Pharmacy systems' webhook endpoints and the latest delivery attempts to each. Only the host of each URL is shown; pharmacies see the full details (and their servers' responses) through the API.</p>
  ${
    pharmacies.length === 0
      ? html`<p class="nhsuk-body" data-testid="webhooks-empty">No pharmacy has registered a webhook endpoint.</p>`
      : pharmacies.map(
          (ods) => html`<div data-testid="webhook-pharmacy" data-pharmacy="${ods}">
          <h2 class="nhsuk-heading-m">Pharmacy ${ods}</h2>
          ${endpoints.filter((e) => e.pharmacyOds === ods).map(endpointSection)}
        </div>`,
        )
  }`;
}
