import type { GpMessage } from '@firstsync/contracts';
import { html, type SafeHtml } from '../http/html';
import { messageOutline } from '../messages/message-outline';
import { summaryList, time } from './components';

/**
 * The message to the GP practice. Every role sees what ops work needs: its identifiers, version,
 * build time and which resources it holds. The message itself (clinical free text, the patient's
 * details) is shown only after an operator's audited reveal.
 */
export function messageSection(message: GpMessage | undefined, revealed: boolean): SafeHtml {
  if (!message) {
    return html`<h2 class="nhsuk-heading-m">Message to the GP practice</h2>
      <p class="nhsuk-body" data-testid="message-absent">The dashboard does not hold a message for this consultation: none was built yet, or it is older than the messages kept in memory.</p>`;
  }
  const outline = messageOutline(message.bundle);
  return html`<h2 class="nhsuk-heading-m">Message to the GP practice</h2>
    ${summaryList([
      ['Message version', message.version],
      ['Built', time(message.builtAt)],
      ['Bundle identifier', html`<span class="app-mono">${message.identifiers.bundleIdentifier}</span>`],
      ['MessageHeader id', html`<span class="app-mono">${message.identifiers.messageHeaderId}</span>`],
      ['Document identifier', html`<span class="app-mono">${message.identifiers.documentIdentifier}</span>`],
      [
        'Resources',
        html`<span data-testid="message-outline">${outline.map((e, i) => html`${i > 0 ? ', ' : ''}${e.resourceType}${e.count > 1 ? html` &times; ${e.count}` : ''}`)}</span>`,
      ],
    ])}
    ${
      revealed
        ? html`<details class="nhsuk-details" data-testid="message" open>
          <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">The ITK3 message (FHIR STU3 JSON)</span></summary>
          <div class="nhsuk-details__text"><pre class="app-message" data-testid="message-json">${JSON.stringify(message.bundle, null, 2)}</pre></div>
        </details>`
        : html`<p class="nhsuk-body-s" data-testid="message-withheld">The message itself, with the clinical notes and the patient's details, is shown only after an operator reveals it; the reveal is recorded in the audit log.</p>`
    }`;
}
