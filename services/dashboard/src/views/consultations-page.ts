import { CONSULTATION_STATES, isResendable } from '@firstsync/consultation-lifecycle';
import { services } from '@firstsync/contracts';
import { filterQueryString, type ParsedFilter } from '../http/filter-params';
import { html, type SafeHtml } from '../http/html';
import type { ConsultationView } from '../read-model/derive-consultation';
import type { Page } from '../read-model/filter';
import { csrfField, errorSummary, pagination, stateTag, time } from './components';
import { STATE_LABELS } from './format';

function field(id: string, label: string, value: string, errors: Record<string, string>, attrs: SafeHtml = html``): SafeHtml {
  const error = errors[id];
  return html`<div class="nhsuk-form-group app-filter-field${error ? ' nhsuk-form-group--error' : ''}">
    <label class="nhsuk-label" for="${id}">${label}</label>
    ${error ? html`<span class="nhsuk-error-message" id="${id}-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${error}</span>` : ''}
    <input class="nhsuk-input${error ? ' nhsuk-input--error' : ''}" id="${id}" name="${id}" type="text" value="${value}" ${attrs}>
  </div>`;
}

function filterForm(parsed: ParsedFilter): SafeHtml {
  const { values, errors } = parsed;
  const selected = values.states[0] ?? '';
  return html`<form method="get" action="/consultations" class="app-filter" novalidate>
    <div class="app-filter__fields">
      <div class="nhsuk-form-group app-filter-field">
        <label class="nhsuk-label" for="state">State</label>
        <select class="nhsuk-select" id="state" name="state">
          <option value=""${selected === '' ? html` selected` : ''}>Any state</option>
          ${CONSULTATION_STATES.map((s) => html`<option value="${s}"${s === selected ? html` selected` : ''}>${STATE_LABELS[s]}</option>`)}
        </select>
      </div>
      ${field('pharmacyOds', 'Pharmacy ODS', values.pharmacyOds, errors, html`autocomplete="off" spellcheck="false"`)}
      ${field('practiceOds', 'Practice ODS', values.practiceOds, errors, html`autocomplete="off" spellcheck="false"`)}
      <div class="nhsuk-form-group app-filter-field">
        <label class="nhsuk-label" for="service">Service</label>
        <select class="nhsuk-select" id="service" name="service">
          <option value="">Any service</option>
          ${services.map((s) => html`<option value="${s}"${s === values.service ? html` selected` : ''}>${s}</option>`)}
        </select>
      </div>
      ${field('from', 'Received from', values.from, errors, html`type="date"`)}
      ${field('to', 'Received to', values.to, errors, html`type="date"`)}
      ${field('id', 'Consultation id', values.id, errors, html`autocomplete="off" spellcheck="false"`)}
    </div>
    <div class="app-filter__actions">
      <button class="nhsuk-button nhsuk-u-margin-bottom-0" type="submit" data-module="nhsuk-button">Apply filters</button>
      <a class="nhsuk-link app-filter__clear" href="/consultations">Clear filters</a>
    </div>
  </form>`;
}

export function resendButton(view: ConsultationView, csrfToken: string, compact: boolean): SafeHtml {
  return html`<form method="post" action="/consultations/${view.consultationId}/resend" class="app-inline-form" data-enhance="resend" data-consultation-id="${view.consultationId}">
    ${csrfField(csrfToken)}
    <button class="nhsuk-button ${compact ? 'nhsuk-button--secondary app-button--small' : 'nhsuk-button--warning'} nhsuk-u-margin-bottom-0" type="submit" data-testid="resend">Resend</button>
  </form>`;
}

export function consultationRow(view: ConsultationView, canOperate: boolean, csrfToken: string): SafeHtml {
  return html`<tr class="nhsuk-table__row" data-consultation-id="${view.consultationId}">
    <td class="nhsuk-table__cell"><a class="app-mono" href="/consultations/${view.consultationId}" title="${view.consultationId}">${view.consultationId.slice(0, 8)}</a></td>
    <td class="nhsuk-table__cell" data-cell="state">${stateTag(view.state)}${view.resendRequested ? html` <strong class="nhsuk-tag nhsuk-tag--white">Resend requested</strong>` : ''}</td>
    <td class="nhsuk-table__cell">${view.pharmacyOds ?? ''}</td>
    <td class="nhsuk-table__cell">${view.practiceOds ?? ''}</td>
    <td class="nhsuk-table__cell">${view.service ?? ''}</td>
    <td class="nhsuk-table__cell">${time(view.receivedAt)}</td>
    <td class="nhsuk-table__cell" data-cell="last">${time(view.lastEventAt)}</td>
    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${view.attempts}</td>
    ${canOperate ? html`<td class="nhsuk-table__cell" data-cell="action">${isResendable(view.state) ? resendButton(view, csrfToken, true) : ''}</td>` : ''}
  </tr>`;
}

export function consultationsPage(parsed: ParsedFilter, page: Page<ConsultationView>, canOperate: boolean, csrfToken: string): SafeHtml {
  const query = (extra: Record<string, string>) => filterQueryString(parsed.values, extra);
  const prev = page.page > 1 ? `/consultations${query({ page: String(page.page - 1) })}` : undefined;
  const next = page.page < page.pageCount ? `/consultations${query({ page: String(page.page + 1) })}` : undefined;
  const hasErrors = Object.keys(parsed.errors).length > 0;
  return html`
  <h1 class="nhsuk-heading-l">Consultations</h1>
  ${errorSummary(parsed.errors)}
  ${filterForm(parsed)}
  ${
    hasErrors
      ? ''
      : html`<div class="app-results-bar">
    <p class="nhsuk-body app-results-bar__count" data-testid="result-count"><strong>${page.total}</strong> ${page.total === 1 ? 'consultation' : 'consultations'} match${page.total === 1 ? 'es' : ''}</p>
    <ul class="nhsuk-list app-results-bar__actions">
      <li><a class="nhsuk-link" href="/consultations/export.csv${query({})}" download>Download CSV (no patient data)</a></li>
      ${canOperate ? html`<li><a class="nhsuk-link" href="/resend-set${query({})}">Resend the failed items among these</a></li>` : ''}
    </ul>
  </div>
  <table class="nhsuk-table app-table--compact" data-testid="consultations">
    <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Consultations, most recently active first</caption>
    <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
      <th class="nhsuk-table__header" scope="col">Consultation</th>
      <th class="nhsuk-table__header" scope="col">State</th>
      <th class="nhsuk-table__header" scope="col">Pharmacy</th>
      <th class="nhsuk-table__header" scope="col">Practice</th>
      <th class="nhsuk-table__header" scope="col">Service</th>
      <th class="nhsuk-table__header" scope="col">Received</th>
      <th class="nhsuk-table__header" scope="col">Last event</th>
      <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Attempts</th>
      ${canOperate ? html`<th class="nhsuk-table__header" scope="col"><span class="nhsuk-u-visually-hidden">Action</span></th>` : ''}
    </tr></thead>
    <tbody class="nhsuk-table__body">
      ${page.items.length === 0 ? html`<tr class="nhsuk-table__row"><td class="nhsuk-table__cell" colspan="9">No consultations match these filters.</td></tr>` : page.items.map((v) => consultationRow(v, canOperate, csrfToken))}
    </tbody>
  </table>
  <p class="nhsuk-body-s">Page ${page.page} of ${page.pageCount}</p>
  ${pagination(prev, `${page.page - 1} of ${page.pageCount}`, next, `${page.page + 1} of ${page.pageCount}`)}`
  }`;
}
