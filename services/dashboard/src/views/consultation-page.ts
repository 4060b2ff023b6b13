import { isResendable } from '@firstsync/consultation-lifecycle';
import { CONSULTATION_WARNING_TITLES, type GpMessage, type PipelineEvent } from '@firstsync/contracts';
import { html, type SafeHtml } from '../http/html';
import { formatNhsNumber, type IdentityStatus, type PatientIdentity } from '../patient-identities';
import type { ConsultationDetail } from '../read-model/read-model';
import { csrfField, stateTag, summaryList, time } from './components';
import { formatDuration } from './format';
import { messageSection } from './message-section';

export interface RevealState {
  /** Present once an operator has revealed (and the reveal was recorded). */
  identity?: PatientIdentity | null;
  /** Why a revealed identity is null: the dashboard dropped it at its bound, or never read one. */
  identityStatus?: IdentityStatus;
  revealedBy?: string;
  revealedAt?: string;
}

function details(event: PipelineEvent): SafeHtml {
  const parts: SafeHtml[] = [];
  if (event.message) parts.push(html`<span class="app-timeline__message">${event.message}</span>`);
  if (event.actor || event.reason)
    parts.push(html`<span class="app-timeline__actor">${event.actor ? html`by ${event.actor}` : ''}${event.reason ? html`: ${event.reason}` : ''}</span>`);
  const extra = Object.entries(event.details ?? {}).filter(([, v]) => v !== null && v !== '');
  if (extra.length > 0) parts.push(html`<span class="app-timeline__details">${extra.map(([k, v], i) => html`${i > 0 ? ', ' : ''}${k}=${String(v)}`)}</span>`);
  return html`${parts}`;
}

const WARNING_TITLES: ReadonlyMap<string, string> = new Map(Object.entries(CONSULTATION_WARNING_TITLES));

/** The codes ingest returned in the 202 (docs/consultation-contract.md#plausibility-rules): accepted, but to be checked. */
function warningList(codes: readonly string[] = []): SafeHtml {
  if (codes.length === 0) return html`None`;
  return html`<ul class="nhsuk-list nhsuk-u-margin-bottom-0" data-testid="warnings">
    ${codes.map((code) => html`<li data-warning-code="${code}"><strong class="nhsuk-tag nhsuk-tag--yellow">${code}</strong> ${WARNING_TITLES.get(code) ?? ''}</li>`)}
  </ul>`;
}

