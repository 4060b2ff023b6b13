import type { GpMessage } from '@firstsync/contracts';
import { html, type SafeHtml } from '../http/html';
import { maskPatient } from '../messages/mask-patient';
import { summaryList, time } from './components';

/**
 * The message itself, as delivery sends it: its identifiers and the ITK3 Bundle as JSON, with the
 * patient's NHS number, names, birth date and address masked unless an operator revealed them.
 */
export function messageSection(message: GpMessage | undefined, revealed: boolean): SafeHtml {
  if (!message) {
    return html`<h2 class="nhsuk-heading-m">Message to the GP practice</h2>
      <p class="nhsuk-body" data-testid="message-absent">The dashboard does not hold a message for this consultation: none was built yet, or it is older than the messages kept in memory.</p>`;
  }
  const { nhsNumber, surname, birthDate } = message.meshRouting;
  const bundle = revealed ? message.bundle : maskPatient(message.bundle, [nhsNumber, surname, birthDate]);
  return html`<h2 class="nhsuk-heading-m">Message to the GP practice</h2>
    ${summaryList([
      ['Message version', message.version],
      ['Built', time(message.builtAt)],
      ['Bundle identifier', html`<span class="app-mono">${message.identifiers.bundleIdentifier}</span>`],
      ['MessageHeader id', html`<span class="app-mono">${message.identifiers.messageHeaderId}</span>`],
      ['Document identifier', html`<span class="app-mono">${message.identifiers.documentIdentifier}</span>`],
    ])}
    <details class="nhsuk-details" data-testid="message">
      <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">The ITK3 message (FHIR STU3 JSON)${revealed ? '' : ', patient identifiers masked'}</span></summary>
      <div class="nhsuk-details__text"><pre class="app-message" data-testid="message-json">${JSON.stringify(bundle, null, 2)}</pre></div>
    </details>`;
}
