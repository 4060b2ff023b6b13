import type { ConsultationState } from '@firstsync/consultation-lifecycle';
import { html, type SafeHtml } from '../http/html';
import { formatInstant, STATE_LABELS, STATE_TAG_COLOUR } from './format';

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
      ${
        previousUrl
          ? html`<li class="nhsuk-pagination-item--previous">
            <a class="nhsuk-pagination__link nhsuk-pagination__link--prev" href="${previousUrl}">
              <span class="nhsuk-pagination__title">Previous</span><span class="nhsuk-u-visually-hidden">:</span>
              <span class="nhsuk-pagination__page">${previousLabel}</span>
              <svg class="nhsuk-icon nhsuk-icon--arrow-left" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true"><path d="M10.7 6.3c.4.4.4 1 0 1.4L7.4 11H19a1 1 0 0 1 0 2H7.4l3.3 3.3c.4.4.4 1 0 1.4a1 1 0 0 1-1.4 0l-5-5A1 1 0 0 1 4 12c0-.3.1-.5.3-.7l5-5a1 1 0 0 1 1.4 0Z"></path></svg>
            </a>
          </li>`
          : ''
      }
      ${
        nextUrl
          ? html`<li class="nhsuk-pagination-item--next">
            <a class="nhsuk-pagination__link nhsuk-pagination__link--next" href="${nextUrl}">
              <span class="nhsuk-pagination__title">Next</span><span class="nhsuk-u-visually-hidden">:</span>
              <span class="nhsuk-pagination__page">${nextLabel}</span>
              <svg class="nhsuk-icon nhsuk-icon--arrow-right" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true"><path d="m14.7 6.3 5 5c.2.2.3.4.3.7 0 .3-.1.5-.3.7l-5 5a1 1 0 0 1-1.4-1.4l3.3-3.3H5a1 1 0 0 1 0-2h11.6l-3.3-3.3a1 1 0 1 1 1.4-1.4Z"></path></svg>
            </a>
          </li>`
          : ''
      }
    </ul>
  </nav>`;
}