function timeline(events: readonly PipelineEvent[]): SafeHtml {
  return html`<table class="nhsuk-table app-table--compact app-timeline" data-testid="timeline">
    <caption class="nhsuk-table__caption">Timeline: every stage and every attempt</caption>
    <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
      <th class="nhsuk-table__header" scope="col">When</th>
      <th class="nhsuk-table__header" scope="col">Event</th>
      <th class="nhsuk-table__header" scope="col">Source</th>
      <th class="nhsuk-table__header" scope="col">Transport</th>
      <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Attempt</th>
      <th class="nhsuk-table__header" scope="col">Outcome code</th>
      <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Duration</th>
      <th class="nhsuk-table__header" scope="col">Message</th>
    </tr></thead>
    <tbody class="nhsuk-table__body">
      ${events.map(
        (e) => html`<tr class="nhsuk-table__row" data-event-type="${e.type}">
          <td class="nhsuk-table__cell app-nowrap">${time(e.at)}</td>
          <td class="nhsuk-table__cell"><strong>${e.type}</strong></td>
          <td class="nhsuk-table__cell">${e.source}</td>
          <td class="nhsuk-table__cell">${e.transport ?? ''}</td>
          <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${e.attempt ?? ''}</td>
          <td class="nhsuk-table__cell">${e.code ? html`<span class="app-mono">${e.code}</span>` : ''}</td>
          <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${formatDuration(e.durationMs)}</td>
          <td class="nhsuk-table__cell">${details(e)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The parts of the detail page that live updates replace: state, actions and summary; timeline. */
export function consultationLive(detail: ConsultationDetail, canOperate: boolean, csrfToken: string): { summary: SafeHtml; timeline: SafeHtml } {
  return { summary: consultationSummary(detail, canOperate, csrfToken), timeline: timeline(detail.timeline) };
}

/** The fragment the detail page's script fetches when a live update names this consultation. */
export function consultationFragment(detail: ConsultationDetail, canOperate: boolean, csrfToken: string): SafeHtml {
  const parts = consultationLive(detail, canOperate, csrfToken);
  return html`<div data-part="summary">${parts.summary}</div><div data-part="timeline">${parts.timeline}</div>`;
}

function consultationSummary(detail: ConsultationDetail, canOperate: boolean, csrfToken: string): SafeHtml {
  const { view } = detail;
  const resendable = isResendable(view.state);
  return html`<div class="app-state-line">
      <span data-testid="consultation-state">${stateTag(view.state)}</span>
      ${view.resendRequested ? html`<strong class="nhsuk-tag nhsuk-tag--white" data-testid="resend-requested">Resend requested</strong>` : ''}
    </div>
    ${
      canOperate && resendable
        ? html`<div class="nhsuk-card app-action-card">
          <div class="nhsuk-card__content">
            <h2 class="nhsuk-card__heading nhsuk-heading-s">Resend this consultation</h2>
            <p class="nhsuk-body-s">Delivery sends the same message again (the GP system de-duplicates on its identifiers).</p>
            <form method="post" action="/consultations/${view.consultationId}/resend" data-enhance="resend" data-consultation-id="${view.consultationId}">
              ${csrfField(csrfToken)}
              <div class="nhsuk-form-group">
                <label class="nhsuk-label nhsuk-label--s" for="resend-reason">Reason (optional)</label>
                <input class="nhsuk-input" id="resend-reason" name="reason" type="text" maxlength="1000" autocomplete="off" placeholder="Operator resend from the dashboard">
              </div>
              <button class="nhsuk-button nhsuk-button--warning nhsuk-u-margin-bottom-0" type="submit" data-testid="resend">Resend</button>
            </form>
          </div>
        </div>`
        : ''
    }
    ${summaryList([
      ['Consultation id', html`<span class="app-mono">${view.consultationId}</span>`],
      ['Pharmacy ODS', view.pharmacyOds],
      ['Practice ODS', view.practiceOds ? html`<a href="/consultations?practiceOds=${view.practiceOds}">${view.practiceOds}</a>` : undefined],
      ['Service', view.service],
      ['Version', view.version],
      ['Correlation id', view.correlationId ? html`<span class="app-mono">${view.correlationId}</span>` : undefined],
      ['Received', time(view.receivedAt)],
      ['Warnings at ingest', warningList(view.warningCodes)],
      ['Delivered', time(view.deliveredAt)],
      ['Received to delivered', formatDuration(view.latencyMs)],
      ['Delivery attempts', view.attempts],
      ['Last transport', view.lastTransport],
      ['Last outcome', view.lastCode || view.lastMessage ? html`<span class="app-mono">${view.lastCode ?? ''}</span> ${view.lastMessage ?? ''}` : undefined],
    ])}`;
}

function identityCard(consultationId: string, canOperate: boolean, csrfToken: string, reveal: RevealState): SafeHtml {
  const revealed = reveal.identity !== undefined;
  const masked = html`<span class="app-masked">*** masked ***</span>`;
  const identity = reveal.identity ?? undefined;
  const absent =
    reveal.identityStatus === 'no-longer-held'
      ? html`<span data-testid="identity-no-longer-held">No longer held: the dashboard keeps the identifiers of its newest consultations only</span>`
      : html`Not known to the dashboard`;
  return html`<div class="nhsuk-card app-identity-card" data-testid="identity">
    <div class="nhsuk-card__content">
      <h2 class="nhsuk-card__heading nhsuk-heading-s">Patient identifiers</h2>
      ${summaryList([
        ['NHS number', revealed ? (identity ? html`<span data-testid="nhs-number">${formatNhsNumber(identity.nhsNumber)}</span>` : absent) : masked],
        ['Surname', revealed ? (identity ? identity.surname : absent) : masked],
      ])}
      ${
        revealed
          ? html`<p class="nhsuk-body-s" data-testid="reveal-notice">Revealed to ${reveal.revealedBy ?? ''} at ${time(reveal.revealedAt)}. This was recorded in the audit log. Reload the page to mask again.</p>`
          : canOperate
            ? html`<form method="post" action="/consultations/${consultationId}/reveal">
              ${csrfField(csrfToken)}
              <p class="nhsuk-body-s">Reveal shows the patient's identifiers and the message with its clinical notes. Only reveal when you need to speak to the practice or pharmacy about this patient. Your name and the time are recorded.</p>
              <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit" data-testid="reveal">Reveal</button>
            </form>`
            : html`<p class="nhsuk-body-s">Only operators can reveal the patient's identifiers and the clinical notes.</p>`
      }
    </div>
  </div>`;
}

export function consultationPage(detail: ConsultationDetail, canOperate: boolean, csrfToken: string, reveal: RevealState = {}, message?: GpMessage): SafeHtml {
  const id = detail.view.consultationId;
  const parts = consultationLive(detail, canOperate, csrfToken);
  return html`
  <a class="nhsuk-back-link app-back-link" href="/consultations">Back to consultations</a>
  <h1 class="nhsuk-heading-l"><span class="nhsuk-caption-l">Consultation</span><span class="app-mono app-heading-id">${id}</span></h1>
  <div class="nhsuk-grid-row">
    <div class="nhsuk-grid-column-two-thirds">
      <div data-live-part="summary" data-consultation-id="${id}">${parts.summary}</div>
    </div>
    <div class="nhsuk-grid-column-one-third">${identityCard(id, canOperate, csrfToken, reveal)}</div>
  </div>
  <div data-live-part="timeline">${parts.timeline}</div>
  ${messageSection(message, reveal.identity !== undefined)}`;
}
