import { escapeHtml, simplePage } from '../html/simple-page';
import type { PharmacySystems, ReceivedWebhook } from './pharmacy-systems';

/** Events shown per pharmacy on the page; the JSON API has every kept one. */
const SHOWN_PER_PHARMACY = 50;

function eventRow(entry: ReceivedWebhook): string {
  const { event } = entry;
  const problem = entry.wrongPharmacy ? ' <span class="tag tag-bad">another pharmacy\'s event</span>' : '';
  return `<tr data-webhook-id="${escapeHtml(entry.webhookId)}" data-type="${escapeHtml(event.type)}">
  <td>${escapeHtml(entry.receivedAt.slice(0, 19).replace('T', ' '))}</td>
  <td><strong>${escapeHtml(event.type)}</strong>${problem}<br>state ${escapeHtml(event.data.state)}${event.data.code ? `, code ${escapeHtml(event.data.code)}` : ''}</td>
  <td>${escapeHtml(event.data.consultationId)}<br>version ${escapeHtml(event.data.version)}${event.data.practiceOds ? `, practice ${escapeHtml(event.data.practiceOds)}` : ''}</td>
  <td>${escapeHtml(event.data.reason ?? '')}</td>
  <td>${escapeHtml(entry.webhookId)}<br>${entry.deliveries} deliver${entry.deliveries === 1 ? 'y' : 'ies'}, secret #${entry.verifiedWith}</td>
</tr>`;
}

function pharmacySection(systems: PharmacySystems, ods: string): string {
  const view = systems.inspect(ods);
  const c = view.counts;
  const shown = view.events.slice(-SHOWN_PER_PHARMACY).reverse();
  const table =
    shown.length === 0
      ? '<p class="empty">No events received yet.</p>'
      : `<table><thead><tr><th>Received</th><th>Event</th><th>Consultation</th><th>Reason</th><th>Webhook</th></tr></thead><tbody>${shown.map(eventRow).join('\n')}</tbody></table>`;
  return `<section data-pharmacy="${escapeHtml(view.pharmacyOds)}">
<h2>Pharmacy ${escapeHtml(view.pharmacyOds)}</h2>
<p class="counts">${c.received} received, ${c.duplicates} duplicates, ${c.invalidSignature} invalid signatures, ${c.malformed} malformed, ${c.wrongPharmacy} for another pharmacy, ${c.failedOnPurpose + c.hung} failed on purpose (behaviour ${escapeHtml(view.behaviour.mode)}); ${view.secrets} secret(s) set.</p>
${table}
</section>`;
}

/** Every simulated pharmacy system with the webhooks it received, newest first. */
export function renderPharmacySystemsPage(systems: PharmacySystems): string {
  const pharmacies = systems.pharmacies();
  const content =
    pharmacies.length === 0
      ? '<p class="empty">No pharmacy system configured or called yet.</p>'
      : pharmacies.map((ods) => pharmacySection(systems, ods)).join('\n');
  return simplePage('Simulated pharmacy systems', 'Simulated pharmacy systems', 'Webhooks received and verified (Standard Webhooks)', content);
}
