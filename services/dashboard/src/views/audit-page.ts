import { html, type SafeHtml } from '../http/html';
import type { AuditEntry } from '../read-model/audit';
import { time } from './components';

const DESCRIPTIONS: Record<string, string> = {
  resend: 'Resend requested',
  'resend-set': 'Bulk resend requested',
  'hold-practice': 'Practice hold requested',
  'release-practice': 'Practice release requested',
  'resend-requested': 'Delivery accepted a resend',
  'practice-held': 'Delivery held a practice',
  'practice-released': 'Delivery released a practice',
  'command-rejected': 'Delivery rejected a command',
  revealed: 'Patient identifiers revealed',
  'followed-up': 'Pharmacy followed up a worklist item',
  exported: 'Outcome figures exported',
};

function subject(entry: AuditEntry): SafeHtml {
  if (entry.consultationId) return html`<a class="app-mono" href="/consultations/${entry.consultationId}">${entry.consultationId.slice(0, 8)}</a>`;
  if (entry.consultationCount !== undefined) return html`${entry.consultationCount} consultations`;
  if (entry.practiceOds) return html`Practice ${entry.practiceOds}`;
  return html``;
}

export function auditPage(entries: readonly AuditEntry[]): SafeHtml {
  return html`
  <h1 class="nhsuk-heading-l">Audit log</h1>
  <p class="nhsuk-body">Every operator command (as published on <code>ops.commands.v1</code>), what the delivery service did with it, every reveal of patient identifiers, every worklist follow-up by pharmacy staff and every export of outcome figures (who, which area and period, which format). Newest first.</p>
  <table class="nhsuk-table app-table--compact" data-testid="audit">
    <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Audit log</caption>
    <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
      <th class="nhsuk-table__header" scope="col">When</th>
      <th class="nhsuk-table__header" scope="col">What</th>
      <th class="nhsuk-table__header" scope="col">Who</th>
      <th class="nhsuk-table__header" scope="col">Subject</th>
      <th class="nhsuk-table__header" scope="col">Reason or message</th>
      <th class="nhsuk-table__header" scope="col">Outcome</th>
    </tr></thead>
    <tbody class="nhsuk-table__body">
      ${entries.length === 0 ? html`<tr class="nhsuk-table__row"><td class="nhsuk-table__cell" colspan="6">Nothing recorded yet.</td></tr>` : ''}
      ${entries.map(
        (e) => html`<tr class="nhsuk-table__row" data-audit-type="${e.type}">
          <td class="nhsuk-table__cell app-nowrap">${time(e.at)}</td>
          <td class="nhsuk-table__cell">${DESCRIPTIONS[e.type] ?? e.type}<br><span class="nhsuk-body-s app-mono">${e.kind === 'command' ? `command ${e.type}` : `event ${e.type}`}</span></td>
          <td class="nhsuk-table__cell">${e.actor ?? ''}</td>
          <td class="nhsuk-table__cell">${subject(e)}</td>
          <td class="nhsuk-table__cell">${e.reason ?? ''}${e.message ? html`<br>${e.code ? html`<span class="app-mono">${e.code}</span> ` : ''}${e.message}` : ''}</td>
          <td class="nhsuk-table__cell">${e.kind === 'command' ? (e.outcomes && e.outcomes.length > 0 ? e.outcomes.join(', ') : html`<span class="app-muted">No outcome reported yet</span>`) : ''}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
