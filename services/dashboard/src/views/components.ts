import { html, type SafeHtml } from '../http/html';
import { STATE_LABELS, type ConsultationState } from '../read-model/states';
import { formatInstant, STATE_TAG_COLOUR } from './format';

export function stateTag(state: ConsultationState): SafeHtml {
  return html`<strong class="nhsuk-tag nhsuk-tag--${STATE_TAG_COLOUR[state]}" data-state="${state}">${STATE_LABELS[state]}</strong>`;
}

export function time(iso: string | undefined): SafeHtml {
  return iso ? html`<time datetime="${iso}">${formatInstant(iso)}</time>` : html``;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

export function summaryList(rows: readonly [string, SafeHtml | string | number | undefined][]): SafeHtml {
  return html`<dl class="nhsuk-summary-list">
    ${rows.map(
      ([key, value]) => html`<div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">${key}</dt>
        <dd class="nhsuk-summary-list__value">${value === undefined || value === '' ? html`<span class="app-muted">Not known</span>` : value}</dd>
      </div>`,
    )}
  </dl>`;
}

export function errorSummary(errors: Record<string, string>): SafeHtml {
  const entries = Object.entries(errors);
  if (entries.length === 0) return html``;
  return html`<div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
    <h2 class="nhsuk-error-summary__title" id="error-summary-title">There is a problem</h2>
    <div class="nhsuk-error-summary__body">
      <ul class="nhsuk-list nhsuk-error-summary__list">
        ${entries.map(([field, message]) => html`<li><a href="#${field}">${message}</a></li>`)}
      </ul>
    </div>
  </div>`;
}

export function pagination(previousUrl: string | undefined, previousLabel: string, nextUrl: string | undefined, nextLabel: string): SafeHtml {
  if (!previousUrl && !nextUrl) return html``;
  return html`<nav class="nhsuk-pagination" role="navigation" aria-label="Pagination">
    <ul class="nhsuk-list nhsuk-pagination__list">
      ${previousUrl
        ? html`<li class="nhsuk-pagination-item--previous">
            <a class="nhsuk-pagination__link nhsuk-pagination__link--prev" href="${previousUrl}">
              <span class="nhsuk-pagination__title">Previous</span><span class="nhsuk-u-visually-hidden">:</span>
              <span class="nhsuk-pagination__page">${previousLabel}</span>
              <svg class="nhsuk-icon nhsuk-icon__arrow-left" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true" width="34" height="34"><path d="M4.1 12.3l2.7 3c.2.2.5.2.7 0 .1-.1.1-.2.1-.3v-2h11c.6 0 1-.4 1-1s-.4-1-1-1h-11V9c0-.2-.1-.4-.3-.5h-.2c-.1 0-.3.1-.4.2l-2.7 3c0 .2 0 .4.1.6z"></path></svg>
            </a>
          </li>`
        : ''}
      ${nextUrl
        ? html`<li class="nhsuk-pagination-item--next">
            <a class="nhsuk-pagination__link nhsuk-pagination__link--next" href="${nextUrl}">
              <span class="nhsuk-pagination__title">Next</span><span class="nhsuk-u-visually-hidden">:</span>
              <span class="nhsuk-pagination__page">${nextLabel}</span>
              <svg class="nhsuk-icon nhsuk-icon__arrow-right" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true" width="34" height="34"><path d="M19.6 11.66l-2.73-3A.51.51 0 0 0 16 9v2H5a1 1 0 0 0 0 2h11v2a.5.5 0 0 0 .32.46.39.39 0 0 0 .18 0 .52.52 0 0 0 .37-.16l2.73-3a.5.5 0 0 0 0-.64z"></path></svg>
            </a>
          </li>`
        : ''}
    </ul>
  </nav>`;
}
