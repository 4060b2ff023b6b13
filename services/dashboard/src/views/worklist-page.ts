import type { FollowUpReason } from '@firstsync/pharmacy-events';
import { html, type SafeHtml } from '../http/html';
import { formatNhsNumber } from '../patient-identities';
import { FOLLOW_UP_OUTCOMES } from '../worklist/follow-up-outcomes';
import type { WorklistItem } from '../worklist/worklist';
import { csrfField, summaryList, time } from './components';

const REASON_LABELS: Record<FollowUpReason, string> = {
  'patient-not-registered': 'Patient not registered at the practice',
  rejected: 'Rejected by the practice',
  'needs-attention': 'Needs attention',
  'fallback-sent': 'Fallback e-mail sent to the practice',
};

function followUpForm(item: WorklistItem, csrfToken: string): SafeHtml {
  const id = item.view.consultationId;
  return html`<form method="post" action="/worklist/${id}/follow-up" data-testid="follow-up-form">
    ${csrfField(csrfToken)}
    <input type="hidden" name="followUpEventId" value="${item.followUp.eventId}">
    <div class="nhsuk-form-group">
      <fieldset class="nhsuk-fieldset">
        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">What did you do?</legend>
        <div class="nhsuk-radios nhsuk-radios--small">
          ${Object.entries(FOLLOW_UP_OUTCOMES).map(
            ([code, label], i) => html`<div class="nhsuk-radios__item">
              <input class="nhsuk-radios__input" id="outcome-${id}-${code}" name="outcome" type="radio" value="${code}"${i === 0 ? html` checked` : ''}>
              <label class="nhsuk-label nhsuk-radios__label" for="outcome-${id}-${code}">${label}</label>
            </div>`,
          )}
        </div>
      </fieldset>
    </div>
    <button class="nhsuk-button nhsuk-button--secondary app-button--small" type="submit" data-testid="mark-followed-up">Mark as followed up</button>
  </form>`;
}

function itemCard(item: WorklistItem, csrfToken: string): SafeHtml {
  const { followUp, view, identity } = item;
  const patient = identity
    ? html`<span data-testid="patient-identity">NHS number ${formatNhsNumber(identity.nhsNumber)}, ${identity.surname}</span>`
    : html`<span class="app-muted">Not held by this dashboard: look it up by the consultation id in your system</span>`;
  return html`<div class="nhsuk-card" data-testid="worklist-item" data-consultation-id="${view.consultationId}" data-reason="${followUp.reason}">
    <div class="nhsuk-card__content">
      <h2 class="nhsuk-card__heading nhsuk-heading-m">${REASON_LABELS[followUp.reason]}</h2>
      <p class="nhsuk-body" data-testid="suggested-action"><strong>What to do:</strong> ${followUp.action}</p>
      ${summaryList([
        ['Patient', patient],
        ['Consultation', html`<span class="app-mono">${view.consultationId}</span> (version ${followUp.version})`],
        ['Practice', view.practiceOds],
        ['Since', time(followUp.since)],
        ['Code', followUp.code ? html`<span class="app-mono">${followUp.code}</span>${followUp.detail ? html`: ${followUp.detail}` : ''}` : followUp.detail],
      ])}
      ${followUpForm(item, csrfToken)}
    </div>
  </div>`;
}

/** A pharmacy's follow-up worklist: its consultations that need a person, with what to do. */
export function worklistPage(pharmacyOds: string, items: readonly WorklistItem[], csrfToken: string): SafeHtml {
  return html`
  <h1 class="nhsuk-heading-l">Follow-up worklist: pharmacy ${pharmacyOds}</h1>
  <p class="nhsuk-body">Consultations the GP practice rejected, could not match to a registered patient, received only as an NHSmail summary, or that could not be delivered. Oldest first. Marking one as followed up is recorded with your name.</p>
  ${
    items.length === 0
      ? html`<div class="nhsuk-inset-text" data-testid="worklist-empty"><p>Nothing to follow up.</p></div>`
      : html`<p class="nhsuk-body" data-testid="worklist-count">${items.length} to follow up.</p>${items.map((item) => itemCard(item, csrfToken))}`
  }`;
}
