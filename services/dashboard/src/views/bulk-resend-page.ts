import { RESENDABLE_STATES } from '@firstsync/consultation-lifecycle';
import type { ParsedFilter } from '../http/filter-params';
import { html, type SafeHtml } from '../http/html';
import { csrfField } from './components';
import { STATE_LABELS } from './format';

function describeFilter(values: ParsedFilter['values']): string {
  const parts: string[] = [];
  if (values.states.length > 0) parts.push(`state ${values.states.map((s) => STATE_LABELS[s]).join(' or ')}`);
  if (values.pharmacyOds) parts.push(`pharmacy ${values.pharmacyOds}`);
  if (values.practiceOds) parts.push(`practice ${values.practiceOds}`);
  if (values.service) parts.push(`service ${values.service}`);
  if (values.from) parts.push(`received from ${values.from}`);
  if (values.to) parts.push(`received to ${values.to}`);
  if (values.id) parts.push(`id starting ${values.id}`);
  return parts.length > 0 ? parts.join(', ') : 'no filter (all consultations)';
}

export function bulkResendPage(values: ParsedFilter['values'], count: number, token: string, csrfToken: string, backUrl: string): SafeHtml {
  const eligible = RESENDABLE_STATES.map((s) => STATE_LABELS[s].toLowerCase()).join(', ');
  if (count === 0) {
    return html`<h1 class="nhsuk-heading-l">Nothing to resend</h1>
      <p class="nhsuk-body">No consultation matching ${describeFilter(values)} is in a state that can be resent (${eligible}).</p>
      <a class="nhsuk-link" href="${backUrl}">Back to the list</a>`;
  }
  return html`
  <h1 class="nhsuk-heading-l" data-testid="bulk-count">Resend ${count} ${count === 1 ? 'consultation' : 'consultations'}?</h1>
  <div class="nhsuk-warning-callout">
    <h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>Check the count</span></h2>
    <p>You are about to ask the delivery service to resend <strong>${count}</strong> ${count === 1 ? 'consultation' : 'consultations'}: those matching ${describeFilter(values)} that are ${eligible}.
    Exactly these ${count} are sent in the command, even if more fail meanwhile.</p>
  </div>
  <form method="post" action="/resend-set">
    ${csrfField(csrfToken)}
    <input type="hidden" name="token" value="${token}">
    <input type="hidden" name="count" value="${count}">
    <div class="nhsuk-form-group">
      <label class="nhsuk-label" for="reason">Reason</label>
      <div class="nhsuk-hint" id="reason-hint">Recorded with the command, for example the incident or the fix that was made.</div>
      <input class="nhsuk-input" id="reason" name="reason" type="text" maxlength="1000" aria-describedby="reason-hint" autocomplete="off">
    </div>
    <button class="nhsuk-button nhsuk-button--warning" type="submit" data-testid="confirm-bulk">Resend ${count} ${count === 1 ? 'consultation' : 'consultations'}</button>
    <p class="nhsuk-body"><a class="nhsuk-link" href="${backUrl}">Cancel</a></p>
  </form>`;
}
